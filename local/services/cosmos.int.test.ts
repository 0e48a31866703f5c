import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorResponse, type Container, type CosmosClient } from '@azure/cosmos';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { assertPortFree, findFreePort } from '../lib/service';
import { emulatorCosmosClient } from '../../tests/support/cosmos';
import { cosmosSnapshotPath, startCosmos, type RunningCosmos } from './cosmos';

// The settings the api's Cosmos adapter uses against the emulator (see cosmos.ts).
function client(endpoint: string, key: string): CosmosClient {
  return emulatorCosmosClient({ cosmosEndpoint: endpoint, cosmosKey: key });
}

async function usersContainer(c: CosmosClient, db: string): Promise<Container> {
  const { database } = await c.databases.createIfNotExists({ id: db });
  const { container } = await database.containers.createIfNotExists({
    id: 'users',
    partitionKey: { paths: ['/tenant'] },
    uniqueKeyPolicy: { uniqueKeys: [{ paths: ['/email'] }] },
  });
  return container;
}

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err instanceof ErrorResponse ? Number(err.code) : -1;
  }
}

describe('Cosmos emulator (shared instance)', () => {
  const { cosmosEndpoint, cosmosKey } = inject('emulators');

  it('rejects a unique key violation with 409 and an id clash with 409', async () => {
    const users = await usersContainer(client(cosmosEndpoint, cosmosKey), `it-unique-${Date.now()}`);
    await users.items.create({ id: 'u1', tenant: 't', email: 'ana@example.be' });
    expect(await statusOf(users.items.create({ id: 'u2', tenant: 't', email: 'ana@example.be' }))).toBe(409);
    expect(await statusOf(users.items.create({ id: 'u1', tenant: 't', email: 'other@example.be' }))).toBe(
      409,
    );
    await users.items.create({ id: 'u3', tenant: 't', email: 'bert@example.be' });
  });

  it('answers 412 on a stale ETag and 404 on a missing item', async () => {
    const users = await usersContainer(client(cosmosEndpoint, cosmosKey), `it-etag-${Date.now()}`);
    const { resource } = await users.items.create({ id: 'u1', tenant: 't', email: 'a@example.be', n: 1 });
    const etag = resource?._etag ?? '';
    await users.item('u1', 't').replace({ id: 'u1', tenant: 't', email: 'a@example.be', n: 2 });
    const stale = users
      .item('u1', 't')
      .replace(
        { id: 'u1', tenant: 't', email: 'a@example.be', n: 3 },
        { accessCondition: { type: 'IfMatch', condition: etag } },
      );
    expect(await statusOf(stale)).toBe(412);
    const missing = await users.item('nope', 't').read();
    expect(missing.statusCode).toBe(404);
  });
});

describe('Cosmos emulator persistence (own instance)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'soins-cosmos-it-'));
  let cosmos: RunningCosmos | undefined;
  afterAll(async () => {
    await cosmos?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps databases, containers (partition key, unique keys) and documents across a restart', async () => {
    const port = await findFreePort();
    cosmos = await startCosmos({ port, dataDir, snapshotIntervalMs: 300 });
    let users = await usersContainer(client(cosmos.endpoint, cosmos.key), 'soins');
    const { resource: created } = await users.items.create({
      id: 'u1',
      tenant: 't1',
      email: 'ana@example.be',
    });
    await users.items.create({ id: 'u2', tenant: 't2', email: 'bert@example.be' });
    await users.items.create({ id: 'gone', tenant: 't2', email: 'gone@example.be' });
    await users.item('gone', 't2').delete();

    // Periodic snapshot while running (written atomically, no restart needed).
    await expect.poll(() => existsSync(cosmosSnapshotPath(dataDir)), { timeout: 5000 }).toBe(true);
    await expect
      .poll(() => readFileSync(cosmosSnapshotPath(dataDir), 'utf8').includes('bert@example.be'), {
        timeout: 5000,
      })
      .toBe(true);

    await cosmos.stop();
    await assertPortFree(port, '127.0.0.1', 'Cosmos emulator');
    cosmos = await startCosmos({ port, dataDir });
    const c = client(cosmos.endpoint, cosmos.key);
    users = c.database('soins').container('users');

    const { resource: read } = await users.item('u1', 't1').read<{ email: string; _etag: string }>();
    expect(read?.email).toBe('ana@example.be');
    expect(read?._etag).toBe(created?._etag);
    expect((await users.item('gone', 't2').read()).statusCode).toBe(404);

    const { resource: definition } = await users.read();
    expect(definition?.partitionKey?.paths).toEqual(['/tenant']);
    expect(definition?.uniqueKeyPolicy?.uniqueKeys[0]?.paths).toEqual(['/email']);
    expect(await statusOf(users.items.create({ id: 'u9', tenant: 't1', email: 'ana@example.be' }))).toBe(409);

    const { resources } = await users.items
      .query<{ id: string }>({
        query: 'SELECT c.id FROM c WHERE c.tenant = @t',
        parameters: [{ name: '@t', value: 't2' }],
      })
      .fetchAll();
    expect(resources.map((r) => r.id)).toEqual(['u2']);

    // New documents after the restart get fresh resource ids (counters were restored too).
    const { resource: next } = await users.items.create({
      id: 'u3',
      tenant: 't1',
      email: 'carla@example.be',
    });
    expect(next?._rid).not.toBe(read && (read as { _rid?: string })._rid);
    const all = await users.items.readAll<{ _rid: string }>().fetchAll();
    expect(new Set(all.resources.map((r) => r._rid)).size).toBe(all.resources.length);
  });
});
