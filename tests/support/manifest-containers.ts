// An integration test of one Cosmos adapter creates only the containers it needs, from the resource manifest,
// exactly as the api bootstraps them (partition keys, indexing policy, TTL).
import type { CosmosClient } from '@azure/cosmos';
import { bootstrapResources } from '../../api/src/adapters/bootstrap';
import { resources } from '../../api/src/adapters/resources';
import { createBlobStorage } from '../../api/src/adapters/storage/connection';

export async function bootstrapManifestContainers(
  cosmos: CosmosClient,
  databaseName: string,
  names: readonly string[],
  storageConnectionString: string,
): Promise<void> {
  const wanted = new Set(names);
  const containers = resources.cosmos.containers.filter((container) => wanted.has(container.name));
  const missing = names.filter((name) => !containers.some((container) => container.name === name));
  if (missing.length > 0) throw new Error(`not in infra/resources.json: ${missing.join(', ')}`);
  await bootstrapResources(
    { cosmos: { database: databaseName, containers }, queues: [], blobContainers: [] },
    {
      cosmos,
      blobs: createBlobStorage({ kind: 'key', connectionString: storageConnectionString }),
      queues: undefined,
    },
  );
}
