// Parity: the local Cosmos emulator answers queries the way the real gateway does, so @azure/cosmos
// takes the same code path here as in Azure (see cosmos-query-plan.ts for the facts). Each case below
// passed against the plain @vercel/cosmosdb-server, which serves every cross-partition query directly.
import { ErrorResponse, type Container, type CosmosClient } from '@azure/cosmos';
import { describe, expect, inject, it, vi } from 'vitest';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const client = (endpoint: string, key: string): CosmosClient =>
  emulatorCosmosClient({ cosmosEndpoint: endpoint, cosmosKey: key });

let counter = 0;
async function freshContainer(
  endpoint: string,
  key: string,
  options: { defaultTtl?: number } = {},
): Promise<Container> {
  counter++;
  const { database } = await client(endpoint, key).databases.createIfNotExists({
    id: `it-gateway-${String(Date.now())}-${String(counter)}`,
  });
  const { container } = await database.containers.createIfNotExists({
    id: 'items',
    partitionKey: { paths: ['/pk'] },
    ...options,
  });
  return container;
}

async function fill(container: Container, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    // Three logical partitions, so the queries below really are cross-partition.
    await container.items.create({ id: `d${String(n)}`, pk: `p${String(n % 3)}`, n });
  }
}

/** A query sent to the gateway as the SDK's first attempt does (cross-partition, no range header). */
async function rawQuery(
  endpoint: string,
  container: Container,
  query: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(new URL(`${container.url}/docs`, endpoint), {
    method: 'POST',
    headers: {
      'content-type': 'application/query+json',
      'x-ms-documentdb-isquery': 'True',
      'x-ms-documentdb-query-enablecrosspartition': 'True',
      ...headers,
    },
    body: JSON.stringify({ query, parameters: [] }),
  });
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Cosmos emulator: queries as the real gateway runs them', () => {
  const { cosmosEndpoint, cosmosKey } = inject('emulators');

  it('refuses a cross-partition ORDER BY with 400/1004 and the query plan', async () => {
    const container = await freshContainer(cosmosEndpoint, cosmosKey);
    const response = await rawQuery(cosmosEndpoint, container, 'SELECT * FROM c ORDER BY c.n DESC');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-ms-substatus')).toBe('1004');
    const body = (await response.json()) as { message: string; additionalErrorInfo: string };
    expect(body.message).toContain('can not be directly served by the gateway');
    const plan = JSON.parse(body.additionalErrorInfo) as {
      queryInfo: { orderBy: string[]; orderByExpressions: string[]; rewrittenQuery: string };
      queryRanges: unknown[];
    };
    expect(plan.queryInfo.orderBy).toEqual(['Descending']);
    expect(plan.queryInfo.orderByExpressions).toEqual(['c.n']);
    expect(plan.queryInfo.rewrittenQuery).toContain('AS orderByItems');
    expect(plan.queryInfo.rewrittenQuery).toContain('{documentdb-formattableorderbyquery-filter}');
    expect(plan.queryRanges).toEqual([{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }]);
    // TOP and VALUE aggregates are refused the same way; a plain query is served.
    expect((await rawQuery(cosmosEndpoint, container, 'SELECT TOP 1 * FROM c')).status).toBe(400);
    expect((await rawQuery(cosmosEndpoint, container, 'SELECT VALUE COUNT(1) FROM c')).status).toBe(400);
    const nonValue = await rawQuery(cosmosEndpoint, container, 'SELECT COUNT(1) AS n FROM c');
    expect(nonValue.status).toBe(400);
    expect(((await nonValue.json()) as { message: string }).message).toContain(
      "only supports 'VALUE <AggregateFunc>'",
    );
    expect((await rawQuery(cosmosEndpoint, container, 'SELECT * FROM c WHERE c.n > 1')).status).toBe(200);
    // With a partition key the query is single-partition: served as it is.
    const single = await rawQuery(cosmosEndpoint, container, 'SELECT * FROM c ORDER BY c.n DESC', {
      'x-ms-documentdb-partitionkey': '["p1"]',
    });
    expect(single.status).toBe(200);
  });

  it('answers query-plan requests, refusing features the client does not support', async () => {
    const container = await freshContainer(cosmosEndpoint, cosmosKey);
    const planRequest = (features?: string) =>
      rawQuery(cosmosEndpoint, container, 'SELECT * FROM c ORDER BY c.n', {
        'x-ms-cosmos-is-query-plan-request': 'True',
        ...(features === undefined ? {} : { 'x-ms-cosmos-supported-query-features': features }),
      });
    const refused = await planRequest();
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain('unsupported features');
    const answered = await planRequest('Aggregate,OrderBy,Top');
    expect(answered.status).toBe(200);
    expect(
      ((await answered.json()) as { partitionedQueryExecutionInfoVersion: number })
        .partitionedQueryExecutionInfoVersion,
    ).toBe(2);
  });

  it('runs a cross-partition ORDER BY client-side: no continuation token, undefined on an empty page, a supplied token throws', async () => {
    const container = await freshContainer(cosmosEndpoint, cosmosKey);
    const empty = await container.items
      .query('SELECT * FROM c ORDER BY c.n DESC', { maxItemCount: 2 })
      .fetchNext();
    expect(empty.resources).toBeUndefined();

    await fill(container, 5);
    const iterator = container.items.query<{ n: number }>('SELECT * FROM c ORDER BY c.n DESC', {
      maxItemCount: 2,
    });
    const first = await iterator.fetchNext();
    expect(first.resources.map((d) => d.n)).toEqual([4, 3]);
    expect(first.continuationToken).toBeUndefined();
    const seen = [...first.resources.map((d) => d.n)];
    while (iterator.hasMoreResults()) {
      // The SDK's types say `T[]`, but an exhausted client-side page is undefined.
      const resources = (await iterator.fetchNext()).resources as { n: number }[] | undefined;
      seen.push(...(resources ?? []).map((d) => d.n));
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);

    const resumed = await thrown(
      container.items
        .query('SELECT * FROM c ORDER BY c.n DESC', { maxItemCount: 2, continuationToken: '{"token":"x"}' })
        .fetchNext(),
    );
    expect(resumed).toBeInstanceOf(Error);
    expect(resumed).not.toBeInstanceOf(ErrorResponse);
    expect((resumed as { code?: unknown }).code).toBeUndefined();
  });

  it('serves the per-range queries of TOP, projections and VALUE aggregates', async () => {
    const container = await freshContainer(cosmosEndpoint, cosmosKey);
    await fill(container, 5);
    const all = async <T>(query: string, parameters: { name: string; value: number }[] = []): Promise<T[]> =>
      (await container.items.query<T>({ query, parameters }).fetchAll()).resources;
    expect(await all<{ n: number }>('SELECT TOP 2 c.n FROM c ORDER BY c.n')).toEqual([{ n: 0 }, { n: 1 }]);
    expect(
      await all('SELECT c.id, c.n AS x FROM c WHERE c.n >= @m ORDER BY c.n DESC', [{ name: '@m', value: 3 }]),
    ).toEqual([
      { id: 'd4', x: 4 },
      { id: 'd3', x: 3 },
    ]);
    expect(await all('SELECT VALUE COUNT(1) FROM c')).toEqual([5]);
    expect(await all('SELECT VALUE SUM(c.n) FROM c')).toEqual([10]);
    expect(await all('SELECT VALUE AVG(c.n) FROM c WHERE c.n > @m', [{ name: '@m', value: 1 }])).toEqual([3]);
    expect(await all('SELECT VALUE MIN(c.n) FROM c')).toEqual([0]);
    expect(await all('SELECT VALUE MAX(c.n) FROM c')).toEqual([4]);
    expect(await all('SELECT TOP 3 * FROM c')).toHaveLength(3);
  });

  it('pages a single-partition query with continuation tokens, within its partition only', async () => {
    const container = await freshContainer(cosmosEndpoint, cosmosKey);
    await fill(container, 9);
    const page = (continuationToken?: string) =>
      container.items
        .query<{ n: number }>('SELECT * FROM c ORDER BY c.n DESC', {
          partitionKey: 'p1',
          maxItemCount: 2,
          ...(continuationToken ? { continuationToken } : {}),
        })
        .fetchNext();
    const first = await page();
    expect(first.resources.map((d) => d.n)).toEqual([7, 4]);
    expect(first.continuationToken).toBeDefined();
    const second = await page(first.continuationToken);
    expect(second.resources.map((d) => d.n)).toEqual([1]);
    expect(second.continuationToken).toBeUndefined();
  });

  it('answers a continuation token it did not issue with 400, not the first page', async () => {
    const container = await freshContainer(cosmosEndpoint, cosmosKey);
    await fill(container, 3);
    for (const token of ['garbage', '{"x":1}', '{"token":"+RID:nope"}']) {
      const error = await thrown(
        container.items
          .query('SELECT * FROM c', { partitionKey: 'p0', continuationToken: token })
          .fetchNext(),
      );
      expect(error).toBeInstanceOf(ErrorResponse);
      expect((error as ErrorResponse).code).toBe(400);
    }
  });
});

