import type { TokenCredential } from '@azure/core-auth';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import type { Config } from '../../config';
import { createReadLinks, type ReadLinks } from './sas';

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

/** The Blob service and the one way its files are handed out (read-only links). Built once. */
export interface BlobStorage {
  readonly service: BlobServiceClient;
  readonly links: ReadLinks;
}

export function createBlobStorage(connection: StorageConnection): BlobStorage {
  const service =
    connection.kind === 'key'
      ? BlobServiceClient.fromConnectionString(connection.connectionString)
      : new BlobServiceClient(connection.blobServiceUri, connection.credential);
  return { service, links: createReadLinks(service, connection.kind) };
}

export function createQueueService(connection: StorageConnection): QueueServiceClient {
  if (connection.kind === 'key') return QueueServiceClient.fromConnectionString(connection.connectionString);
  if (!connection.queueServiceUri) throw new Error('STORAGE__queueServiceUri is not set');
  return new QueueServiceClient(connection.queueServiceUri, connection.credential);
}
