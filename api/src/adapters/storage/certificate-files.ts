import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { EmailAttachmentRef } from '@soins/shared';
import type { CertificateFiles } from '../../domain/certificates/ports';
import type { AttachmentSource } from '../../domain/email/ports';
import { isBlobNotFound, readOnlySasUrl } from './sas';

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
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }

  readLink(blobName: string, minutes: number, fileName: string): Promise<{ url: string; expiresAt: Date }> {
    return readOnlySasUrl(this.container.getBlobClient(blobName), {
      minutes,
      contentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      contentType: 'application/pdf',
    });
  }
}
