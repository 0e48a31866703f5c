import type { Database } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError } from '../src/config';
import { bootstrapManifestContainers } from '../../tests/support/manifest-containers';
import { CosmosAuditLog } from '../src/adapters/cosmos/audit-log';
import {
  CosmosInamiStore,
  inamiIndexContainerName,
  piiContainerName,
} from '../src/adapters/cosmos/inami-store';
import { createInamiCrypto } from '../src/adapters/crypto/field-cipher';
import { runInamiKeyRotation } from '../src/adapters/inami-key-rotation';
import { RevealInami, SetMyInami, type StoredInami } from '../src/domain/inami-use-cases';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

// The Cosmos adapter of the INAMI store against the emulator, with containers created from the
// resource manifest exactly as the api bootstraps them.
const emulators = inject('emulators');
const databaseName = 'soins-inami-it';
const cosmos = emulatorCosmosClient(emulators);
let database: Database;
let store: CosmosInamiStore;

const k = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const keysV1 = {
  INAMI_ENCRYPTION_KEYS: `1:${k(1)}`,
  INAMI_ENCRYPTION_CURRENT: '1',
  INAMI_INDEX_KEYS: `1:${k(11)}`,
  INAMI_INDEX_CURRENT: '1',
};
const clock = { now: () => new Date('2026-11-25T10:00:00Z') };

const sample = (n: number): StoredInami => ({
  ciphertext: `v1.token${n}`,
  keyVersion: 1,
  blindIndex: `v1.index${n}`,
  indexVersion: 1,
  updatedAt: '2026-11-25T10:00:00.000Z',
});

beforeAll(async () => {
  await bootstrapManifestContainers(
    cosmos,
    databaseName,
    [piiContainerName, inamiIndexContainerName, 'audit', 'audit-log'],
    emulators.storageConnectionString,
  );
  database = cosmos.database(databaseName);
  store = new CosmosInamiStore(cosmos, databaseName);
});

afterAll(async () => {
  await database.delete().catch(() => undefined);
  cosmos.dispose();
});

describe('manifest', () => {
  it('declares pii partitioned by /userId and inami-index partitioned by /id', async () => {
    const pii = await database.container(piiContainerName).read();
    const index = await database.container(inamiIndexContainerName).read();
    expect(pii.resource?.partitionKey?.paths).toEqual(['/userId']);
    expect(index.resource?.partitionKey?.paths).toEqual(['/id']);
  });
});

describe('CosmosInamiStore records', () => {
  it('creates, reads, updates with the etag and refuses a stale etag', async () => {
    expect(await store.read('u_rec')).toEqual({ value: undefined, etag: undefined });
    expect(await store.write('u_rec', undefined, undefined)).toBe(true);
    expect(await store.write('u_rec', sample(1), undefined)).toBe(true);
    expect(await store.write('u_rec', sample(9), undefined)).toBe(false); // already exists
    const first = await store.read('u_rec');
    expect(first.value).toEqual(sample(1));
    expect(await store.write('u_rec', sample(2), first.etag)).toBe(true);
    expect(await store.write('u_rec', sample(3), first.etag)).toBe(false);
    expect((await store.read('u_rec')).value).toEqual(sample(2));
    const doc = await database
      .container(piiContainerName)
      .item('u_rec', 'u_rec')
      .read<Record<string, unknown>>();
    expect(doc.resource).toMatchObject({ id: 'u_rec', userId: 'u_rec', schemaVersion: 1, inami: sample(2) });
  });

  it('removes the number but keeps the other fields of the PII document', async () => {
    const pii = database.container(piiContainerName);
    await pii.items.create({
      id: 'u_rm',
      userId: 'u_rm',
      schemaVersion: 1,
      inami: sample(4),
      other: { a: 1 },
    });
    const snapshot = await store.read('u_rm');
    expect(await store.write('u_rm', undefined, 'stale')).toBe(false);
    expect(await store.write('u_rm', undefined, snapshot.etag)).toBe(true);
    const { resource } = await pii.item('u_rm', 'u_rm').read<Record<string, unknown>>();
    expect(resource).toMatchObject({ id: 'u_rm', userId: 'u_rm', schemaVersion: 1, other: { a: 1 } });
    expect(resource && 'inami' in resource).toBe(false);
    const after = await store.read('u_rm');
    expect(after.value).toBeUndefined();
    expect(await store.write('u_rm', sample(5), after.etag)).toBe(true);
    expect((await pii.item('u_rm', 'u_rm').read<Record<string, unknown>>()).resource).toMatchObject({
      other: { a: 1 },
      inami: sample(5),
    });
  });

  it('lists every stored number with continuation tokens', async () => {
    for (let i = 0; i < 5; i++) await store.write(`u_list_${i}`, sample(10 + i), undefined);
    await database
      .container(piiContainerName)
      .items.create({ id: 'u_none', userId: 'u_none', schemaVersion: 1 });
    const seen: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await store.list({ pageSize: 2, ...(continuationToken ? { continuationToken } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.userId));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    expect(seen.filter((id) => id.startsWith('u_list_')).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `u_list_${i}`),
    );
    expect(seen).not.toContain('u_none'); // a PII document without a number
  });
});

