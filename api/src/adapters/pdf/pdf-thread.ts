// The api's side of the PDF engine's thread (pdf-worker.ts): one worker, started on the first render, that
// renders documents one after another while the api's thread goes on serving requests. A worker that dies
// fails the renders it held (their activities retry) and the next render starts a new one.
import { Worker } from 'node:worker_threads';
import type { PdfJob, PdfJobReply, PdfJobRequest } from './pdf-worker';

/**
 * The worker's file beside the bundle (pdf-worker.cjs), or undefined when the api runs from its TypeScript
 * sources (vitest): there the engine's font files only load through the test runner's own loader, so
 * documents are rendered in the calling thread instead.
 */
function bundledWorkerFile(): URL | undefined {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? new URL('./pdf-worker.cjs', here) : undefined;
}

interface Pending {
  resolve(pdf: Uint8Array): void;
  reject(error: Error): void;
}

export class PdfThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private inThread: Promise<(job: PdfJob) => Promise<Uint8Array>> | undefined;

  /** `workerFile`: the worker's script (tests give their own); by default the bundled pdf-worker.cjs. */
  constructor(private readonly workerFile: URL | undefined = bundledWorkerFile()) {}

  render(job: PdfJob): Promise<Uint8Array> {
    if (!this.workerFile) return this.renderInThread(job);
    const worker = this.running(this.workerFile);
    const id = ++this.nextId;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Held only while it has work: an idle worker never keeps the process alive.
      worker.ref();
      const request: PdfJobRequest = { id, job };
      worker.postMessage(request);
    });
  }

  /** Stops the worker (tests, shutdown); renders still pending fail. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error('the PDF worker was stopped'));
  }

  private async renderInThread(job: PdfJob): Promise<Uint8Array> {
    this.inThread ??= import('./pdf-worker').then(({ createPdfEngine, renderPdfJob }) => {
      const engine = createPdfEngine();
      return (next: PdfJob) => renderPdfJob(engine, next);
    });
    return (await this.inThread)(job);
  }

  private running(file: URL): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(file);
    worker.on('message', (reply: PdfJobReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!pending) return;
      if ('pdf' in reply) pending.resolve(reply.pdf);
      else pending.reject(new Error(`PDF rendering failed: ${reply.error}`));
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`the PDF worker exited (code ${String(code)})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const render of pending) render.reject(error);
  }
}

let shared: PdfThread | undefined;

/** The process's one PDF thread (certificates, attestations, reports). */
export function pdfThread(): PdfThread {
  shared ??= new PdfThread();
  return shared;
}
