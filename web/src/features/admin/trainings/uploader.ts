// Chapter files go from the browser straight to Blob Storage: the api hands out a short-lived write-only link,
// the file is sent in blocks (Put Block, a few at a time, each sliced from the File so it is never read into
// memory whole), then committed (Put Block List) and checked by the api. A dropped connection is retried
// with backoff; an expired link is renewed; after a reload the same file resumes where it stopped (the api
// says which blocks storage already has, and the upload id is remembered in localStorage).
import type { UploadTicket } from '@soins/shared';

/** A storage answer that was not a success: 0 for a network failure (no answer at all). */
export class TransferError extends Error {
  override readonly name = 'TransferError';
  constructor(readonly status: number) {
    super(`storage answered ${String(status)}`);
  }
}

export interface UploadTransport {
  /** Put Block; `onProgress` gets the bytes of this block sent so far. */
  putBlock(
    url: string,
    blockId: string,
    body: Blob,
    onProgress: (sent: number) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  putBlockList(
    url: string,
    blockIds: readonly string[],
    contentType: string,
    signal?: AbortSignal,
  ): Promise<void>;
}

/** The api's side of one upload. */
export interface UploadEndpoints<T> {
  start(): Promise<UploadTicket>;
  /** A fresh link for an upload begun earlier, with the blocks storage already has. */
  resume(uploadId: string): Promise<UploadTicket>;
  complete(uploadId: string): Promise<T>;
}

/** Where an unfinished upload's id is remembered between page loads. */
export interface ResumeStore {
  get(key: string): string | undefined;
  set(key: string, uploadId: string): void;
  delete(key: string): void;
}

export type UploadPhase = 'uploading' | 'retrying' | 'committing' | 'verifying';

export interface UploadProgress {
  readonly phase: UploadPhase;
  readonly sent: number;
  readonly total: number;
}

export interface UploadOptions<T> {
  readonly endpoints: UploadEndpoints<T>;
  readonly transport: UploadTransport;
  readonly onProgress: (progress: UploadProgress) => void;
  /** Remembers the upload id under this key (with the file's name, size and date) to resume after a reload. */
  readonly resume?: { readonly store: ResumeStore; readonly key: string };
  readonly signal?: AbortSignal;
  /** Blocks in flight at once. */
  readonly concurrency?: number;
  /** Tries per request before giving up (network failures and 5xx). */
  readonly attempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Fixed-width block ids (Azure requires every id of a blob to have the same length). */
export function blockId(index: number): string {
  return btoa(`block-${String(index).padStart(6, '0')}`);
}

const retryable = (status: number): boolean =>
  status === 0 || status === 408 || status === 429 || status >= 500;

/** Waits 1 s, 2 s, 4 s … up to 30 s between tries. */
export const backoffMs = (attempt: number): number => Math.min(30_000, 1000 * 2 ** attempt);

function fileKey(file: Blob, key: string): string {
  const named = file as Blob & { name?: string; lastModified?: number };
  return `${key}:${named.name ?? ''}:${String(file.size)}:${String(named.lastModified ?? 0)}`;
}

/** Sends `file` and resolves what the api answered once it checked it. */
export async function uploadInBlocks<T>(file: Blob, options: UploadOptions<T>): Promise<T> {
  const { endpoints, transport, signal } = options;
  const attempts = options.attempts ?? 8;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const memoryKey = options.resume ? fileKey(file, options.resume.key) : undefined;

  let ticket: UploadTicket | undefined;
  const remembered = memoryKey ? options.resume?.store.get(memoryKey) : undefined;
  if (remembered) {
    try {
      ticket = await endpoints.resume(remembered);
    } catch {
      options.resume?.store.delete(memoryKey ?? '');
    }
  }
  ticket ??= await endpoints.start();
  if (memoryKey) options.resume?.store.set(memoryKey, ticket.uploadId);
  let current: UploadTicket = ticket;

  const blockBytes = current.blockBytes;
  const count = Math.max(1, Math.ceil(file.size / blockBytes));
  const sizeOf = (index: number): number => Math.min(blockBytes, file.size - index * blockBytes);
  const stored = new Map(current.blocks.map((block) => [block.id, block.size]));
  const sent = new Map<number, number>();
  const pending: number[] = [];
  for (let index = 0; index < count; index++) {
    if (stored.get(blockId(index)) === sizeOf(index)) sent.set(index, sizeOf(index));
    else pending.push(index);
  }
  let phase: UploadPhase = 'uploading';
  const report = (): void => {
    let total = 0;
    for (const value of sent.values()) total += value;
    options.onProgress({ phase, sent: Math.min(total, file.size), total: file.size });
  };
  report();

  /** Runs a storage request, renewing the link when it expired and retrying network failures with backoff. */
  const withRetry = async (run: (url: string) => Promise<void>, onRetry: () => void): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await run(current.url);
        if (phase === 'retrying') {
          phase = 'uploading';
          report();
        }
        return;
      } catch (error) {
        if (signal?.aborted) throw error;
        const status = error instanceof TransferError ? error.status : 0;
        if (attempt + 1 >= attempts) throw error;
        onRetry();
        if (status === 403) {
          // The link expired (or the clock moved): ask for a fresh one and go on.
          current = await endpoints.resume(current.uploadId);
          continue;
        }
        if (!retryable(status)) throw error;
        phase = 'retrying';
        report();
        await sleep(backoffMs(attempt));
      }
    }
  };

  const worker = async (): Promise<void> => {
    for (let index = pending.shift(); index !== undefined; index = pending.shift()) {
      const block = index;
      const body = file.slice(block * blockBytes, block * blockBytes + sizeOf(block));
      await withRetry(
        (url) =>
          transport.putBlock(
            url,
            blockId(block),
            body,
            (bytes) => {
              sent.set(block, bytes);
              report();
            },
            signal,
          ),
        () => {
          sent.set(block, 0);
        },
      );
      sent.set(block, sizeOf(block));
      report();
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 3, pending.length) }, () => worker()),
  );

  phase = 'committing';
  report();
  const ids = Array.from({ length: count }, (_, index) => blockId(index));
  await withRetry(
    (url) => transport.putBlockList(url, ids, file.type || 'application/octet-stream', signal),
    () => undefined,
  );
  phase = 'verifying';
  report();
  try {
    return await endpoints.complete(current.uploadId);
  } finally {
    // Checked (kept or refused and deleted): nothing left to resume.
    if (memoryKey) options.resume?.store.delete(memoryKey);
  }
}

