// The one way this api hands out blobs: short-lived, read-only SAS links (and write-only ones for the
// course builder's browser uploads), plus the 404 test shared by the blob adapters. With a key (Azurite) the link is signed with the account key; with the managed
// identity (Azure, where shared keys are disabled) with a user-delegation key, as Azure requires.
import type {
  BlobClient,
  BlobGenerateSasUrlOptions,
  BlobServiceClient,
  UserDelegationKey,
} from '@azure/storage-blob';

type BlobLibrary = typeof import('./blob-library');
let blobLibrary: Promise<BlobLibrary> | undefined;
/** The Blob SDK, loaded by the first blob operation (blob-library.ts: its own file in the package). */
export const loadBlobLibrary = (): Promise<BlobLibrary> => (blobLibrary ??= import('./blob-library'));

/** Back-dates the start so a storage service whose clock runs ahead still accepts a fresh link. */
export const SAS_CLOCK_SKEW_MS = 5 * 60_000;

/** A user-delegation key is asked for this long and reused until a link would outlive it. */
export const DELEGATION_KEY_LIFETIME_MS = 6 * 60 * 60_000;

export type SasLifetime =
  | { readonly minutes: number }
  /** An absolute expiry (tests sign already-expired links to prove they are refused). */
  | { readonly expiresAt: Date };

export type ReadOnlySasOptions = SasLifetime & {
  /** e.g. `attachment; filename="x.pdf"` or `inline`. */
  readonly contentDisposition?: string;
  readonly contentType?: string;
};

export interface ReadLinks {
  /**
   * A read-only link to `blob`. HTTPS only wherever the account speaks it (Azure); plain HTTP is
   * allowed only when the endpoint itself is plain HTTP (Azurite locally).
   */
  readOnly(blob: BlobClient, options: ReadOnlySasOptions): Promise<{ url: string; expiresAt: Date }>;
  /**
   * A write-only link to `blob` (create + write: Put Block, Put Block List, Put Blob; it cannot read,
   * list or delete), for a browser that uploads a file straight to storage. Same signing and protocol
   * rules as `readOnly`.
   */
  writeOnly(blob: BlobClient, options: SasLifetime): Promise<{ url: string; expiresAt: Date }>;
}

export function createReadLinks(
  service: () => Promise<BlobServiceClient>,
  signing: 'key' | 'identity',
): ReadLinks {
  let cached: { key: UserDelegationKey; expiresOn: number } | undefined;
  let pending: Promise<UserDelegationKey> | undefined;
  /** A delegation key valid past `expiresAt` (one request per few hours, shared by concurrent callers). */
  const delegationKeyFor = async (expiresAt: Date): Promise<UserDelegationKey> => {
    if (cached && cached.expiresOn > expiresAt.getTime() + SAS_CLOCK_SKEW_MS) return cached.key;
    pending ??= (async () => {
      const now = Date.now();
      // Starts before any link's back-dated start, so every link lies inside the key's validity.
      const key = await (
        await service()
      ).getUserDelegationKey(
        new Date(now - 2 * SAS_CLOCK_SKEW_MS),
        new Date(now + DELEGATION_KEY_LIFETIME_MS),
      );
      cached = { key, expiresOn: key.signedExpiresOn.getTime() };
      return key;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const sign = async (
    blob: BlobClient,
    permissions: 'r' | 'cw',
    options: SasLifetime & { contentDisposition?: string; contentType?: string },
  ): Promise<{ url: string; expiresAt: Date }> => {
    // Loaded already: `blob` came from it.
    const { BlobSASPermissions, SASProtocol } = await loadBlobLibrary();
    const now = Date.now();
    const expiresAt = 'expiresAt' in options ? options.expiresAt : new Date(now + options.minutes * 60_000);
    const httpsOnly = new URL(blob.url).protocol === 'https:';
    const sas: BlobGenerateSasUrlOptions = {
      permissions: BlobSASPermissions.parse(permissions),
      // Never after the expiry, so even an already-expired link is well formed.
      startsOn: new Date(Math.min(now, expiresAt.getTime()) - SAS_CLOCK_SKEW_MS),
      expiresOn: expiresAt,
      protocol: httpsOnly ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
      ...(options.contentDisposition ? { contentDisposition: options.contentDisposition } : {}),
      ...(options.contentType ? { contentType: options.contentType } : {}),
    };
    const url =
      signing === 'key'
        ? await blob.generateSasUrl(sas)
        : await blob.generateUserDelegationSasUrl(sas, await delegationKeyFor(expiresAt));
    return { url, expiresAt };
  };

  return {
    readOnly: (blob, options) => sign(blob, 'r', options),
    writeOnly: (blob, options) => sign(blob, 'cw', options),
  };
}

/** A storage SDK error for a missing blob or container. */
export const isBlobNotFound = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404;
