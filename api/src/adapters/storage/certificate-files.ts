import { BlobSASPermissions, BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { EmailAttachmentRef } from '@soins/shared';
import type { CertificateFiles } from '../../domain/certificates/ports';
import type { AttachmentSource } from '../../domain/email/ports';

const isNotFound = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404;

/**
 * Certificate PDFs in the `certificates` container, named `<userId>/<certificateId>.pdf` (server ids).
 * Learners read them through read-only SAS links of at most 5 minutes; the email consumer reads the
 * bytes to attach them (AttachmentSource).
 */
export class BlobCertificateFiles implements CertificateFiles, AttachmentSource {
  private readonly container: ContainerClient;

  constructor(connectionString: string) {
    this.container =
      BlobServiceClient.fromConnectionString(connectionString).getContainerClient('certificates');
  }

  exists(blobName: string): Promise<boolean> {
    return this.container.getBlobClient(blobName).exists();
  }

  async put(blobName: string, bytes: Uint8Array): Promise<void> {
    await this.container.getBlockBlobClient(blobName).uploadData(bytes, {
      blobHTTPHeaders: { blobContentType: 'application/pdf' },
    });
  }

  async read(ref: EmailAttachmentRef): Promise<Uint8Array | undefined> {
    try {
      return await this.container.getBlobClient(ref.blobName).downloadToBuffer();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async readLink(
    blobName: string,
    minutes: number,
    fileName: string,
  ): Promise<{ url: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + minutes * 60_000);
    const url = await this.container.getBlobClient(blobName).generateSasUrl({
      permissions: BlobSASPermissions.parse('r'),
      startsOn: new Date(Date.now() - 60_000),
      expiresOn: expiresAt,
      contentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      contentType: 'application/pdf',
    });
    return { url, expiresAt };
  }
}
