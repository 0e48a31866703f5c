import type { QuarantinedFile, QuarantineFiles } from '../../domain/privacy/retention';
import type { BlobStorage } from './connection';

const namePattern = /^([A-Za-z0-9_-]{1,128})\/([A-Za-z0-9_-]{1,128})$/;

/** The `diplomas-quarantine` container as the retention job sees it (`<userId>/<diplomaId>`). */
export class BlobQuarantineFiles implements QuarantineFiles {
  constructor(private readonly storage: BlobStorage) {}

  private container() {
    return this.storage.container('diplomas-quarantine');
  }

  async writtenBefore(before: Date, limit: number): Promise<QuarantinedFile[]> {
    const found: QuarantinedFile[] = [];
    for await (const item of (await this.container()).listBlobsFlat()) {
      const [, userId, diplomaId] = namePattern.exec(item.name) ?? [];
      if (!userId || !diplomaId || item.properties.lastModified >= before) continue;
      found.push({ userId, diplomaId, lastModified: item.properties.lastModified });
      if (found.length >= limit) break;
    }
    return found;
  }

  async deleteQuarantined(userId: string, diplomaId: string): Promise<void> {
    await (await this.container()).getBlobClient(`${userId}/${diplomaId}`).deleteIfExists();
  }
}
