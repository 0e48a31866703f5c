import type { DiplomaContentType, DiplomaFiles } from '../../domain/diplomas';
import type { BlobStorage } from './connection';
import { isBlobNotFound, type ReadLinks } from './sas';

const blobName = (userId: string, id: string): string => `${userId}/${id}`;
/** The name segments this app writes (user ids `u_…`, diploma ids UUIDs); anything else is not ours. */
const nameSegment = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Diplomas in Blob Storage under server-generated names: `diplomas-quarantine` until scanned clean,
 * then `diplomas`. Reads go through short-lived read-only SAS links.
 */
export class BlobDiplomaFiles implements DiplomaFiles {
  private readonly links: ReadLinks;

  constructor(private readonly storage: BlobStorage) {
    this.links = storage.links;
  }

  private quarantine() {
    return this.storage.container('diplomas-quarantine');
  }

  private clean() {
    return this.storage.container('diplomas');
  }

  async putQuarantine(
    userId: string,
    id: string,
    bytes: Uint8Array,
    contentType: DiplomaContentType,
  ): Promise<void> {
    await (await this.quarantine()).getBlockBlobClient(blobName(userId, id)).uploadData(bytes, {
      blobHTTPHeaders: { blobContentType: contentType },
    });
  }

  async readQuarantine(userId: string, id: string): Promise<Uint8Array | undefined> {
    try {
      return await (await this.quarantine()).getBlobClient(blobName(userId, id)).downloadToBuffer();
    } catch (error) {
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }

  async promote(userId: string, id: string): Promise<void> {
    const source = (await this.quarantine()).getBlobClient(blobName(userId, id));
    const target = (await this.clean()).getBlockBlobClient(blobName(userId, id));
    if (!(await target.exists())) {
      const bytes = await source.downloadToBuffer();
      const properties = await source.getProperties();
      await target.uploadData(bytes, {
        blobHTTPHeaders: {
          blobContentType: properties.contentType ?? 'application/octet-stream',
          // Any other way to this blob downloads it too (the read links also set it).
          blobContentDisposition: 'attachment',
        },
      });
    }
    await source.deleteIfExists();
  }

  async isPromoted(userId: string, id: string): Promise<boolean> {
    return (await this.clean()).getBlobClient(blobName(userId, id)).exists();
  }

  async deleteEverywhere(userId: string, id: string): Promise<void> {
    await (await this.quarantine()).getBlobClient(blobName(userId, id)).deleteIfExists();
    await (await this.clean()).getBlobClient(blobName(userId, id)).deleteIfExists();
  }

  async quarantineFileAt(uri: string): Promise<{ userId: string; diplomaId: string } | undefined> {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return undefined;
    }
    // Same account and container: `https://<account>.blob.core.windows.net/diplomas-quarantine/…` in
    // Azure, `http://127.0.0.1:10000/devstoreaccount1/diplomas-quarantine/…` with Azurite.
    const container = new URL((await this.quarantine()).url);
    const prefix = `${container.pathname.replace(/\/$/, '')}/`;
    if (url.origin !== container.origin || !url.pathname.startsWith(prefix) || url.search) return undefined;
    const segments = url.pathname.slice(prefix.length).split('/');
    const [userId, diplomaId] = segments;
    if (segments.length !== 2 || !userId || !diplomaId) return undefined;
    if (!nameSegment.test(userId) || !nameSegment.test(diplomaId)) return undefined;
    return { userId, diplomaId };
  }

  async quarantineVersion(userId: string, id: string): Promise<string | undefined> {
    try {
      const { etag } = await (await this.quarantine()).getBlobClient(blobName(userId, id)).getProperties();
      return etag?.replace(/^"(.*)"$/, '$1');
    } catch (error) {
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * A SAS can override five response headers (rscc, rscd, rsce, rscl, rsct) but not add others such as
   * X-Content-Type-Options: the link forces a download (`rscd=attachment`) typed as what the upload's
   * magic bytes proved (`rsct`), so a browser never renders or sniffs the file, whatever is in it.
   */
  async readLink(
    userId: string,
    id: string,
    minutes: number,
    file: { name: string; contentType: DiplomaContentType },
  ): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly((await this.clean()).getBlobClient(blobName(userId, id)), {
      minutes,
      contentDisposition: `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
      contentType: file.contentType,
    });
  }
}
