// Active content in uploaded PDFs: what a viewer would run or open by itself.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { certificateDocument } from '../src/adapters/pdf/certificate-document';
import { createPdfEngine } from '../src/adapters/pdf/engine';
import { pdfActiveContent } from '../src/adapters/scanner/pdf-active-content';

const pdf = (body: string | Buffer): Buffer =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(body), Buffer.from('\n%%EOF\n')]);

const objectStream = (content: string, filter = '/Filter /FlateDecode'): Buffer => {
  const data = filter ? deflateSync(Buffer.from(content)) : Buffer.from(content);
  return pdf(
    Buffer.concat([
      Buffer.from(`5 0 obj\n<< /Type /ObjStm /N 1 /First 4 ${filter} /Length ${data.length} >>\nstream\n`),
      data,
      Buffer.from('\nendstream\nendobj'),
    ]),
  );
};

describe('PDF active content', () => {
  it('finds nothing in a static document, nor in a destination to open on', () => {
    expect(pdfActiveContent(pdf('1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj'))).toEqual([]);
    expect(
      pdfActiveContent(pdf('1 0 obj << /Type /Catalog /OpenAction [3 0 R /FitH null] >> endobj')),
    ).toEqual([]);
    // Names that merely start like an active one.
    expect(pdfActiveContent(pdf('<< /JSON 1 /AAA 2 /Launcher 3 >>'))).toEqual([]);
  });

  it('finds JavaScript, actions on open and on events, launches, embedded files and XFA', () => {
    expect(pdfActiveContent(pdf('<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>'))).toEqual([
      'JS',
      'JavaScript',
      'OpenAction',
    ]);
    expect(pdfActiveContent(pdf('<< /OpenAction 7 0 R >>'))).toEqual(['OpenAction']);
    expect(pdfActiveContent(pdf('<< /AA << /O << /S /Launch /F (x.exe) >> >> >>'))).toEqual(['AA', 'Launch']);
    expect(pdfActiveContent(pdf('<< /Names << /EmbeddedFiles 4 0 R >> >>'))).toEqual(['EmbeddedFiles']);
    expect(pdfActiveContent(pdf('<< /AcroForm << /XFA 6 0 R >> >>'))).toEqual(['XFA']);
  });

  it('decodes #hex escapes in names and reads compressed object streams', () => {
    expect(pdfActiveContent(pdf('<< /S /J#61vaScript /J#53 (x) >>'))).toEqual(['JS', 'JavaScript']);
    expect(pdfActiveContent(objectStream('3 0 << /S /JavaScript /JS (x) >>'))).toEqual(['JS', 'JavaScript']);
    expect(pdfActiveContent(objectStream('3 0 << /Type /Page >>'))).toEqual([]);
    expect(pdfActiveContent(objectStream('3 0 << /S /Launch >>', ''))).toEqual(['Launch']);
    // A nested dictionary after /Type does not hide the object stream.
    expect(
      pdfActiveContent(
        objectStream('3 0 << /S /JavaScript >>', '/DecodeParms << /Columns 4 >> /Filter /FlateDecode'),
      ),
    ).toEqual(['JavaScript']);
  });

  it('reports an object stream it cannot read (encrypted or corrupt) rather than passing it', () => {
    const garbage = pdf(
      '5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 8 >>\nstream\nnot zlib\nendstream\nendobj',
    );
    expect(pdfActiveContent(garbage)).toEqual(['unreadable-object-stream']);
  });

  it('finds nothing in the certificates this api renders', async () => {
    const engine = createPdfEngine();
    const bytes = await engine.render(
      certificateDocument({
        language: 'fr',
        holderName: 'Marie Dubois',
        trainingTitle: 'Hygiène des mains',
        hours: 2,
        organiser: 'SOINS+',
        completedAt: '2026-11-20T10:00:00Z',
        issuedAt: '2026-11-20T10:00:05Z',
        verificationCode: 'K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4',
        verifyUrl: 'https://app.soins.test/verify/K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4',
      }),
    );
    expect(pdfActiveContent(bytes)).toEqual([]);
  }, 30_000);

  it('reads a pathological file in one pass (many dictionaries and streams, no end)', () => {
    const manyOpenings = pdf('<<'.repeat(500_000));
    expect(pdfActiveContent(manyOpenings)).toEqual([]);
    const manyClosings = pdf('>>\nstream\nendstream\n'.repeat(200_000));
    expect(pdfActiveContent(manyClosings)).toEqual([]);
    const manyStreams = pdf('<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n'.repeat(20_000));
    expect(pdfActiveContent(manyStreams)).toEqual(['unreadable-object-stream']);
  });
});
