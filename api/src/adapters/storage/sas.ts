// The one way this api hands out blobs: short-lived, read-only SAS links signed with the account key,
// plus the 404 test shared by the blob adapters.
import { BlobSASPermissions, SASProtocol, type BlobClient } from '@azure/storage-blob';

/** Back-dates the start so a storage service whose clock runs ahead still accepts a fresh link. */
export const SAS_CLOCK_SKEW_MS = 5 * 60_000;

export type SasLifetime =
  | { readonly minutes: number }
  /** An absolute expiry (tests sign already-expired links to prove they are refused). */
  | { readonly expiresAt: Date };

export type ReadOnlySasOptions = SasLifetime & {
  /** e.g. `attachment; filename="x.pdf"` or `inline`. */
  readonly contentDisposition?: string;
  readonly contentType?: string;
};

/**
 * A read-only link to `blob`. HTTPS only wherever the account speaks it (Azure); plain HTTP is allowed
 * only when the endpoint itself is plain HTTP (Azurite locally).
 */
export async function readOnlySasUrl(
  blob: BlobClient,
  options: ReadOnlySasOptions,
): Promise<{ url: string; expiresAt: Date }> {
  const now = Date.now();
  const expiresAt = 'expiresAt' in options ? options.expiresAt : new Date(now + options.minutes * 60_000);
  const httpsOnly = new URL(blob.url).protocol === 'https:';
  const url = await blob.generateSasUrl({
    permissions: BlobSASPermissions.parse('r'),
    // Never after the expiry, so even an already-expired link is well formed.
    startsOn: new Date(Math.min(now, expiresAt.getTime()) - SAS_CLOCK_SKEW_MS),
    expiresOn: expiresAt,
    protocol: httpsOnly ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
    ...(options.contentDisposition ? { contentDisposition: options.contentDisposition } : {}),
    ...(options.contentType ? { contentType: options.contentType } : {}),
  });
  return { url, expiresAt };
}

/** A storage SDK error for a missing blob or container. */
export const isBlobNotFound = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404;
