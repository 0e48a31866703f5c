// Renders certificates with pdfmake 0.3 through the PDF engine (./engine.ts), imported on the first
// render only. In the deployed bundle that import resolves to `pdf-engine.cjs`, a separate file built by
// scripts/build-api.ts, so the api's cold import never parses pdfmake, pdfkit or the fonts.
import type { CertificatePrint, CertificateRenderer } from '../../domain/certificates/ports';
import { certificateDocument } from './certificate-document';
import type { PdfEngine } from './engine';

let engine: Promise<PdfEngine> | undefined;

export function loadPdfEngine(): Promise<PdfEngine> {
  engine ??= import('./engine')
    .then((module) => module.createPdfEngine())
    .catch((error: unknown) => {
      engine = undefined;
      throw error;
    });
  return engine;
}

export class PdfmakeCertificateRenderer implements CertificateRenderer {
  async render(print: CertificatePrint): Promise<Uint8Array> {
    // The font's own metrics size the holder's name to the line (long names shrink, then wrap).
    return (await loadPdfEngine()).render((measure) => certificateDocument(print, { measure }));
  }
}
