import type { ContainerClient } from '@azure/storage-blob';
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
  private readonly videos: ContainerClient;
  private readonly links: ReadLinks;

  constructor(storage: BlobStorage) {
    this.videos = storage.service.getContainerClient('videos');
    this.links = storage.links;
  }

  readLink(
    blobName: string,
    minutes: number,
    options: { download?: string } = {},
  ): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly(this.videos.getBlobClient(blobName), {
      minutes,
      ...(options.download
        ? { contentDisposition: `attachment; filename="${safeFileName(options.download)}"` }
        : {}),
    });
  }

  /** A link expiring at `expiresAt` (tests use a past time to prove expired links are refused). */
  linkUntil(blobName: string, expiresAt: Date): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly(this.videos.getBlobClient(blobName), { expiresAt });
  }

  uploadLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }> {
    return this.links.writeOnly(this.videos.getBlobClient(blobName), { minutes });
  }

  exists(blobName: string): Promise<boolean> {
    return this.videos.getBlobClient(blobName).exists();
  }

  async size(blobName: string): Promise<number | undefined> {
    try {
      return (await this.videos.getBlobClient(blobName).getProperties()).contentLength;
    } catch (error) {
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }

  async uncommittedBlocks(blobName: string): Promise<{ id: string; size: number }[]> {
    try {
      const list = await this.videos.getBlockBlobClient(blobName).getBlockList('uncommitted');
      return (list.uncommittedBlocks ?? []).map((block) => ({ id: block.name, size: block.size }));
    } catch (error) {
      if (isBlobNotFound(error)) return [];
      throw error;
    }
  }

  reader(blobName: string): RangeReader {
    const blob = this.videos.getBlobClient(blobName);
    return async (offset, length) => {
      if (length <= 0) return new Uint8Array(0);
      return new Uint8Array(await blob.downloadToBuffer(offset, length));
    };
  }

  async finalize(blobName: string, headers: { contentType: string; cacheControl: string }): Promise<void> {
    await this.videos
      .getBlobClient(blobName)
      .setHTTPHeaders({ blobContentType: headers.contentType, blobCacheControl: headers.cacheControl });
  }

  async delete(blobName: string): Promise<void> {
    await this.videos.getBlobClient(blobName).deleteIfExists();
  }
}
