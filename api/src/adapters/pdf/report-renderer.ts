// Renders report tables through the shared PDF engine (loaded on first use, Noto Sans like certificates).
import type { ReportPdfRenderer, ReportTable } from '../../domain/reporting/ports';
import { loadPdfEngine } from './pdfmake-renderer';
import { reportDocument } from './report-document';

export class PdfmakeReportRenderer implements ReportPdfRenderer {
  async render(table: ReportTable): Promise<Uint8Array> {
    return (await loadPdfEngine()).render(reportDocument(table));
  }
}
