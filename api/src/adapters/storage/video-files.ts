import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { VideoFiles } from '../../domain/learning/model';
import { readOnlySasUrl } from './sas';

/** The `videos` container, read through read-only SAS links signed with the account key. */
export class BlobVideoFiles implements VideoFiles {
  private readonly videos: ContainerClient;

  constructor(connectionString: string) {
    this.videos = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('videos');
  }

  readLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }> {
    return readOnlySasUrl(this.videos.getBlobClient(blobName), { minutes });
  }

  /** A link expiring at `expiresAt` (tests use a past time to prove expired links are refused). */
  linkUntil(blobName: string, expiresAt: Date): Promise<{ url: string; expiresAt: Date }> {
    return readOnlySasUrl(this.videos.getBlobClient(blobName), { expiresAt });
  }
}
