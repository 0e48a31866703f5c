import type { Container, ContainerDefinition, CosmosClient, Database } from '@azure/cosmos';
import type { CorsRule } from '@azure/storage-blob';
import type { ResourceManifest } from './resources';
import type { BlobStorage, QueueStorage } from './storage/connection';

type ContainerSpec = ResourceManifest['cosmos']['containers'][number];

/** A container whose definition in the emulator no longer matched the manifest, and what was done. */
export type ContainerChange =
  | { readonly container: string; readonly change: 'ttl'; readonly from?: number; readonly to?: number }
  | {
      readonly container: string;
      readonly change: 'recreated';
      readonly reason: string;
      /** Documents copied into the new container (those that carry the new partition key). */
      readonly kept: number;
      /** Documents left behind (no value at the new partition key path). */
      readonly dropped: number;
    };

export interface BootstrapReport {
  readonly containers: readonly string[];
  readonly queues: readonly string[];
  readonly blobContainers: readonly string[];
  readonly changes: readonly ContainerChange[];
}

const systemFields = new Set(['_rid', '_self', '_etag', '_attachments', '_ts']);

function definitionOf(spec: ContainerSpec): ContainerDefinition {
  return {
    id: spec.name,
    partitionKey: { paths: [spec.partitionKey] },
    ...(spec.uniqueKeys.length > 0
      ? { uniqueKeyPolicy: { uniqueKeys: spec.uniqueKeys.map((paths) => ({ paths })) } }
      : {}),
    ...(spec.defaultTtl !== undefined ? { defaultTtl: spec.defaultTtl } : {}),
  };
}

function uniqueKeysOf(definition: ContainerDefinition | undefined): string[][] {
  return (definition?.uniqueKeyPolicy?.uniqueKeys ?? []).map((key) => [...key.paths]);
}

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.slice(1).split('/')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/**
 * Partition key and unique keys cannot change on a Cosmos container. In the emulators (an old local
 * snapshot), the container is recreated with the manifest's definition and every document that carries
 * the new partition key is copied over; the others are dropped and counted. In Azure, Bicep owns the
 * containers and this bootstrap does not run.
 */
async function recreate(
  database: Database,
  container: Container,
  spec: ContainerSpec,
  reason: string,
): Promise<ContainerChange> {
  const { resources } = await container.items.query<Record<string, unknown>>('SELECT * FROM c').fetchAll();
  await container.delete();
  const { container: fresh } = await database.containers.create(definitionOf(spec));
  let kept = 0;
  for (const doc of resources) {
    if (valueAt(doc, spec.partitionKey) === undefined) continue;
    await fresh.items.upsert(Object.fromEntries(Object.entries(doc).filter(([k]) => !systemFields.has(k))));
    kept++;
  }
  return { container: spec.name, change: 'recreated', reason, kept, dropped: resources.length - kept };
}

async function ensureContainer(
  database: Database,
  spec: ContainerSpec,
): Promise<ContainerChange | undefined> {
  const wanted = definitionOf(spec);
  const { resource, container } = await database.containers.createIfNotExists(wanted);
  const paths = resource?.partitionKey?.paths ?? [];
  if (paths.length !== 1 || paths[0] !== spec.partitionKey) {
    return recreate(database, container, spec, `partition key ${paths.join(',')} → ${spec.partitionKey}`);
  }
  if (JSON.stringify(uniqueKeysOf(resource)) !== JSON.stringify(uniqueKeysOf(wanted))) {
    return recreate(database, container, spec, 'unique keys changed');
  }
  const current = typeof resource?.defaultTtl === 'number' ? resource.defaultTtl : undefined;
  if (resource && current !== spec.defaultTtl) {
    // Time to live is a container setting that can change in place (documents are kept).
    const { defaultTtl: _old, ...rest } = resource;
    await container.replace({
      ...rest,
      id: spec.name,
      ...(spec.defaultTtl !== undefined ? { defaultTtl: spec.defaultTtl } : {}),
    });
    return {
      container: spec.name,
      change: 'ttl',
      ...(current !== undefined ? { from: current } : {}),
      ...(spec.defaultTtl !== undefined ? { to: spec.defaultTtl } : {}),
    };
  }
  return undefined;
}

/**
 * Creates every resource of the manifest in the emulators and brings existing containers in line with
 * it (time to live; partition or unique keys by recreating); safe to run any number of times.
 * In Azure, Bicep creates the same resources from the same manifest.
 */
export async function bootstrapResources(
  manifest: ResourceManifest,
  clients: {
    cosmos: CosmosClient;
    blobs: BlobStorage;
    /** Set when messages go through storage queues (locally); Service Bus queues come from Bicep. */
    queues: QueueStorage | undefined;
  },
  options: {
    /** The Blob service's CORS rules (browser uploads and captions), replacing any it had. */
    blobCors?: readonly CorsRule[];
  } = {},
): Promise<BootstrapReport> {
  const { database } = await clients.cosmos.databases.createIfNotExists({ id: manifest.cosmos.database });
  const changes: ContainerChange[] = [];
  for (const container of manifest.cosmos.containers) {
    const change = await ensureContainer(database, container);
    if (change) changes.push(change);
  }

  // Dead letters are not a queue of their own (Service Bus: a sub-queue; locally: LocalDeadLetterStore).
  const queueService = await clients.queues?.service();
  const queueNames = queueService ? manifest.queues.map((q) => q.name) : [];
  for (const name of queueNames) await queueService?.getQueueClient(name).createIfNotExists();

  for (const container of manifest.blobContainers) {
    await (await clients.blobs.container(container.name)).createIfNotExists();
  }
  if (options.blobCors) await (await clients.blobs.service()).setProperties({ cors: [...options.blobCors] });

  return {
    containers: manifest.cosmos.containers.map((c) => c.name),
    queues: queueNames,
    blobContainers: manifest.blobContainers.map((c) => c.name),
    changes,
  };
}
