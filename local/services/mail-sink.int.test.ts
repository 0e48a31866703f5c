import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../lib/service';
import { startMailSink } from './mail-sink';

interface Listed {
  id: string;
  To: string;
  Subject: string;
  HtmlBody?: string;
  Tag?: string;
  Metadata?: Record<string, string>;
  Attachments: { Name: string; ContentType: string; ContentLength: number; url: string }[];
}

const TOKEN = { 'X-Postmark-Server-Token': 'local-postmark-token' };

function send(
  base: string,
  body: unknown,
  headers: Record<string, string> = TOKEN,
  path = '/email',
): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const pdf = Buffer.from('%PDF-1.7\n% certificate\n');
const message = {
  From: 'SOINS+ <no-reply@soins.example>',
  To: 'Ana Peeters <ana@example.be>',
  Subject: 'Votre certificat',
  HtmlBody: '<p>Bonjour <strong>Ana</strong></p><script>alert(1)</script>',
  TextBody: 'Bonjour Ana',
  Tag: 'certificate',
  MessageStream: 'outbound',
  Metadata: { userId: 'u1' },
  Attachments: [{ Name: 'certificat.pdf', Content: pdf.toString('base64'), ContentType: 'application/pdf' }],
};

describe('mail sink (shared instance)', () => {
  const { mailSinkUrl: base } = inject('emulators');

  beforeEach(async () => {
    expect((await fetch(`${base}/api/messages`, { method: 'DELETE' })).status).toBe(200);
  });

  it('rejects a request without a server token with 401', async () => {
    const res = await send(base, message, {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ErrorCode: 10 });
  });

  it('rejects invalid input with 422 and a Postmark error code', async () => {
    const cases: unknown[] = [
      { ...message, From: undefined },
      { ...message, To: 'not-an-address' },
      { ...message, HtmlBody: undefined, TextBody: undefined },
      { ...message, Attachments: [{ Name: 'x.pdf', Content: '***', ContentType: 'application/pdf' }] },
      'just a string',
    ];
    for (const body of cases) {
      const res = await send(base, body);
      expect(res.status).toBe(422);
      const json = (await res.json()) as { ErrorCode: number; Message: string };
      expect(json.ErrorCode).toBe(300);
      expect(json.Message.length).toBeGreaterThan(0);
    }
    const broken = await fetch(`${base}/email`, { method: 'POST', headers: TOKEN, body: '{not json' });
    expect(broken.status).toBe(422);
    expect(await broken.json()).toMatchObject({ ErrorCode: 402 });
    expect(await (await fetch(`${base}/api/messages`)).json()).toEqual([]);
  });

  it('accepts a message like Postmark and lists it with its attachment', async () => {
    const res = await send(base, message);
    expect(res.status).toBe(200);
    const reply = (await res.json()) as Record<string, unknown>;
    expect(reply).toMatchObject({ To: message.To, ErrorCode: 0, Message: 'OK' });
    expect(reply.MessageID).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(String(reply.SubmittedAt)))).toBe(false);

    await send(base, { ...message, To: 'bert@example.be', Subject: 'Autre', Attachments: [] });
    const all = (await (await fetch(`${base}/api/messages`)).json()) as Listed[];
    expect(all.map((m) => m.Subject)).toEqual(['Autre', 'Votre certificat']); // newest first

    const forAna = (await (await fetch(`${base}/api/messages?to=ANA@example.be`)).json()) as Listed[];
    expect(forAna).toHaveLength(1);
    // Per server token: what one sender (a test stack) sent, not another's mail to the same person.
    await send(base, { ...message, Attachments: [] }, { 'X-Postmark-Server-Token': 'other-stack' });
    const mine = await fetch(`${base}/api/messages?to=ana@example.be&server=local-postmark-token`);
    expect(((await mine.json()) as Listed[]).map((m) => m.id)).toEqual([reply.MessageID]);
    const theirs = await fetch(`${base}/api/messages?to=ana@example.be&server=other-stack`);
    expect((await theirs.json()) as Listed[]).toHaveLength(1);
    const [ana] = forAna;
    expect(ana?.id).toBe(reply.MessageID);
    expect(ana?.Metadata).toEqual({ userId: 'u1' });
    expect(ana?.Attachments[0]).toMatchObject({
      Name: 'certificat.pdf',
      ContentType: 'application/pdf',
      ContentLength: pdf.length,
    });

    const download = await fetch(ana?.Attachments[0]?.url ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('accepts a batch and reports per-message results', async () => {
    const res = await send(base, [message, { ...message, To: 'nope' }], TOKEN, '/email/batch');
    expect(res.status).toBe(200);
    const results = (await res.json()) as { ErrorCode: number }[];
    expect(results.map((r) => r.ErrorCode)).toEqual([0, 300]);
  });

  it('shows an escaped outbox and message page with the HTML body sandboxed', async () => {
    await send(base, { ...message, Subject: '<img src=x onerror=alert(1)> "quoted"' });
    const outbox = await fetch(`${base}/`);
    expect(outbox.headers.get('content-type')).toContain('text/html');
    expect(outbox.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await outbox.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;');
    expect(page).not.toContain('<img src=x');

    const [listed] = (await (await fetch(`${base}/api/messages`)).json()) as Listed[];
    const detail = await (await fetch(`${base}/messages/${listed?.id ?? ''}`)).text();
    expect(detail).toContain('<iframe sandbox=""');
    expect(detail).toContain(
      'srcdoc="&lt;p&gt;Bonjour &lt;strong&gt;Ana&lt;/strong&gt;&lt;/p&gt;&lt;script&gt;',
    );
    expect(detail).not.toContain('<script>');
    expect(detail).toContain(`/messages/${listed?.id ?? ''}/attachments/0`);
    const viaApi = await fetch(`${base}/api/messages/${listed?.id ?? ''}/attachments/0`);
    const viaPage = await fetch(`${base}/messages/${listed?.id ?? ''}/attachments/0`);
    expect(viaApi.status).toBe(200);
    expect(Buffer.from(await viaApi.arrayBuffer())).toEqual(Buffer.from(await viaPage.arrayBuffer()));
    expect((await fetch(`${base}/messages/unknown-id`)).status).toBe(404);
  });
});

describe('mail sink persistence (own instance)', () => {
  it('keeps messages across a restart and requires the configured token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'soins-mail-it-'));
    try {
      const port = await findFreePort();
      let sink = await startMailSink({ port, dataDir, serverToken: 'secret-token' });
      expect((await send(sink.url, message, { 'X-Postmark-Server-Token': 'wrong' })).status).toBe(401);
      expect((await send(sink.url, message, { 'X-Postmark-Server-Token': 'secret-token' })).status).toBe(200);
      await sink.stop();
      sink = await startMailSink({ port, dataDir });
      expect(sink.messages().map((m) => m.Subject)).toEqual(['Votre certificat']);
      await sink.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
