import type { CosmosClient } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import type { ResourceManifest } from './resources';

export interface BootstrapReport {
  readonly containers: readonly string[];
  readonly queues: readonly string[];
  readonly blobContainers: readonly string[];
}

/**
 * Creates every resource of the manifest in the emulators; safe to run any number of times.
 * In Azure, Bicep creates the same resources from the same manifest.
 */
export async function bootstrapResources(
  manifest: ResourceManifest,
  clients: { cosmos: CosmosClient; storageConnectionString: string; storageQueues: boolean },
): Promise<BootstrapReport> {
  const { database } = await clients.cosmos.databases.createIfNotExists({ id: manifest.cosmos.database });
  for (const container of manifest.cosmos.containers) {
    await database.containers.createIfNotExists({
      id: container.name,
      partitionKey: { paths: [container.partitionKey] },
      ...(container.uniqueKeys.length > 0
        ? { uniqueKeyPolicy: { uniqueKeys: container.uniqueKeys.map((paths) => ({ paths })) } }
        : {}),
    });
  }

  // Dead letters are not a queue of their own (Service Bus: a sub-queue; locally: LocalDeadLetterStore).
  const queueNames = clients.storageQueues ? manifest.queues.map((q) => q.name) : [];
  const queueService = QueueServiceClient.fromConnectionString(clients.storageConnectionString);
  for (const name of queueNames) await queueService.getQueueClient(name).createIfNotExists();

  const blobService = BlobServiceClient.fromConnectionString(clients.storageConnectionString);
  for (const container of manifest.blobContainers) {
    await blobService.getContainerClient(container.name).createIfNotExists();
  }

  return {
    containers: manifest.cosmos.containers.map((c) => c.name),
    queues: queueNames,
    blobContainers: manifest.blobContainers.map((c) => c.name),
  };
}