describe('CosmosInamiStore index claims', () => {
  it('lets exactly one of many simultaneous claims win, and is idempotent for the winner', async () => {
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => store.claimIndex('v1.race', `u_${i}`, '2026-11-25T10:00:00.000Z')),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const owner = await store.indexOwner('v1.race');
    expect(owner?.claimedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(await store.claimIndex('v1.race', owner?.userId ?? '', '2026-11-25T11:00:00.000Z')).toBe(true);
    expect((await store.indexOwner('v1.race'))?.claimedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('releases a claim only for its holder', async () => {
    expect(await store.claimIndex('v1.release', 'u_a', '2026-11-25T10:00:00.000Z')).toBe(true);
    await store.releaseIndex('v1.release', 'u_b');
    expect((await store.indexOwner('v1.release'))?.userId).toBe('u_a');
    await store.releaseIndex('v1.release', 'u_a');
    expect(await store.indexOwner('v1.release')).toBeUndefined();
    await store.releaseIndex('v1.release', 'u_a'); // already gone: no error
    expect(await store.claimIndex('v1.release', 'u_b', '2026-11-25T10:00:00.000Z')).toBe(true);
  });
});

describe('INAMI use cases on Cosmos', () => {
  it('refuses a number held by another account, and audits an admin reveal in the subject’s partition', async () => {
    const { cipher, index } = createInamiCrypto(keysV1);
    const set = new SetMyInami(store, cipher, index, clock);
    expect((await set.execute({ userId: 'u_alice', inami: '4-12345-02-401' })).ok).toBe(true);
    expect(await set.execute({ userId: 'u_bob', inami: '41234502401' })).toMatchObject({
      ok: false,
      error: { code: 'inami_taken' },
    });
    const raw = await database
      .container(piiContainerName)
      .item('u_alice', 'u_alice')
      .read<Record<string, unknown>>();
    expect(JSON.stringify(raw.resource)).not.toMatch(/12345/);

    const reveal = new RevealInami(store, cipher, new CosmosAuditLog(cosmos, databaseName), clock);
    expect(await reveal.execute({ actor: { id: 'u_admin', roles: ['admin'] }, userId: 'u_alice' })).toEqual({
      ok: true,
      value: { number: '4-12345-02-401' },
    });
    const { resources: entries } = await database
      .container('audit')
      .items.query<Record<string, unknown>>(
        { query: 'SELECT * FROM c WHERE c.userId = @u', parameters: [{ name: '@u', value: 'u_alice' }] },
        { partitionKey: 'u_alice' },
      )
      .fetchAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      userId: 'u_alice',
      actorId: 'u_admin',
      action: 'inami.reveal',
      targetType: 'user',
      targetId: 'u_alice',
      at: '2026-11-25T10:00:00.000Z',
      schemaVersion: 2,
    });
  });

  it('rotates both keys through the command’s entry point, idempotently', async () => {
    // Only real records matter here: drop the fake tokens written by the record tests.
    const pii = database.container(piiContainerName);
    const { resources: docs } = await pii.items.query<{ id: string }>('SELECT c.id FROM c').fetchAll();
    for (const doc of docs) if (doc.id !== 'u_alice') await pii.item(doc.id, doc.id).delete();
    const { cipher, index } = createInamiCrypto(keysV1);
    const set = new SetMyInami(store, cipher, index, clock);
    expect((await set.execute({ userId: 'u_carol', inami: '19006951001' })).ok).toBe(true);

    const env = {
      COSMOS_ENDPOINT: emulators.cosmosEndpoint,
      COSMOS_KEY: emulators.cosmosKey,
      COSMOS_DATABASE: databaseName,
      COSMOS_ALLOW_INSECURE_EMULATOR: 'true',
      INAMI_ENCRYPTION_KEYS: `1:${k(1)},2:${k(2)}`,
      INAMI_ENCRYPTION_CURRENT: '2',
      INAMI_INDEX_KEYS: `1:${k(11)},2:${k(12)}`,
      INAMI_INDEX_CURRENT: '2',
    };
    expect(await runInamiKeyRotation(env, { pageSize: 1 })).toEqual({
      scanned: 2,
      updated: 2,
      reencrypted: 2,
      reindexed: 2,
      unchanged: 0,
      failed: 0,
      conflicts: 0,
      skipped: 0,
      attention: [],
    });
    expect(await runInamiKeyRotation(env)).toMatchObject({ scanned: 2, updated: 0, unchanged: 2 });

    const rotated = createInamiCrypto(env);
    const alice = await store.read('u_alice');
    expect(alice.value).toMatchObject({ keyVersion: 2, indexVersion: 2 });
    expect(await store.indexOwner(rotated.index.compute('41234502'))).toMatchObject({ userId: 'u_alice' });
    expect(await store.indexOwner(index.compute('41234502'))).toBeUndefined(); // old claim released
    const setAfter = new SetMyInami(store, rotated.cipher, rotated.index, clock);
    expect(await setAfter.execute({ userId: 'u_bob', inami: '4-12345-02-001' })).toMatchObject({
      ok: false,
      error: { code: 'inami_taken' },
    });
  });

  it('reports bad settings by name, never by value', async () => {
    const attempt = runInamiKeyRotation({
      COSMOS_ENDPOINT: emulators.cosmosEndpoint,
      COSMOS_KEY: emulators.cosmosKey,
      INAMI_ENCRYPTION_KEYS: '1:c2hvcnQ=',
      INAMI_ENCRYPTION_CURRENT: '1',
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      /INAMI_ENCRYPTION_KEYS entry 1 \(version 1\): key must be 32 bytes/,
    );
    await expect(attempt).rejects.toThrow(/INAMI_INDEX_KEYS: required/);
    await expect(attempt).rejects.not.toThrow(/c2hvcnQ/);
  });
});
