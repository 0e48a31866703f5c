// The api's side of the PDF engine's thread (pdf-worker.ts): one worker, started on the first render, that
// renders documents one after another while the api's thread goes on serving requests. A worker that dies
// fails the renders it held (a certificate's activity retries; a report's request answers 500) and the next
// render starts a new one. An idle worker stops after a minute, so it holds no memory for nothing.
import { Worker } from 'node:worker_threads';
import type { PdfJob, PdfJobReply, PdfJobRequest } from './pdf-worker';

/** Given to the worker (workerData): pdf-worker.ts serves only in a thread started with it. */
export const PDF_WORKER_MARK = 'soins-pdf-worker';

/** An idle worker stops after this long (the next render starts a new one). */
const IDLE_STOP_MS = 60_000;

/** A render that takes longer is stuck: the worker is stopped, failing what it held (retried by its caller). */
const RENDER_TIMEOUT_MS = 60_000;

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
  readonly timeout: NodeJS.Timeout;
}

export class PdfThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private inThread: Promise<(job: PdfJob) => Promise<Uint8Array>> | undefined;

  /** `workerFile`: the worker's script (tests give their own); by default the bundled pdf-worker.cjs. */
  constructor(
    private readonly workerFile: URL | undefined = bundledWorkerFile(),
    private readonly renderTimeoutMs = RENDER_TIMEOUT_MS,
  ) {}

  render(job: PdfJob): Promise<Uint8Array> {
    if (!this.workerFile) return this.renderInThread(job);
    const worker = this.running(this.workerFile);
    const id = ++this.nextId;
    return new Promise<Uint8Array>((resolve, reject) => {
      const timeout = setTimeout(() => {
        if (this.pending.has(id)) void worker.terminate();
      }, this.renderTimeoutMs);
      timeout.unref();
      this.pending.set(id, { resolve, reject, timeout });
      clearTimeout(this.idleTimer);
      // Held only while it has work: an idle worker never keeps the process alive.
      worker.ref();
      const request: PdfJobRequest = { id, job };
      try {
        worker.postMessage(request);
      } catch (error) {
        // Data that cannot be sent to a thread: this render fails, nothing stays pending.
        this.pending.delete(id);
        clearTimeout(timeout);
        this.settled(worker);
        reject(error instanceof Error ? error : new Error('the PDF job could not be sent'));
      }
    });
  }

  /** Stops the worker (tests, shutdown); renders still pending fail. */
  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
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
    const worker = new Worker(file, { workerData: PDF_WORKER_MARK });
    worker.on('message', (reply: PdfJobReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      this.settled(worker);
      if (!pending) return;
      clearTimeout(pending.timeout);
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

  /** After a render: an idle worker lets the process exit, and stops after IDLE_STOP_MS unless used again. */
  private settled(worker: Worker): void {
    if (this.pending.size > 0) return;
    worker.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker && this.pending.size === 0) {
        this.worker = undefined;
        void worker.terminate();
      }
    }, IDLE_STOP_MS);
    this.idleTimer.unref();
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const render of pending) {
      clearTimeout(render.timeout);
      render.reject(error);
    }
  }
}

let shared: PdfThread | undefined;

/** The process's one PDF thread (certificates, attestations, reports). */
export function pdfThread(): PdfThread {
  shared ??= new PdfThread();
  return shared;
}
