import type { BlobClient } from '@azure/storage-blob';
import type { MediaFiles, RangeReader } from '../../domain/catalogue/ports';
import type { VideoFiles } from '../../domain/learning/model';
import type { BlobStorage } from './connection';
import { isBlobNotFound, type ReadLinks } from './sas';

/** A download name safe in a Content-Disposition header. */
const safeFileName = (name: string): string => name.replace(/[^\w.-]/g, '_');

/**
 * The `videos` container: chapter videos, captions and handouts. Browsers read them through short-lived
 * read-only SAS links and the course builder's browser writes them through write-only ones; the api reads
 * only what it checks (headers, ranges) and never streams a whole video through itself.
 */
export class BlobVideoFiles implements VideoFiles, MediaFiles {
  private readonly links: ReadLinks;

  constructor(private readonly storage: BlobStorage) {
    this.links = storage.links;
  }

  private async blob(blobName: string): Promise<BlobClient> {
    return (await this.storage.container('videos')).getBlobClient(blobName);
  }

  async readLink(
    blobName: string,
    minutes: number,
    options: { download?: string } = {},
  ): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly(await this.blob(blobName), {
      minutes,
      ...(options.download
        ? { contentDisposition: `attachment; filename="${safeFileName(options.download)}"` }
        : {}),
    });
  }

  /** A link expiring at `expiresAt` (tests use a past time to prove expired links are refused). */
  async linkUntil(blobName: string, expiresAt: Date): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly(await this.blob(blobName), { expiresAt });
  }

  async uploadLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }> {
    return this.links.writeOnly(await this.blob(blobName), { minutes });
  }

  async exists(blobName: string): Promise<boolean> {
    return (await this.blob(blobName)).exists();
  }

  async size(blobName: string): Promise<number | undefined> {
    try {
      return (await (await this.blob(blobName)).getProperties()).contentLength;
    } catch (error) {
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }

  async uncommittedBlocks(blobName: string): Promise<{ id: string; size: number }[]> {
    try {
      const list = await (
        await this.storage.container('videos')
      )
        .getBlockBlobClient(blobName)
        .getBlockList('uncommitted');
      return (list.uncommittedBlocks ?? []).map((block) => ({ id: block.name, size: block.size }));
    } catch (error) {
      if (isBlobNotFound(error)) return [];
      throw error;
    }
  }

  reader(blobName: string): RangeReader {
    return async (offset, length) => {
      if (length <= 0) return new Uint8Array(0);
      return new Uint8Array(await (await this.blob(blobName)).downloadToBuffer(offset, length));
    };
  }

  async finalize(blobName: string, headers: { contentType: string; cacheControl: string }): Promise<void> {
    await (
      await this.blob(blobName)
    ).setHTTPHeaders({ blobContentType: headers.contentType, blobCacheControl: headers.cacheControl });
  }

  async delete(blobName: string): Promise<void> {
    await (await this.blob(blobName)).deleteIfExists();
  }
}
