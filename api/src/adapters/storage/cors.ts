import type { CorsRule } from '@azure/storage-blob';

/**
 * The Blob service CORS rule browsers need: the course builder uploads chapter files straight to storage
 * (PUT Put Block / Put Block List through a write-only link, after a preflight), and the player reads
 * WebVTT captions cross-origin (`<video crossorigin>`). Applied to Azurite by the local bootstrap; in Azure
 * the same rule is set on the storage account's Blob service (Bicep), with the Static Web App's origin.
 */
export function browserMediaCorsRule(allowedOrigins: readonly string[]): CorsRule {
  return {
    allowedOrigins: allowedOrigins.join(','),
    allowedMethods: 'GET,HEAD,PUT,OPTIONS',
    allowedHeaders: 'content-type,range,x-ms-*',
    exposedHeaders: 'etag,content-length,content-range,x-ms-request-id',
    maxAgeInSeconds: 3600,
  };
}

/** The SPA's origin as the browser sends it, with the 127.0.0.1 / localhost twin of a local one. */
export function spaOrigins(appPublicUrl: string): string[] {
  const origin = new URL(appPublicUrl).origin;
  const twin = origin.includes('//localhost')
    ? origin.replace('//localhost', '//127.0.0.1')
    : origin.includes('//127.0.0.1')
      ? origin.replace('//127.0.0.1', '//localhost')
      : undefined;
  return twin ? [origin, twin] : [origin];
}
