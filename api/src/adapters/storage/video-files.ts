import type { ContainerClient } from '@azure/storage-blob';
import type { VideoFiles } from '../../domain/learning/model';
import type { BlobStorage } from './connection';
import type { ReadLinks } from './sas';

/** The `videos` container, read through short-lived read-only SAS links. */
export class BlobVideoFiles implements VideoFiles {
  private readonly videos: ContainerClient;
  private readonly links: ReadLinks;

  constructor(storage: BlobStorage) {
    this.videos = storage.service.getContainerClient('videos');
    this.links = storage.links;
  }

  readLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly(this.videos.getBlobClient(blobName), { minutes });
  }

  /** A link expiring at `expiresAt` (tests use a past time to prove expired links are refused). */
  linkUntil(blobName: string, expiresAt: Date): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly(this.videos.getBlobClient(blobName), { expiresAt });
  }
}
