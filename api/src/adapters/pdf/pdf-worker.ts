// The PDF engine's thread. Laying out and compressing a document takes tens of milliseconds of CPU, which
// on the api's own thread would hold up every request in flight (50 certificates at once: seconds), so the
// api renders in this worker thread (pdf-thread.ts) and only sends it the data of a document. Built into
// its own file next to main.cjs (`pdf-worker.cjs`, scripts/build-api.ts), started on the first render.
// Loaded outside a worker (the bench, tests), it only exports the engine.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { CertificatePrint } from '../../domain/certificates/ports';
import type { HoursReportModel } from '../../domain/hours/report';
import type { ReportTable } from '../../domain/reporting/ports';
import { certificateDocument } from './certificate-document';
import { createPdfEngine, type PdfEngine } from './engine';
import { hoursReportDocument } from './hours-report-document';
import { PDF_WORKER_MARK } from './pdf-thread';
import { reportDocument } from './report-document';

export { createPdfEngine } from './engine';

/** A document to render, as data: definitions hold functions (page footers), which cannot cross threads. */
export type PdfJob =
  | { readonly kind: 'certificate'; readonly print: CertificatePrint }
  | { readonly kind: 'report'; readonly table: ReportTable }
  | { readonly kind: 'hours-report'; readonly model: HoursReportModel };

export type PdfJobRequest = { readonly id: number; readonly job: PdfJob };
export type PdfJobReply =
  { readonly id: number; readonly pdf: Uint8Array } | { readonly id: number; readonly error: string };

/** Async, so a document that cannot be built fails its own render only (never the thread). */
export async function renderPdfJob(engine: PdfEngine, job: PdfJob): Promise<Buffer> {
  switch (job.kind) {
    case 'certificate':
      // The font's own metrics size the holder's name to the line (long names shrink, then wrap).
      return engine.render((measure) => certificateDocument(job.print, { measure }), { shareShapings: true });
    case 'report':
      return engine.render(reportDocument(job.table));
    case 'hours-report':
      return engine.render(hoursReportDocument(job.model));
  }
}

const port = !isMainThread && workerData === PDF_WORKER_MARK ? parentPort : null;
if (port) {
  const engine = createPdfEngine();
  port.on('message', (request: PdfJobRequest) => {
    renderPdfJob(engine, request.job).then(
      (pdf) => {
        // A copy of its own: the Buffer may be a view of a larger pooled ArrayBuffer.
        const bytes = new Uint8Array(pdf);
        const reply: PdfJobReply = { id: request.id, pdf: bytes };
        port.postMessage(reply, [bytes.buffer]);
      },
      (error: unknown) => {
        const reply: PdfJobReply = {
          id: request.id,
          error: error instanceof Error ? error.message.slice(0, 300) : 'PDF rendering failed',
        };
        port.postMessage(reply);
      },
    );
  });
}
