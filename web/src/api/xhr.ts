// fetch() cannot report upload progress; XMLHttpRequest can. Used by the api client for large raw bodies (a
// diploma file) when the caller asks for progress. Same contract as the part of fetch the client uses.

export interface TransportResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
  /** A response header (e.g. ETag), null when absent. */
  header(name: string): string | null;
}

export interface XhrInit {
  readonly method: string;
  readonly headers: Headers;
  readonly body?: XMLHttpRequestBodyInit;
  readonly signal?: AbortSignal;
  /** Fraction sent, 0 to 1. */
  readonly onUploadProgress: (fraction: number) => void;
}

export function xhrSend(url: string, init: XhrInit): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(init.method, url);
    init.headers.forEach((value, name) => {
      xhr.setRequestHeader(name, value);
    });
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) init.onUploadProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const text = xhr.responseText;
      resolve({
        ok: xhr.status >= 200 && xhr.status < 300,
        status: xhr.status,
        text: () => Promise.resolve(text),
        header: (name) => (typeof xhr.getResponseHeader === 'function' ? xhr.getResponseHeader(name) : null),
      });
    };
    xhr.onerror = () => {
      reject(new TypeError('network error'));
    };
    xhr.onabort = () => {
      reject(new DOMException('aborted', 'AbortError'));
    };
    if (init.signal) {
      if (init.signal.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      init.signal.addEventListener('abort', () => {
        xhr.abort();
      });
    }
    xhr.send(init.body ?? null);
  });
}