describe('Cosmos emulator: time to live', () => {
  const { cosmosEndpoint, cosmosKey } = inject('emulators');

  it('expires documents after the container default, honours item overrides, keeps them without TTL', async () => {
    const withTtl = await freshContainer(cosmosEndpoint, cosmosKey, { defaultTtl: 1 });
    await withTtl.items.create({ id: 'short', pk: 'p' });
    await withTtl.items.create({ id: 'forever', pk: 'p', ttl: -1 });
    await withTtl.items.create({ id: 'longer', pk: 'p', ttl: 3600 });
    const noDefault = await freshContainer(cosmosEndpoint, cosmosKey, { defaultTtl: -1 });
    await noDefault.items.create({ id: 'own', pk: 'p', ttl: 1 });
    await noDefault.items.create({ id: 'kept', pk: 'p' });
    const off = await freshContainer(cosmosEndpoint, cosmosKey);
    await off.items.create({ id: 'ignored', pk: 'p', ttl: 1 });

    await vi.waitFor(
      async () => {
        expect((await withTtl.item('short', 'p').read()).statusCode).toBe(404);
        expect((await noDefault.item('own', 'p').read()).statusCode).toBe(404);
      },
      { timeout: 15_000, interval: 250 },
    );
    const ids = async (container: Container) =>
      (await container.items.query<{ id: string }>('SELECT c.id FROM c').fetchAll()).resources
        .map((d) => d.id)
        .sort();
    expect(await ids(withTtl)).toEqual(['forever', 'longer']);
    expect(await ids(noDefault)).toEqual(['kept']);
    expect(await ids(off)).toEqual(['ignored']);
  });

  it('keeps the documents when a container definition is replaced, and applies its new TTL', async () => {
    const container = await freshContainer(cosmosEndpoint, cosmosKey);
    await container.items.create({ id: 'a', pk: 'p' });
    const { resource } = await container.read();
    if (!resource) throw new Error('no container');
    const { resource: replaced } = await container.replace({ ...resource, defaultTtl: 3600 });
    expect(replaced?.defaultTtl).toBe(3600);
    expect((await container.item('a', 'p').read()).statusCode).toBe(200);
    const changedKey = await thrown(container.replace({ ...resource, partitionKey: { paths: ['/other'] } }));
    expect((changedKey as ErrorResponse).code).toBe(400);
  });
});
