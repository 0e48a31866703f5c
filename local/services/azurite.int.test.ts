import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { describe, expect, inject, it } from 'vitest';

describe('Azurite', () => {
  const { storageConnectionString } = inject('emulators');

  it('stores and reads back a blob through the provided connection string', async () => {
    const blobs = BlobServiceClient.fromConnectionString(storageConnectionString);
    const container = blobs.getContainerClient(`it-${Date.now()}`);
    await container.create();
    const blob = container.getBlockBlobClient('hello.txt');
    await blob.upload('bonjour', 7, { blobHTTPHeaders: { blobContentType: 'text/plain' } });
    const downloaded = await blob.downloadToBuffer();
    expect(downloaded.toString()).toBe('bonjour');
    await container.delete();
  });

  it('sends and receives a queue message', async () => {
    const queues = QueueServiceClient.fromConnectionString(storageConnectionString);
    const queue = queues.getQueueClient(`it-${Date.now()}`);
    await queue.create();
    await queue.sendMessage('hello');
    const { receivedMessageItems } = await queue.receiveMessages();
    expect(receivedMessageItems.map((m) => m.messageText)).toEqual(['hello']);
    await queue.delete();
  });
});
