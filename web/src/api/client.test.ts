import { describe, expect, it, vi } from 'vitest';
import { ApiError, buildUrl, createApiClient, isApiError, toProblem, type TokenSource } from './client';
import { problemMessage } from './problem-message';
import { makeTranslate } from '../i18n';

interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

function fakeFetch(...responses: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn((url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error('unexpected request');
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, type = 'application/json'): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

const problem = (status: number, code: string, extra: Record<string, unknown> = {}): Response =>
  json(status, { type: 'about:blank', title: 'x', status, code, ...extra }, 'application/problem+json');

function tokens(...values: string[]): TokenSource & { calls: { forceRefresh: boolean }[] } {
  const calls: { forceRefresh: boolean }[] = [];
  return {
    calls,
    getAccessToken: (options) => {
      calls.push({ forceRefresh: options?.forceRefresh ?? false });
      return Promise.resolve(values.shift() ?? 'no-more-tokens');
    },
  };
}

const header = (call: Call | undefined, name: string): string | null =>
  new Headers(call?.init.headers).get(name);

describe('api client', () => {
  it('sends the token in X-Authorization (never Authorization) and the UI language in Accept-Language', async () => {
    const { fetch, calls } = fakeFetch(json(200, { ok: true }));
    const api = createApiClient({ tokens: tokens('t1'), getLanguage: () => 'nl', fetch });
    await expect(api.request('/me')).resolves.toEqual({ ok: true });
    expect(calls[0]?.url).toBe('/api/me');
    expect(header(calls[0], 'X-Authorization')).toBe('Bearer t1');
    expect(header(calls[0], 'Authorization')).toBeNull();
    expect(header(calls[0], 'Accept-Language')).toBe('nl');
    expect(calls[0]?.init.method).toBe('GET');
  });

  it('sends extra headers (If-Match) and can read a text body (a CSV export) as it came', async () => {
    const csv = '\uFEFFat;action\r\n2026-11-25;news.create\r\n';
    const { fetch, calls } = fakeFetch(
      json(200, { id: 'n1' }),
      new Response(csv, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' } }),
      problem(412, 'precondition_failed'),
    );
    const api = createApiClient({ tokens: tokens('t', 't', 't'), getLanguage: () => 'fr', fetch });
    await api.request('/manage/news/n1', { method: 'PUT', body: {}, headers: { 'If-Match': '"v1"' } });
    expect(header(calls[0], 'If-Match')).toBe('"v1"');
    // As fetch decodes it: UTF-8, the byte-order mark dropped.
    await expect(api.request<string>('/manage/audit/export', { responseType: 'text' })).resolves.toBe(
      csv.slice(1),
    );
    // An error is still a problem, whatever the expected body.
    await expect(api.request('/manage/audit/export', { responseType: 'text' })).rejects.toMatchObject({
      status: 412,
      code: 'precondition_failed',
    });
  });

  it('sends raw bytes (a file upload) as-is with their own content type', async () => {
    const { fetch, calls } = fakeFetch(json(202, { diploma: null }));
    const api = createApiClient({ tokens: tokens('t'), getLanguage: () => 'fr', fetch });
    const file = new Blob(['%PDF-1.4\n'], { type: 'application/pdf' });
    await api.request('/me/diploma', { method: 'PUT', rawBody: file });
    expect(calls[0]?.init.body).toBe(file);
    expect(header(calls[0], 'Content-Type')).toBe('application/pdf');
    expect(header(calls[0], 'X-Authorization')).toBe('Bearer t');
  });

  it('knows the legal problem codes', () => {
    expect(toProblem(403, { code: 'legal_acceptance_required' })?.code).toBe('legal_acceptance_required');
    expect(toProblem(409, { code: 'legal_version_outdated' })?.code).toBe('legal_version_outdated');
  });

  it('sends JSON bodies and query strings, skipping empty values', async () => {
    const { fetch, calls } = fakeFetch(json(200, {}));
    const api = createApiClient({ tokens: tokens('t'), getLanguage: () => 'fr', fetch });
    await api.request('/manage/users/u%201/status', {
      method: 'PUT',
      body: { status: 'disabled' },
      query: { q: 'marie', continuationToken: undefined, empty: '' },
    });
    expect(calls[0]?.url).toBe('/api/manage/users/u%201/status?q=marie');
    expect(calls[0]?.init.body).toBe('{"status":"disabled"}');
    expect(header(calls[0], 'Content-Type')).toBe('application/json');
  });

  it('sends no token to anonymous endpoints', async () => {
    const { fetch, calls } = fakeFetch(json(200, { authority: 'x' }));
    const api = createApiClient({ getLanguage: () => 'fr', fetch });
    await api.request('/auth/config', { anonymous: true });
    expect(header(calls[0], 'X-Authorization')).toBeNull();
  });

  it('turns problem+json into an ApiError with the stable code and request id', async () => {
    const { fetch } = fakeFetch(problem(409, 'cannot_remove_own_admin', { requestId: 'req-1' }));
    const api = createApiClient({ tokens: tokens('t'), getLanguage: () => 'fr', fetch });
    const error: unknown = await api.request('/x', { method: 'DELETE' }).catch((e: unknown) => e);
    expect(isApiError(error, 'cannot_remove_own_admin')).toBe(true);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).requestId).toBe('req-1');
  });

  it('falls back to a code from the status when the body is not a known problem', async () => {
    const { fetch } = fakeFetch(new Response('<html>', { status: 503 }), problem(418, 'teapot'));
    const api = createApiClient({ tokens: tokens('t', 't'), getLanguage: () => 'fr', fetch });
    await expect(api.request('/a')).rejects.toMatchObject({ code: 'dependency_unavailable', status: 503 });
    await expect(api.request('/b')).rejects.toMatchObject({ code: 'unknown', status: 418 });
  });

  it('renews the token once when the api answers 401, then retries', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'unauthorized'), json(200, { id: 'me' }));
    const source = tokens('old', 'new');
    const api = createApiClient({ tokens: source, getLanguage: () => 'fr', fetch });
    await expect(api.request('/me')).resolves.toEqual({ id: 'me' });
    expect(source.calls).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
    expect(header(calls[1], 'X-Authorization')).toBe('Bearer new');
  });

  it('gives up after the second 401', async () => {
    const { fetch } = fakeFetch(problem(401, 'unauthorized'), problem(401, 'unauthorized'));
    const api = createApiClient({ tokens: tokens('a', 'b'), getLanguage: () => 'fr', fetch });
    await expect(api.request('/me')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('does not retry a 403', async () => {
    const { fetch, calls } = fakeFetch(problem(403, 'forbidden'));
    const api = createApiClient({ tokens: tokens('a'), getLanguage: () => 'fr', fetch });
    await expect(api.request('/manage/users')).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    expect(calls).toHaveLength(1);
  });

  it('reports a network failure as code "network" (status 0)', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
    const api = createApiClient({ tokens: tokens('a'), getLanguage: () => 'fr', fetch });
    await expect(api.request('/me')).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('validates responses when given a schema', async () => {
    const schema = {
      parse: (value: unknown) => {
        if (typeof value !== 'object' || value === null || !('id' in value)) throw new Error('bad');
        return value as { id: string };
      },
    };
    const { fetch } = fakeFetch(json(200, { id: '1' }), json(200, { nope: 1 }));
    const api = createApiClient({ tokens: tokens('a', 'b'), getLanguage: () => 'fr', fetch });
    await expect(api.request('/a', { schema })).resolves.toEqual({ id: '1' });
    await expect(api.request('/b', { schema })).rejects.toMatchObject({ code: 'unknown', status: 200 });
  });

  it('builds urls', () => {
    expect(buildUrl('/api', 'me')).toBe('/api/me');
    expect(buildUrl('/api', '/me', { a: 'x y' })).toBe('/api/me?a=x+y');
  });

  it('reads problems leniently but only with a known code', () => {
    expect(
      toProblem(400, { code: 'validation_failed', errors: [{ path: 'a', message: 'b' }] }),
    ).toMatchObject({
      code: 'validation_failed',
      status: 400,
      errors: [{ path: 'a', message: 'b' }],
    });
    expect(toProblem(400, { code: 'made_up' })).toBeUndefined();
    expect(toProblem(400, 'text')).toBeUndefined();
  });
});

describe('problemMessage', () => {
  it('translates by code in the user language, never the server text', () => {
    const fr = makeTranslate('fr');
    const nl = makeTranslate('nl');
    const error = new ApiError(409, 'cannot_remove_own_admin', {
      type: 'about:blank',
      title: 'server text',
      status: 409,
      code: 'cannot_remove_own_admin',
    });
    expect(problemMessage(fr, error)).toBe('Vous ne pouvez pas retirer votre propre rôle d’administrateur.');
    expect(problemMessage(nl, error)).toBe('U kunt uw eigen beheerdersrol niet intrekken.');
    expect(problemMessage(fr, new Error('boom'))).toBe('Une erreur inattendue est survenue.');
    expect(problemMessage(nl, new ApiError(0, 'network'))).toContain('niet bereikbaar');
  });
});
