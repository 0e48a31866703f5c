import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ExportArchive, ExportFiles, StoredArchive } from '../../domain/privacy/export';
import type { BlobStorage } from './connection';
import { type ReadLinks } from './sas';

export const exportsContainerName = 'exports';
const blobName = (userId: string, exportId: string): string => `${userId}/${exportId}.zip`;
const namePattern = /^([A-Za-z0-9_-]{1,128})\/([0-9a-f-]{36})\.zip$/;

type ZipLibrary = typeof import('./zip-library');
let zipLibrary: Promise<ZipLibrary> | undefined;
/** fflate, loaded by the first archive (zip-library.ts). */
const loadZip = (): Promise<ZipLibrary> => (zipLibrary ??= import('./zip-library'));

/** Upload block size and parallelism of the streamed archive (memory: about their product). */
const UPLOAD_BLOCK_BYTES = 4 * 1024 * 1024;
const UPLOAD_CONCURRENCY = 2;

/**
 * Export archives in the `exports` container, `<userId>/<exportId>.zip`. An archive is zipped with
 * fflate as it is written and streamed to a block blob (only the file being added and the blocks in
 * flight are in memory); people download it through read-only links of a few minutes.
 */
export class BlobExportFiles implements ExportFiles {
  private readonly links: ReadLinks;

  constructor(private readonly storage: BlobStorage) {
    this.links = storage.links;
  }

  private container() {
    return this.storage.container(exportsContainerName);
  }

  open(userId: string, exportId: string): ExportArchive {
    const blob = this.container().then((container) =>
      container.getBlockBlobClient(blobName(userId, exportId)),
    );
    const stream = new PassThrough();
    let sizeBytes = 0;
    let failure: unknown;
    const library = loadZip();
    const zipping = library.then(
      ({ Zip }) =>
        new Zip((error, chunk, final) => {
          if (error) {
            failure = error;
            stream.destroy(error);
            return;
          }
          sizeBytes += chunk.byteLength;
          stream.write(chunk);
          if (final) stream.end();
        }),
    );
    const upload = blob
      .then((client) =>
        client.uploadStream(stream, UPLOAD_BLOCK_BYTES, UPLOAD_CONCURRENCY, {
          blobHTTPHeaders: { blobContentType: 'application/zip' },
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          failure ??= error;
        },
      );
    const check = (): void => {
      if (failure !== undefined)
        throw failure instanceof Error ? failure : new Error('archive upload failed');
    };
    return {
      add: async (path, content, options) => {
        check();
        const [{ ZipDeflate, ZipPassThrough }, zip] = await Promise.all([library, zipping]);
        const file = options.compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
        zip.add(file);
        file.push(content, true);
        // Backpressure: wait while the uploader has more than a block queued.
        if (stream.writableLength > UPLOAD_BLOCK_BYTES) await once(stream, 'drain');
        check();
      },
      finish: async () => {
        check();
        (await zipping).end();
        await upload;
        check();
        return { sizeBytes };
      },
      abort: async () => {
        (await zipping).terminate();
        stream.destroy(new Error('export aborted'));
        await upload;
        await (await blob).deleteIfExists();
      },
    };
  }

  async readLink(
    userId: string,
    exportId: string,
    minutes: number,
  ): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly((await this.container()).getBlobClient(blobName(userId, exportId)), {
      minutes,
      contentDisposition: `attachment; filename="soins-export-${exportId.slice(0, 8)}.zip"`,
      contentType: 'application/zip',
    });
  }

  async exists(userId: string, exportId: string): Promise<boolean> {
    return (await this.container()).getBlobClient(blobName(userId, exportId)).exists();
  }

  async delete(userId: string, exportId: string): Promise<void> {
    await (await this.container()).getBlobClient(blobName(userId, exportId)).deleteIfExists();
  }

  async writtenBefore(before: Date, limit: number): Promise<StoredArchive[]> {
    const found: StoredArchive[] = [];
    for await (const item of (await this.container()).listBlobsFlat()) {
      const match = namePattern.exec(item.name);
      const [, userId, exportId] = match ?? [];
      if (!userId || !exportId || item.properties.lastModified >= before) continue;
      found.push({ userId, exportId, lastModified: item.properties.lastModified });
      if (found.length >= limit) break;
    }
    return found;
  }
}
