import type { EmailAttachmentRef } from '@soins/shared';
import type { CertificateFiles } from '../../domain/certificates/ports';
import type { AttachmentSource } from '../../domain/email/ports';
import type { BlobStorage } from './connection';
import { readWholeBlob } from './read-whole';
import { isBlobNotFound, type ReadLinks } from './sas';

/**
 * Certificate PDFs in the `certificates` container, named `<userId>/<certificateId>.pdf` (server ids).
 * Learners read them through read-only SAS links of at most 5 minutes; the email consumer reads the
 * bytes to attach them (AttachmentSource).
 */
export class BlobCertificateFiles implements CertificateFiles, AttachmentSource {
  private readonly links: ReadLinks;

  constructor(private readonly storage: BlobStorage) {
    this.links = storage.links;
  }

  private container() {
    return this.storage.container('certificates');
  }

  async exists(blobName: string): Promise<boolean> {
    return (await this.container()).getBlobClient(blobName).exists();
  }

  async put(
    blobName: string,
    bytes: Uint8Array,
    contentType: 'application/pdf' | 'text/calendar' = 'application/pdf',
  ): Promise<void> {
    await (await this.container()).getBlockBlobClient(blobName).uploadData(bytes, {
      blobHTTPHeaders: { blobContentType: contentType },
    });
  }

  async read(ref: EmailAttachmentRef): Promise<Uint8Array | undefined> {
    try {
      return await readWholeBlob((await this.container()).getBlobClient(ref.blobName));
    } catch (error) {
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }

  async readLink(
    blobName: string,
    minutes: number,
    fileName: string,
  ): Promise<{ url: string; expiresAt: Date }> {
    return this.links.readOnly((await this.container()).getBlobClient(blobName), {
      minutes,
      contentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      contentType: 'application/pdf',
    });
  }
}
