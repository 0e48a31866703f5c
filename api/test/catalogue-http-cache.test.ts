import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import {
  cacheableJson,
  ifNoneMatchHits,
  publicCacheControl,
  strongEtag,
} from '../src/functions/catalogue/http-cache';
import type { RouteContext } from '../src/functions/http-kit';

function ctx(headers: Record<string, string> = {}): RouteContext {
  return {
    request: new HttpRequest({ method: 'GET', url: 'http://localhost/api/catalogue', headers }),
    invocation: new InvocationContext(),
    requestId: 'req-12345678',
    language: 'fr',
    params: {},
    maxBodyBytes: 1024,
    caller: undefined,
    clientAddress: 'unknown',
  };
}

describe('strongEtag', () => {
  it('is a quoted strong validator, stable for the same body and different for another', () => {
    const etag = strongEtag({ items: [1, 2] });
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(strongEtag({ items: [1, 2] })).toBe(etag);
    expect(strongEtag({ items: [1, 3] })).not.toBe(etag);
  });
});

describe('ifNoneMatchHits', () => {
  const etag = '"abc"';
  it('matches the exact tag, a list, a weak form and *', () => {
    expect(ifNoneMatchHits('"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('"x", "abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('*', etag)).toBe(true);
  });
  it('does not match another tag, an unquoted one or no header', () => {
    expect(ifNoneMatchHits('"abd"', etag)).toBe(false);
    expect(ifNoneMatchHits('abc', etag)).toBe(false);
    expect(ifNoneMatchHits(null, etag)).toBe(false);
    expect(ifNoneMatchHits('', etag)).toBe(false);
  });
});

describe('cacheableJson', () => {
  const body = { language: 'fr', items: [] };
  it('answers 200 with the body, ETag, Cache-Control, Vary and Content-Language', () => {
    const result = cacheableJson(ctx(), body, 'fr');
    expect(result.status).toBeUndefined();
    expect(result.body).toBe(body);
    expect(result.headers).toEqual({
      ETag: strongEtag(body),
      'Cache-Control': publicCacheControl,
      Vary: 'Accept-Language',
      'Content-Language': 'fr',
    });
    expect(publicCacheControl).toBe('public, max-age=60, stale-while-revalidate=300');
  });
  it('answers 304 without a body when If-None-Match holds the current ETag', () => {
    const result = cacheableJson(ctx({ 'if-none-match': strongEtag(body) }), body);
    expect(result.status).toBe(304);
    expect(result.body).toBeUndefined();
    expect(result.headers?.ETag).toBe(strongEtag(body));
  });
  it('varies on Accept-Language only for localized answers', () => {
    expect(cacheableJson(ctx(), body).headers).toEqual({
      ETag: strongEtag(body),
      'Cache-Control': publicCacheControl,
    });
  });
});