/** The browser's transport: XMLHttpRequest, which reports upload progress (fetch cannot). */
export const xhrTransport: UploadTransport = {
  putBlock(url, id, body, onProgress, signal) {
    const target = new URL(url);
    target.searchParams.set('comp', 'block');
    target.searchParams.set('blockid', id);
    return send('PUT', target.toString(), body, {}, onProgress, signal);
  },
  putBlockList(url, ids, contentType, signal) {
    const target = new URL(url);
    target.searchParams.set('comp', 'blocklist');
    const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids
      .map((id) => `<Latest>${id}</Latest>`)
      .join('')}</BlockList>`;
    return send(
      'PUT',
      target.toString(),
      xml,
      { 'Content-Type': 'application/xml', 'x-ms-blob-content-type': contentType },
      () => undefined,
      signal,
    );
  },
};

function send(
  method: string,
  url: string,
  body: XMLHttpRequestBodyInit,
  headers: Readonly<Record<string, string>>,
  onProgress: (sent: number) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      onProgress(event.loaded);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new TransferError(xhr.status));
    };
    xhr.onerror = () => {
      reject(new TransferError(0));
    };
    xhr.onabort = () => {
      reject(new DOMException('aborted', 'AbortError'));
    };
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => {
        xhr.abort();
      });
    }
    xhr.send(body);
  });
}

/** localStorage, or nothing where it is unavailable (private mode, tests). */
export const localResumeStore: ResumeStore = {
  get: (key) => {
    try {
      return localStorage.getItem(`soins.upload.${key}`) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set: (key, uploadId) => {
    try {
      localStorage.setItem(`soins.upload.${key}`, uploadId);
    } catch {
      // Resuming after a reload is a convenience.
    }
  },
  delete: (key) => {
    try {
      localStorage.removeItem(`soins.upload.${key}`);
    } catch {
      // idem
    }
  },
};
