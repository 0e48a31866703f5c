import type { CosmosClient } from '@azure/cosmos';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { QueueServiceClient } from '@azure/storage-queue';
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
  clients: {
    cosmos: CosmosClient;
    blobService: BlobServiceClient;
    /** Set when messages go through storage queues (locally); Service Bus queues come from Bicep. */
    queueService: QueueServiceClient | undefined;
  },
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
  const queueService = clients.queueService;
  const queueNames = queueService ? manifest.queues.map((q) => q.name) : [];
  for (const name of queueNames) await queueService?.getQueueClient(name).createIfNotExists();

  for (const container of manifest.blobContainers) {
    await clients.blobService.getContainerClient(container.name).createIfNotExists();
  }

  return {
    containers: manifest.cosmos.containers.map((c) => c.name),
    queues: queueNames,
    blobContainers: manifest.blobContainers.map((c) => c.name),
  };
}
