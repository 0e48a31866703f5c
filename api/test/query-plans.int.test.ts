// The Cosmos client's query plan requests, counted at the emulator: a query given a partition key makes one request
// (its plan is held and dropped), a query across partitions still asks for its plan, and when the gateway asks for a
// plan (simulated: the emulator never does) the held one is sent and the SDK runs the query from it.
import { CosmosClient, type CosmosClientOptions, type PluginConfig } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deferredQueryPlans } from '../src/adapters/cosmos/query-plans';

const emulators = inject('emulators');
const database = 'soins-query-plans-it';
const containerId = 'items';

interface Seen {
  readonly kinds: string[];
}

/** A client with the app's plugin first, then one that counts what reaches the emulator (and may refuse a query). */
function client(seen: Seen, { refuseFirstQuery = false } = {}): CosmosClient {
  let refused = !refuseFirstQuery;
  const counting: PluginConfig = {
    on: 'request',
    plugin: (context, node, next) => {
      const plan = context.headers?.['x-ms-cosmos-is-query-plan-request'] === 'True';
      const query = context.headers?.['x-ms-documentdb-isquery'] === 'True';
      const kind = plan ? 'plan' : query ? 'query' : (context.operationType ?? '?');
      seen.kinds.push(kind);
      if (kind === 'query' && !refused) {
        refused = true;
        // What the gateway answers a query it cannot run without a plan.
        const error = Object.assign(new Error('Cross partition query only supports ...'), {
          code: 400,
          body: { additionalErrorInfo: '{}' },
        });
        return Promise.reject(error);
      }
      return next(context);
    },
  };
  const options: CosmosClientOptions & { readonly plugins: PluginConfig[] } = {
    endpoint: emulators.cosmosEndpoint,
    key: emulators.cosmosKey,
    connectionPolicy: { enableEndpointDiscovery: false },
    plugins: [deferredQueryPlans(), counting],
  };
  return new CosmosClient(options);
}

const owner = `u-${randomUUID()}`;

/** The owner's items, by a query given their partition key. */
async function ownersItems(cosmos: CosmosClient): Promise<{ n: number }[]> {
  const { resources } = await cosmos
    .database(database)
    .container(containerId)
    .items.query<{ n: number }>(
      { query: 'SELECT * FROM c WHERE c.userId = @u', parameters: [{ name: '@u', value: owner }] },
      { partitionKey: owner },
    )
    .fetchAll();
  return resources;
}

beforeAll(async () => {
  const setup = new CosmosClient({
    endpoint: emulators.cosmosEndpoint,
    key: emulators.cosmosKey,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const { database: db } = await setup.databases.createIfNotExists({ id: database });
  const { container } = await db.containers.createIfNotExists({
    id: containerId,
    partitionKey: { paths: ['/userId'] },
  });
  for (const [userId, n] of [
    [owner, 1],
    [owner, 2],
    [`other-${randomUUID()}`, 3],
  ] as const) {
    await container.items.create({ id: randomUUID(), userId, n });
  }
});

afterAll(async () => {
  const setup = new CosmosClient({
    endpoint: emulators.cosmosEndpoint,
    key: emulators.cosmosKey,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  await setup.database(database).delete();
});

describe('query plans', () => {
  it('a query given a partition key makes one request, and its results', async () => {
    const seen: Seen = { kinds: [] };
    const resources = await ownersItems(client(seen));
    expect(resources.map((r) => r.n).sort()).toEqual([1, 2]);
    expect(seen.kinds.filter((k) => k === 'plan' || k === 'query')).toEqual(['query']);
  });

  it('a query across partitions still asks for its plan', async () => {
    const seen: Seen = { kinds: [] };
    const { resources } = await client(seen)
      .database(database)
      .container(containerId)
      .items.query<{ n: number }>('SELECT * FROM c')
      .fetchAll();
    expect(resources.length).toBeGreaterThanOrEqual(3);
    expect(seen.kinds.filter((k) => k === 'plan')).toHaveLength(1);
  });

  it('when the gateway asks for a plan, the held one is sent and the query runs from it', async () => {
    const seen: Seen = { kinds: [] };
    const resources = await ownersItems(client(seen, { refuseFirstQuery: true }));
    expect(resources.map((r) => r.n).sort()).toEqual([1, 2]);
    const kinds = seen.kinds.filter((k) => k === 'plan' || k === 'query');
    expect(kinds[0]).toBe('query');
    expect(kinds).toContain('plan');
    expect(kinds.indexOf('plan')).toBeGreaterThan(0);
  });
});
