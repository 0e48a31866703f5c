// Renders certificates with pdfmake 0.3 in the PDF engine's thread (pdf-thread.ts, pdf-worker.ts): the api's
// cold import never parses pdfmake, pdfkit or the fonts, and its thread never lays out a document.
import type { CertificatePrint, CertificateRenderer } from '../../domain/certificates/ports';
import { pdfThread } from './pdf-thread';

export class PdfmakeCertificateRenderer implements CertificateRenderer {
  render(print: CertificatePrint): Promise<Uint8Array> {
    return pdfThread().render({ kind: 'certificate', print });
  }
}
