import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from './client';

/** A minimal XMLHttpRequest: records the request, reports progress, answers with the given status and body. */
class FakeXhr {
  static last: FakeXhr | undefined;
  static answer = { status: 202, body: '{"diploma":null}' };
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: unknown;
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } =
    { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(body: unknown): void {
    this.sent = body;
    this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
    this.upload.onprogress?.({ lengthComputable: true, loaded: 10, total: 10 });
    this.status = FakeXhr.answer.status;
    this.responseText = FakeXhr.answer.body;
    queueMicrotask(() => this.onload?.());
  }
  abort(): void {
    this.onabort?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('upload progress (XMLHttpRequest)', () => {
  const tokens = { getAccessToken: () => Promise.resolve('t') };

  it('sends the raw body with the same headers and reports progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.answer = { status: 202, body: '{"diploma":null}' };
    const fetch = vi.fn<typeof globalThis.fetch>();
    const api = createApiClient({
      tokens,
      getLanguage: () => 'nl',
      fetch,
    });
    const progress: number[] = [];
    const file = new Blob(['%PDF-1.4\n'], { type: 'application/pdf' });
    const result = await api.request('/me/diploma', {
      method: 'PUT',
      rawBody: file,
      onUploadProgress: (f) => progress.push(f),
    });
    expect(result).toEqual({ diploma: null });
    expect(fetch).not.toHaveBeenCalled();
    expect(progress).toEqual([0.5, 1]);
    const xhr = FakeXhr.last;
    expect(xhr?.method).toBe('PUT');
    expect(xhr?.url).toBe('/api/me/diploma');
    expect(xhr?.sent).toBe(file);
    expect(xhr?.headers['x-authorization']).toBe('Bearer t');
    expect(xhr?.headers['accept-language']).toBe('nl');
    expect(xhr?.headers['content-type']).toBe('application/pdf');
  });

  it('turns an error answer into an ApiError with its problem code', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.answer = { status: 413, body: '{"code":"payload_too_large","status":413}' };
    const api = createApiClient({ tokens, getLanguage: () => 'fr' });
    await expect(
      api.request('/me/diploma', {
        method: 'PUT',
        rawBody: new Blob(['x']),
        onUploadProgress: () => undefined,
      }),
    ).rejects.toMatchObject({ status: 413, code: 'payload_too_large' });
  });
});
