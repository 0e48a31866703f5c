// Renders report tables in the PDF engine's thread (Noto Sans like certificates).
import type { ReportPdfRenderer, ReportTable } from '../../domain/reporting/ports';
import { pdfThread } from './pdf-thread';

export class PdfmakeReportRenderer implements ReportPdfRenderer {
  render(table: ReportTable): Promise<Uint8Array> {
    return pdfThread().render({ kind: 'report', table });
  }
}
