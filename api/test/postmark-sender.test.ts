import { describe, expect, it } from 'vitest';
import { PostmarkEmailSender } from '../src/adapters/email/postmark-sender';
import { EmailProviderError, type OutboundEmail } from '../src/domain/email/ports';

const email: OutboundEmail = {
  to: 'jan@example.be',
  subject: 'Welkom bij SOINS+',
  html: '<p>Hallo</p>',
  text: 'Hallo',
  tag: 'welcome',
  messageStream: 'outbound',
  metadata: { idempotencyKey: 'welcome:u_1', template: 'welcome' },
};

interface Call {
  url: string;
  init: RequestInit;
}

function senderAnswering(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const sender = new PostmarkEmailSender({
    apiUrl: 'https://pm.test/',
    serverToken: 'server-token',
    from: 'SOINS+ <no-reply@soins.test>',
    fetch: (input, init) => {
      const call = { url: input instanceof Request ? input.url : String(input), init: init ?? {} };
      calls.push(call);
      return Promise.resolve(answer(call));
    },
  });
  return { sender, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failureOf(promise: Promise<unknown>): Promise<EmailProviderError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EmailProviderError))
    throw new Error(`expected EmailProviderError, got ${String(error)}`);
  return error;
}

describe('PostmarkEmailSender.send', () => {
  it('passes custom headers as Postmark’s Headers [{Name, Value}] (RFC 8058 List-Unsubscribe)', async () => {
    const { sender, calls } = senderAnswering(() => json(200, { MessageID: 'm-1', ErrorCode: 0 }));
    await sender.send({
      ...email,
      headers: [
        { name: 'List-Unsubscribe', value: '<https://app.test/api/reminders/unsubscribe?token=t>' },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ],
    });
    expect((JSON.parse(calls[0]?.init.body as string) as { Headers?: unknown }).Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: '<https://app.test/api/reminders/unsubscribe?token=t>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('posts Postmark’s JSON with the server token and returns the MessageID', async () => {
    const { sender, calls } = senderAnswering(() =>
      json(200, {
        To: 'jan@example.be',
        SubmittedAt: 'x',
        MessageID: 'abc-123',
        ErrorCode: 0,
        Message: 'OK',
      }),
    );
    expect(await sender.send(email)).toEqual({ messageId: 'abc-123' });
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call?.url).toBe('https://pm.test/email');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toMatchObject({
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'X-Postmark-Server-Token': 'server-token',
    });
    expect(JSON.parse(call?.init.body as string)).toEqual({
      From: 'SOINS+ <no-reply@soins.test>',
      To: 'jan@example.be',
      Subject: 'Welkom bij SOINS+',
      HtmlBody: '<p>Hallo</p>',
      TextBody: 'Hallo',
      Tag: 'welcome',
      MessageStream: 'outbound',
      Metadata: { idempotencyKey: 'welcome:u_1', template: 'welcome' },
      TrackOpens: false,
      TrackLinks: 'None',
    });
  });

  const cases: [string, () => Response, string, number | undefined][] = [
    [
      '422 invalid request (300)',
      () => json(422, { ErrorCode: 300, Message: "Invalid 'To' address: 'jan@example'" }),
      'rejected',
      300,
    ],
    [
      '422 inactive recipient (406)',
      () => json(422, { ErrorCode: 406, Message: 'inactive' }),
      'rejected',
      406,
    ],
    ['401 bad token (10)', () => json(401, { ErrorCode: 10, Message: 'bad token' }), 'configuration', 10],
    [
      '422 sender signature not found (400)',
      () => json(422, { ErrorCode: 400, Message: 'x' }),
      'configuration',
      400,
    ],
    ['429 rate limited', () => json(429, { ErrorCode: 429, Message: 'slow down' }), 'unavailable', 429],
    ['500 with an HTML body', () => new Response('<h1>oops</h1>', { status: 500 }), 'unavailable', undefined],
    ['503', () => json(503, {}), 'unavailable', undefined],
    ['200 with an unreadable body', () => new Response('not json', { status: 200 }), 'unknown', undefined],
  ];
  for (const [label, answer, kind, errorCode] of cases) {
    it(`maps ${label} to ${kind}`, async () => {
      const { sender } = senderAnswering(answer);
      const error = await failureOf(sender.send(email));
      expect(error.kind).toBe(kind);
      expect(error.detail.errorCode).toBe(errorCode);
      expect(error.message).not.toContain('@'); // Postmark's text can quote the address: never kept
    });
  }

  it('maps a network failure to unknown (the provider may have taken the message)', async () => {
    const sender = new PostmarkEmailSender({
      apiUrl: 'https://pm.test',
      serverToken: 't',
      from: 'a@soins.test',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect((await failureOf(sender.send(email))).kind).toBe('unknown');
  });

  it('maps a timeout to unknown', async () => {
    const sender = new PostmarkEmailSender({
      apiUrl: 'https://pm.test',
      serverToken: 't',
      from: 'a@soins.test',
      timeoutMs: 20,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(new DOMException('timed out', 'TimeoutError'));
          });
        }),
    });
    expect((await failureOf(sender.send(email))).kind).toBe('unknown');
  });
});

describe('PostmarkEmailSender.findByMetadata', () => {
  it('searches outbound messages by metadata in the stream and returns the first MessageID', async () => {
    const { sender, calls } = senderAnswering(() =>
      json(200, { TotalCount: 1, Messages: [{ MessageID: 'abc-123', Status: 'Sent' }] }),
    );
    expect(await sender.findByMetadata('idempotencyKey', 'stripe:evt_1:payment_failed', 'outbound')).toEqual({
      messageId: 'abc-123',
    });
    const url = new URL(calls[0]?.url ?? '');
    expect(url.pathname).toBe('/messages/outbound');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      count: '1',
      offset: '0',
      messagestream: 'outbound',
      metadata_idempotencyKey: 'stripe:evt_1:payment_failed',
    });
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.headers).toMatchObject({ 'X-Postmark-Server-Token': 'server-token' });
  });

  it('returns undefined when nothing matches', async () => {
    const { sender } = senderAnswering(() => json(200, { TotalCount: 0, Messages: [] }));
    expect(await sender.findByMetadata('idempotencyKey', 'k', 'outbound')).toBeUndefined();
  });

  it('throws rather than answering "not found" when the search fails', async () => {
    const { sender } = senderAnswering(() => json(500, {}));
    expect((await failureOf(sender.findByMetadata('idempotencyKey', 'k', 'outbound'))).kind).toBe(
      'unavailable',
    );
    const garbled = senderAnswering(() => json(200, { nope: true }));
    expect((await failureOf(garbled.sender.findByMetadata('idempotencyKey', 'k', 'outbound'))).kind).toBe(
      'unavailable',
    );
  });
});
