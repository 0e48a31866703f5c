// The certificate's document definition (pure) and a real render checked with pdftotext (poppler).
import type { EmailMessage } from '@soins/shared';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { isPrintableName } from '@soins/shared';
import { certificateDocument, holderNameSize } from '../src/adapters/pdf/certificate-document';
import { fontCovers } from '../src/adapters/pdf/engine';
import { PdfmakeCertificateRenderer } from '../src/adapters/pdf/pdfmake-renderer';
import type { CertificatePrint } from '../src/domain/certificates/ports';
import { PostmarkEmailSender } from '../src/adapters/email/postmark-sender';
import { DeliverEmail } from '../src/domain/email/deliver-email';
import { renderEmail } from '../src/domain/email/render';
import { FakeEmailSender, ManualClock, MemoryIdempotencyStore } from './fakes/email-fakes';

const code = 'K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4';
const print: CertificatePrint = {
  language: 'fr',
  holderName: 'Marie Dubois',
  inami: '1-23456-78-901',
  trainingTitle: 'Soins des plaies chroniques',
  hours: 1.5,
  organiser: 'SOINS+ asbl',
  completedAt: '2026-11-20T10:00:00Z',
  issuedAt: '2026-11-20T10:00:05Z',
  verificationCode: code,
  verifyUrl: `https://app.soins.test/verify/${code}`,
};

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-pdf-'));
  try {
    const file = join(dir, 'certificate.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const texts = (node: unknown): string[] => {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === 'object') return Object.values(node).flatMap(texts);
  return [];
};

describe('certificate document definition', () => {
  it('is A4 and states learner, INAMI, training, hours, dates, organiser, code and a QR code', () => {
    const doc = certificateDocument(print);
    expect(doc).toMatchObject({ pageSize: 'A4', language: 'fr-BE' });
    const all = texts(doc.content).join('\n');
    for (const expected of [
      'Attestation de formation continue',
      'Marie Dubois',
      'Numéro INAMI : 1-23456-78-901',
      'Soins des plaies chroniques',
      '1,5 h',
      '20 novembre 2026',
      'SOINS+ asbl',
      'K7Q2-M4XR-B5TZ-3WNH-J6PC-VD2G-FL7Y-SAE4',
    ]) {
      expect(all).toContain(expected);
    }
    expect(JSON.stringify(doc.content)).toContain(`"qr":"https://app.soins.test/verify/${code}"`);
  });

  it('speaks Dutch for nl and leaves the INAMI line out when absent', () => {
    const { inami: _inami, ...withoutInami } = print;
    const all = texts(certificateDocument({ ...withoutInami, language: 'nl' }).content).join('\n');
    expect(all).toContain('Attest van permanente vorming');
    expect(all).toContain('1,5 uur');
    expect(all).toContain('20 november 2026');
    expect(all).not.toContain('RIZIV');
  });
});

describe('pdfmake renderer', () => {
  it('renders a PDF whose text holds the name, training, hours and code', async () => {
    const bytes = await new PdfmakeCertificateRenderer().render(print);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfText(bytes);
    expect(text).toContain('Marie Dubois');
    expect(text).toContain('Soins des plaies chroniques');
    expect(text).toContain('1,5 h');
    expect(text).toContain(code);
    expect(text).toContain('1-23456-78-901');
  }, 30_000);

  it('prints a QR code that scans to the verification link', async () => {
    const bytes = await new PdfmakeCertificateRenderer().render(print);
    expect(scannedQrCode(bytes)).toBe(print.verifyUrl);
  }, 30_000);

  it('never fetches a URL or a local file named by a document', async () => {
    const { createPdfEngine } = await import('../src/adapters/pdf/engine');
    const engine = createPdfEngine();
    await expect(engine.render({ content: [{ image: '/etc/passwd' }] })).rejects.toThrow();
    await expect(
      engine.render({ content: [{ image: 'remote' }], images: { remote: 'http://127.0.0.1:9/x.png' } }),
    ).rejects.toThrow();
  }, 30_000);
});

/** The page rasterized (poppler, grayscale) and read by a QR decoder, as a phone's camera would. */
function scannedQrCode(bytes: Uint8Array): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-qr-'));
  try {
    const file = join(dir, 'certificate.pdf');
    writeFileSync(file, bytes);
    const pgm = execFileSync('pdftoppm', ['-gray', '-r', '100', '-singlefile', file]);
    // Binary PGM: "P5", width, height, max value, then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error('pdftoppm did not write a PGM image');
    const [whole, width, height] = [header[0], Number(header[1]), Number(header[2])];
    const gray = pgm.subarray(whole.length);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const value = gray[i] ?? 255;
      rgba.set([value, value, value, 255], i * 4);
    }
    return jsQR(rgba, width, height)?.data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pdfWords(bytes: Uint8Array): { text: string; xMin: number; xMax: number; yMin: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-bbox-'));
  try {
    const file = join(dir, 'certificate.pdf');
    writeFileSync(file, bytes);
    const html = execFileSync('pdftotext', ['-bbox', file, '-']).toString('utf8');
    return [
      ...html.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
      ),
    ].map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4] ?? '' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('names on the certificate', () => {
  it.each([
    ['Greek', 'Ελένη Παπαδοπούλου'],
    ['Cyrillic', 'Олена Шевченко-Ковальчук'],
    ['Latin with accents', 'Łukasz Żółć-Nguyễn Thị Ánh'],
    ['stacked accents', 'Ǿrjan Ḉ̈ampion'],
  ])(
    'prints a %s name that pdftotext reads back',
    async (_script, holderName) => {
      const text = pdfText(await new PdfmakeCertificateRenderer().render({ ...print, holderName }));
      expect(text.normalize('NFC')).toContain(holderName.normalize('NFC'));
    },
    30_000,
  );

  it('embeds a font with a glyph for every letter a name may use (regular and bold)', () => {
    const uncovered: string[] = [];
    for (let codePoint = 0x20; codePoint <= 0x1fff; codePoint++) {
      const char = String.fromCodePoint(codePoint);
      if (!/[\p{L}\p{M}]/u.test(char) || !isPrintableName(`A${char}`)) continue;
      if (!fontCovers(codePoint)) uncovered.push(codePoint.toString(16));
    }
    expect(uncovered).toEqual([]);
  });

  it('prints a name too long for 20 pt on one line, smaller', async () => {
    const holderName = 'Marie-Françoise Van-den-Bossche-Vandenbroucke Saint-Exupéry-Lacordaire';
    const words = pdfWords(await new PdfmakeCertificateRenderer().render({ ...print, holderName }));
    const nameWords = words.filter((w) => holderName.split(' ').includes(w.text.normalize('NFC')));
    expect(nameWords.map((w) => w.text.normalize('NFC'))).toEqual(holderName.split(' '));
    expect(new Set(nameWords.map((w) => w.yMin)).size).toBe(1);
  }, 30_000);

  it('shrinks a long name to the line, then wraps it, and never lets it leave the page', async () => {
    expect(holderNameSize('Marie Dubois', () => 5)).toBe(20);
    const veryLong = `${'Anne-Marie '.repeat(9)}Dubois ${'W'.repeat(60)}`;
    const word = 'Ä'.repeat(100);
    for (const holderName of [veryLong, word, `Jean ${'Ж'.repeat(100)}`]) {
      const bytes = await new PdfmakeCertificateRenderer().render({ ...print, holderName });
      const words = pdfWords(bytes);
      // A4 is 595 pt wide with 56 pt margins: every word of the page stays within them.
      for (const w of words) {
        expect(w.xMin, w.text).toBeGreaterThanOrEqual(55);
        expect(w.xMax, w.text).toBeLessThanOrEqual(540);
      }
      // Wrapped (pdfmake breaks a word longer than the line), but every letter is there, in order.
      const printed = words.map((w) => w.text).join('');
      expect(printed).toContain(holderName.replace(/\s+/g, ''));
    }
  }, 60_000);
});

describe('certificate email', () => {
  const message: EmailMessage = {
    id: 'certificate:c-abc',
    request: {
      template: 'certificate_issued',
      recipient: { userId: 'u_1', email: 'jan@example.be', displayName: 'Jan Peeters', language: 'nl' },
      trainingTitle: 'Zorg voor chronische wonden',
      hours: 1.5,
      completedAt: '2026-11-20T10:00:00Z',
      verificationCode: code,
    },
    attachments: [
      {
        container: 'certificates',
        blobName: 'u_1/c-abc.pdf',
        name: 'attest-wonden.pdf',
        contentType: 'application/pdf',
      },
    ],
  };

  it('renders in Dutch with the verification link', () => {
    const rendered = renderEmail(message.request, { appUrl: 'https://app.soins.test' });
    expect(rendered.subject).toBe('Uw attest: Zorg voor chronische wonden');
    expect(rendered.text).toContain(`https://app.soins.test/verify/${code}`);
    expect(rendered.text).toContain('1,5');
  });

  function deliverWith(files: Map<string, Uint8Array>) {
    const clock = new ManualClock();
    const store = new MemoryIdempotencyStore(clock);
    const sender = new FakeEmailSender();
    const deliver = new DeliverEmail({
      store,
      sender,
      clock,
      appUrl: 'https://app.soins.test',
      attachments: { read: (ref) => Promise.resolve(files.get(ref.blobName)) },
      sleep: () => Promise.resolve(),
    });
    return { deliver, sender, store };
  }

  it('loads the referenced PDF and attaches it, once per key', async () => {
    const pdf = Buffer.from('%PDF-1.3 test');
    const { deliver, sender } = deliverWith(new Map([['u_1/c-abc.pdf', pdf]]));
    expect(await deliver.execute(message)).toMatchObject({ ok: true, value: { status: 'sent' } });
    expect(await deliver.execute(message)).toMatchObject({ ok: true, value: { status: 'duplicate' } });
    expect(sender.accepted).toHaveLength(1);
    expect(sender.accepted[0]?.attachments).toEqual([
      { name: 'attest-wonden.pdf', contentType: 'application/pdf', content: pdf },
    ]);
  });

  it('a missing PDF defers the email (retried later) and frees the key', async () => {
    const files = new Map<string, Uint8Array>();
    const { deliver, sender } = deliverWith(files);
    expect(await deliver.execute(message)).toMatchObject({
      ok: false,
      error: { code: 'attachment_unavailable' },
    });
    expect(sender.attempts).toHaveLength(0);
    files.set('u_1/c-abc.pdf', Buffer.from('%PDF'));
    expect(await deliver.execute(message)).toMatchObject({ ok: true, value: { status: 'sent' } });
  });

  it('Postmark receives the attachment as base64 with its name and type', async () => {
    const bodies: unknown[] = [];
    const sender = new PostmarkEmailSender({
      apiUrl: 'https://postmark.test',
      serverToken: 'token',
      from: 'SOINS+ <no-reply@soins.plus>',
      fetch: (_url, init) => {
        bodies.push(JSON.parse(typeof init?.body === 'string' ? init.body : '{}'));
        return Promise.resolve(Response.json({ MessageID: 'pm-1', ErrorCode: 0 }));
      },
    });
    await sender.send({
      to: 'jan@example.be',
      subject: 's',
      html: '<p>h</p>',
      text: 't',
      tag: 'certificate_issued',
      messageStream: 'outbound',
      metadata: {},
      attachments: [{ name: 'attest.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.3') }],
    });
    expect(bodies[0]).toMatchObject({
      Attachments: [{ Name: 'attest.pdf', ContentType: 'application/pdf', Content: 'JVBERi0xLjM=' }],
    });
  });
});
