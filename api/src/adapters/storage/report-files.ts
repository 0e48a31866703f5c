import { Readable } from 'node:stream';
import type { ExportFiles } from '../../domain/reporting/ports';
import type { BlobStorage } from './connection';
import type { ReadLinks } from './sas';

/** Apart from the people's own data-export archives (`exports`, kept a day): report files live 7 days. */
export const reportFilesContainerName = 'report-exports';

/** Block size of streamed uploads; at most `UPLOAD_CONCURRENCY` blocks are held at once. */
const UPLOAD_BLOCK_BYTES = 4 * 1024 * 1024;
const UPLOAD_CONCURRENCY = 2;

/** The SDK's block scheduler copies Node Buffers (`.copy`): plain Uint8Arrays are wrapped, not copied. */
async function* asBuffers(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Report exports in the private `report-exports` container, named `<adminId>/<jobId>.<csv|pdf>`. A CSV is
 * uploaded as it is produced (Put Block in 4 MiB blocks, then Put Block List): memory holds two blocks
 * whatever the size. Files are read through read-only links of a few minutes; the storage lifecycle
 * rule of the manifest (`deleteAfterDays`) deletes them in Azure.
 */
export class BlobReportFiles implements ExportFiles {
  private readonly links: ReadLinks;

  constructor(private readonly storage: BlobStorage) {
    this.links = storage.links;
  }

  private container() {
    return this.storage.container(reportFilesContainerName);
  }

  async writeStream(blobName: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<void> {
    await (
      await this.container()
    )
      .getBlockBlobClient(blobName)
      .uploadStream(Readable.from(asBuffers(chunks)), UPLOAD_BLOCK_BYTES, UPLOAD_CONCURRENCY, {
        blobHTTPHeaders: { blobContentType: contentType },
      });
  }

  async put(blobName: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await (await this.container()).getBlockBlobClient(blobName).uploadData(bytes, {
      blobHTTPHeaders: { blobContentType: contentType },
    });
  }

  async readLink(
    blobName: string,
    options: { minutes: number; fileName: string; contentType: string },
  ): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly((await this.container()).getBlobClient(blobName), {
      minutes: options.minutes,
      contentDisposition: `attachment; filename="${options.fileName.replace(/[^\w.-]/g, '_')}"`,
      contentType: options.contentType,
    });
  }
}
