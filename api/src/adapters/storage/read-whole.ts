// A whole blob in one request. `downloadToBuffer` first asks for the blob's properties (its size), then
// downloads: two requests for what one `download` answers.
import type { BlobClient } from '@azure/storage-blob';

export async function readWholeBlob(blob: BlobClient): Promise<Buffer> {
  const response = await blob.download();
  const stream = response.readableStreamBody;
  if (!stream) throw new Error('blob download answered no body');
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}
