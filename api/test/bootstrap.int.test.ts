// The bootstrap applies the manifest's container settings to the Cosmos emulator, which honours them as
// Cosmos does: time to live from `defaultTtl` (processed Stripe event ids expire), a changed TTL applied
// in place, and a container whose partition key changed (an older local snapshot) recreated.
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { bootstrapResources } from '../src/adapters/bootstrap';
import { CosmosStripeEventLog } from '../src/adapters/cosmos/billing-store';
import { resources, type ResourceManifest } from '../src/adapters/resources';
import { createBlobStorage } from '../src/adapters/storage/connection';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const cosmos = emulatorCosmosClient(emulators);
const databases: string[] = [];

afterAll(async () => {
  for (const id of databases)
    await cosmos
      .database(id)
      .delete()
      .catch(() => undefined);
  cosmos.dispose();
});

function manifest(containers: ResourceManifest['cosmos']['containers']): ResourceManifest {
  const database = `soins-bootstrap-${String(Date.now())}-${String(databases.length)}`;
  databases.push(database);
  return { cosmos: { database, containers }, queues: [], blobContainers: [] };
}

const bootstrap = (m: ResourceManifest) =>
  bootstrapResources(m, {
    cosmos,
    blobs: createBlobStorage({ kind: 'key', connectionString: emulators.storageConnectionString }),
    queues: undefined,
  });

describe('container time to live from the manifest', () => {
  it('declares it where documents must expire: processed Stripe events and idempotency records', () => {
    const ttl = (name: string) => resources.cosmos.containers.find((c) => c.name === name)?.defaultTtl;
    expect(ttl('stripe-events')).toBe(30 * 86_400);
    expect(ttl('idempotency')).toBe(90 * 86_400);
    expect(ttl('users')).toBeUndefined();
  });

  it('expires processed Stripe event ids (a 1-second TTL in place of 30 days)', async () => {
    const spec = resources.cosmos.containers.find((c) => c.name === 'stripe-events');
    if (!spec) throw new Error('no stripe-events container');
    const m = manifest([{ ...spec, defaultTtl: 1 }]);
    await bootstrap(m);
    const { resource } = await cosmos.database(m.cosmos.database).container('stripe-events').read();
    expect(resource?.defaultTtl).toBe(1);
    const log = new CosmosStripeEventLog(cosmos, m.cosmos.database, { now: () => new Date() });
    await log.record({ id: 'evt_ttl', type: 'invoice.paid', created: 1 });
    const { resource: stored } = await cosmos
      .database(m.cosmos.database)
      .container('stripe-events')
      .item('evt_ttl', 'evt_ttl')
      .read<Record<string, unknown>>();
    expect(stored?.ttl).toBeUndefined(); // the container's setting, not a per-document field
    expect(await log.has('evt_ttl')).toBe(true);
    await vi.waitFor(
      async () => {
        expect(await log.has('evt_ttl')).toBe(false);
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it('applies a changed TTL in place, keeping the documents', async () => {
    const m = manifest([{ name: 'things', partitionKey: '/id', uniqueKeys: [] }]);
    await bootstrap(m);
    const container = cosmos.database(m.cosmos.database).container('things');
    await container.items.create({ id: 'kept' });
    const report = await bootstrap({
      ...m,
      cosmos: {
        ...m.cosmos,
        containers: [{ name: 'things', partitionKey: '/id', uniqueKeys: [], defaultTtl: 3600 }],
      },
    });
    expect(report.changes).toEqual([{ container: 'things', change: 'ttl', to: 3600 }]);
    expect((await container.read()).resource?.defaultTtl).toBe(3600);
    expect((await container.item('kept', 'kept').read()).statusCode).toBe(200);
    expect(
      (
        await bootstrap({
          ...m,
          cosmos: {
            ...m.cosmos,
            containers: [{ name: 'things', partitionKey: '/id', uniqueKeys: [], defaultTtl: 3600 }],
          },
        })
      ).changes,
    ).toEqual([]);
  });
});

describe('a container whose partition key changed', () => {
  it('is recreated with the manifest key, keeping the documents that carry it', async () => {
    const m = manifest([{ name: 'news', partitionKey: '/id', uniqueKeys: [] }]);
    await bootstrap(m);
    const old = cosmos.database(m.cosmos.database).container('news');
    await old.items.create({ id: 'n1', feed: 'public', title: 'kept' });
    await old.items.create({ id: 'n2', title: 'no feed' });
    const report = await bootstrap({
      ...m,
      cosmos: { ...m.cosmos, containers: [{ name: 'news', partitionKey: '/feed', uniqueKeys: [] }] },
    });
    expect(report.changes).toEqual([
      { container: 'news', change: 'recreated', reason: 'partition key /id → /feed', kept: 1, dropped: 1 },
    ]);
    const fresh = cosmos.database(m.cosmos.database).container('news');
    expect((await fresh.read()).resource?.partitionKey?.paths).toEqual(['/feed']);
    const { resource } = await fresh.item('n1', 'public').read<{ title: string }>();
    expect(resource?.title).toBe('kept');
  });
});
