// The certificate's document definition (pure) and a real render checked with pdftotext (poppler).
import type { EmailMessage } from '@soins/shared';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { isPrintableName } from '@soins/shared';
import { certificateDocument, holderNameSize } from '../src/adapters/pdf/certificate-document';
import { fontCovers, shapingCounts } from '../src/adapters/pdf/engine';
import { qrCanvas, withQrPaths } from '../src/adapters/pdf/qr-path';
import { PdfmakeCertificateRenderer } from '../src/adapters/pdf/pdfmake-renderer';
import { PdfmakeReportRenderer } from '../src/adapters/pdf/report-renderer';
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

  it('draws the QR code as one path, not one shape per module', async () => {
    const bytes = await new PdfmakeCertificateRenderer().render(print);
    // Each module drawn on its own is a rectangle of the page (about 600 for this link); now only the
    // code's white background is one.
    expect(pageRectangles(bytes)).toBe(1);
    expect(scannedQrCode(bytes)).toBe(print.verifyUrl);
  }, 30_000);

  it('shapes the words certificates share once, and names and numbers for each document', async () => {
    const renderer = new PdfmakeCertificateRenderer();
    const first = await renderer.render({ ...print, holderName: 'Anna Peeters' });
    const before = { ...shapingCounts };
    const second = await renderer.render({ ...print, holderName: 'Bruno Maes', inami: '2-34567-89-012' });
    // Every word of the second certificate without a digit was shaped for the first one.
    expect(shapingCounts.shaped - before.shaped).toBe(0);
    expect(shapingCounts.reused - before.reused).toBeGreaterThan(20);
    // What differs is shaped for its own document and reads back as written.
    const text = pdfText(second);
    expect(text).toContain('Bruno Maes');
    expect(text).toContain('2-34567-89-012');
    expect(text).not.toContain('Anna');
    expect(pdfText(first)).toContain('Anna Peeters');
  }, 30_000);

  it('shares no shaping with a report, which holds learners’ data', async () => {
    const before = { ...shapingCounts };
    const table = {
      language: 'fr' as const,
      title: 'Apprenants',
      subtitle: 'Tous',
      generatedAt: '2026-11-20T10:00:00Z',
      header: ['Nom', 'Courriel'],
      rows: [['Claire Lambert', 'claire.lambert@example.be']],
    };
    expect(pdfText(await new PdfmakeReportRenderer().render(table))).toContain('Claire Lambert');
    expect(shapingCounts).toEqual(before);
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

/** How many rectangles (`re`) the document's content streams (text, not binary like the font) draw. */
function pageRectangles(bytes: Uint8Array): number {
  const pdf = Buffer.from(bytes);
  let rectangles = 0;
  for (const match of pdf.toString('latin1').matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = pdf.indexOf('endstream', start, 'latin1');
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a deflated stream
    }
    if (/[^\t\n\r\x20-\x7e]/.test(content)) continue; // a font or an image, not drawing operators
    rectangles += content.match(/ re\n/g)?.length ?? 0;
  }
  return rectangles;
}

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

describe('QR codes drawn as one path', () => {
  const encoder = (
    createRequire(import.meta.url)('pdfmake/js/qrEnc.js') as {
      default: { measure(node: object): { _canvas: { x: number; y: number; w: number; h: number }[] } };
    }
  ).default;
  /** The unit squares a list of rectangles covers, as "x,y" keys. */
  const cells = (rects: { x: number; y: number; w: number; h: number }[], unit: number): Set<string> => {
    const covered = new Set<string>();
    for (const r of rects)
      for (let x = r.x; x < r.x + r.w; x += unit)
        for (let y = r.y; y < r.y + r.h; y += unit) covered.add(`${x},${y}`);
    return covered;
  };

  it('covers exactly the modules pdfmake would draw, over the same background', () => {
    const node = { qr: print.verifyUrl, fit: 110, eccLevel: 'M' };
    const [background, ...modules] = encoder.measure({ ...node })._canvas;
    const unit = modules[0]?.w ?? 0;
    expect(unit).toBeGreaterThan(0);
    const canvas = qrCanvas({ ...node, width: 'auto', margin: [1, 2, 3, 4] });
    expect(canvas).toMatchObject({ width: 'auto', margin: [1, 2, 3, 4] });
    expect(canvas).not.toHaveProperty('qr');
    const [drawnBackground, path, ...others] = canvas.canvas as Record<string, unknown>[];
    expect(drawnBackground).toEqual(background);
    expect(others).toEqual([]);
    expect(path).toMatchObject({ type: 'path', color: '#000' });
    const runs = [...String(path?.d).matchAll(/M(\d+) (\d+)h(\d+)v(\d+)h-\d+z/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      w: Number(m[3]),
      h: Number(m[4]),
    }));
    expect(runs.length).toBeLessThan(modules.length);
    expect(String(path?.d).replace(/M\d+ \d+h\d+v\d+h-\d+z/g, '')).toBe('');
    expect(cells(runs, unit)).toEqual(cells(modules, unit));
  });

  it('replaces every qr node of a definition and leaves the rest as it is', () => {
    const footer = () => 'page';
    const definition = {
      footer,
      content: [{ text: 'a' }, { columns: [{ qr: 'https://x.test/1', fit: 60 }, { text: 'b' }] }],
    };
    const drawn = withQrPaths(definition);
    expect(drawn.footer).toBe(footer);
    expect(drawn.content[0]).toEqual({ text: 'a' });
    expect(JSON.stringify(drawn)).not.toContain('"qr"');
    expect(JSON.stringify(drawn)).toContain('"type":"path"');
    expect(definition.content[1]).toEqual({ columns: [{ qr: 'https://x.test/1', fit: 60 }, { text: 'b' }] });
  });
});
