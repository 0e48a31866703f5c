import type { TokenCredential } from '@azure/core-auth';
import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import type { QueueServiceClient } from '@azure/storage-queue';
import type { Config } from '../../config';
import { createReadLinks, loadBlobLibrary, type ReadLinks } from './sas';

/**
 * How the api reaches Blob (and, locally, Queue) storage. Azure: the Function App's managed identity
 * against the service URIs (the Functions `<connection>__blobServiceUri` setting form), links signed
 * with a user-delegation key. Emulators: Azurite's well-known key in a connection string.
 */
export type StorageConnection =
  | { readonly kind: 'key'; readonly connectionString: string }
  | {
      readonly kind: 'identity';
      readonly blobServiceUri: string;
      readonly queueServiceUri: string | undefined;
      readonly credential: TokenCredential;
    };

export function storageConnectionFrom(
  config: Pick<Config, 'STORAGE_CONNECTION_STRING' | 'STORAGE__blobServiceUri' | 'STORAGE__queueServiceUri'>,
  credential: TokenCredential,
): StorageConnection {
  if (config.STORAGE_CONNECTION_STRING) {
    return { kind: 'key', connectionString: config.STORAGE_CONNECTION_STRING };
  }
  // The config guarantees one of the two forms.
  const blobServiceUri = config.STORAGE__blobServiceUri ?? '';
  return { kind: 'identity', blobServiceUri, queueServiceUri: config.STORAGE__queueServiceUri, credential };
}

/** Runs `create` once, on the first call; a failed attempt is retried by the next call. */
function once<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= create().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

/**
 * The Blob service and the one way its files are handed out (read-only links). Built once; the SDK is
 * loaded by the first call that needs a client, so building it costs the cold start nothing.
 */
export interface BlobStorage {
  service(): Promise<BlobServiceClient>;
  container(name: string): Promise<ContainerClient>;
  readonly links: ReadLinks;
}

/** A container of `storage` created on first use (the local stores of the messaging stand-ins). */
export function containerCreatedOnFirstUse(
  storage: BlobStorage,
  name: string,
): () => Promise<ContainerClient> {
  return once(async () => {
    const container = await storage.container(name);
    await container.createIfNotExists();
    return container;
  });
}

export function createBlobStorage(connection: StorageConnection): BlobStorage {
  const service = once(async () => {
    const { BlobServiceClient } = await loadBlobLibrary();
    return connection.kind === 'key'
      ? BlobServiceClient.fromConnectionString(connection.connectionString)
      : new BlobServiceClient(connection.blobServiceUri, connection.credential);
  });
  return {
    service,
    container: async (name) => (await service()).getContainerClient(name),
    links: createReadLinks(service, connection.kind),
  };
}

/** Azurite's queues (the local stand-in for Service Bus); the Queue SDK is loaded by the first call. */
export interface QueueStorage {
  service(): Promise<QueueServiceClient>;
}

export function createQueueStorage(connection: StorageConnection): QueueStorage {
  return {
    service: once(async () => {
      const { QueueServiceClient } = await import('./queue-library');
      if (connection.kind === 'key')
        return QueueServiceClient.fromConnectionString(connection.connectionString);
      if (!connection.queueServiceUri) throw new Error('STORAGE__queueServiceUri is not set');
      return new QueueServiceClient(connection.queueServiceUri, connection.credential);
    }),
  };
}
