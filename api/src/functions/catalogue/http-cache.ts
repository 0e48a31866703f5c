// Conditional GET for public, cacheable answers (catalogue, news): a strong ETag over the exact JSON
// body, a short shared max-age with stale-while-revalidate, and 304 on a matching If-None-Match.
import { createHash } from 'node:crypto';
import type { JsonResult, RouteContext } from '../http-kit';

export const publicCacheControl = 'public, max-age=60, stale-while-revalidate=300';

/** A strong validator: the same body always gives the same ETag, any change gives another. */
export function strongEtag(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 43)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` prefixes are ignored, `*` matches. */
export function ifNoneMatchHits(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || opaque(tag) === opaque(etag);
  });
}

/** 200 with the body and validators, or 304 without a body when the client's copy is current. */
export function cacheableJson(ctx: RouteContext, body: unknown, language?: string): JsonResult {
  const etag = strongEtag(body);
  const headers = {
    ETag: etag,
    'Cache-Control': publicCacheControl,
    // Localized answers depend on the reader's language; news carries both languages.
    ...(language ? { Vary: 'Accept-Language', 'Content-Language': language } : {}),
  };
  if (ifNoneMatchHits(ctx.request.headers.get('if-none-match'), etag)) return { status: 304, headers };
  return { body, headers };
}
