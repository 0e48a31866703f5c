import {
  BlobSASPermissions,
  BlobServiceClient,
  SASProtocol,
  type ContainerClient,
} from '@azure/storage-blob';
import type { VideoFiles } from '../../domain/learning/model';

/** The `videos` container, read through read-only SAS links signed with the account key. */
export class BlobVideoFiles implements VideoFiles {
  private readonly videos: ContainerClient;

  constructor(connectionString: string) {
    this.videos = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('videos');
  }

  async readLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }> {
    return this.linkUntil(blobName, new Date(Date.now() + minutes * 60_000));
  }

  /** A link expiring at `expiresAt` (tests use a past time to prove expired links are refused). */
  async linkUntil(blobName: string, expiresAt: Date): Promise<{ url: string; expiresAt: Date }> {
    const blob = this.videos.getBlobClient(blobName);
    // HTTPS only wherever the account speaks it (Azure); Azurite locally is plain HTTP.
    const httpsOnly = new URL(blob.url).protocol === 'https:';
    const url = await blob.generateSasUrl({
      permissions: BlobSASPermissions.parse('r'),
      // Tolerates clock skew between this host and the storage service.
      startsOn: new Date(Math.min(Date.now(), expiresAt.getTime()) - 60_000),
      expiresOn: expiresAt,
      protocol: httpsOnly ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
    });
    return { url, expiresAt };
  }
}
