// The Durable store against a real Azurite: an episode reads the instance document its engine wrote last
// without downloading it again, and a write made elsewhere meanwhile is caught by the conditional write.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmulatorEnv } from '../../../tests/setup/emulator-env';
import { historyEvents } from './history';
import { DurableStore } from './store';
import { countingDownloads, testStorage, uniqueTaskHub, type TestStorage } from './testing/env';
import { newInstanceState, type InstanceState } from './types';

let storage: TestStorage;

beforeAll(async () => {
  const provided = inject('emulators') as EmulatorEnv | undefined;
  storage = await testStorage(provided?.storageConnectionString);
});

afterAll(async () => {
  await storage.stop();
});

function instance(instanceId: string): InstanceState {
  return newInstanceState(instanceId, 'certificate', '{}', undefined);
}

/** A store on a task hub of its own (or the given one), its containers and queues created. */
async function openStore(hub = uniqueTaskHub()): Promise<DurableStore> {
  const store = new DurableStore(storage.connectionString, hub);
  await store.init();
  return store;
}

describe('DurableStore instance documents', () => {
  it('answers a recent read from its own last write, and a status read from the blob', async () => {
    const store = await openStore();
    const downloads = countingDownloads(store);
    const state = instance('i-recent');
    const created = await store.createInstance(state);
    expect(created).toBeTruthy();
    state.customStatus = '"step 2"';
    const replaced = await store.replaceInstance(state, created ?? '');

    const recent = await store.readInstance('i-recent', { recent: true });
    expect(recent?.etag).toBe(replaced);
    expect(recent?.state.customStatus).toBe('"step 2"');
    expect(downloads.count()).toBe(0);
    // A fresh object each time: what an episode changes in memory is not what the next one reads.
    recent?.state.history.push(historyEvents.orchestratorStarted(new Date()));
    expect((await store.readInstance('i-recent', { recent: true }))?.state.history).toEqual([]);

    expect((await store.readInstance('i-recent'))?.etag).toBe(replaced);
    expect(downloads.count()).toBe(1);
  });

  it('catches a write made elsewhere with its conditional write, then reads the blob', async () => {
    const hub = uniqueTaskHub();
    const mine = await openStore(hub);
    const other = new DurableStore(storage.connectionString, hub);
    const state = instance('i-shared');
    const created = await mine.createInstance(state);
    const theirs = await other.readInstance('i-shared');
    if (!theirs) throw new Error('the other store cannot read the instance');
    theirs.state.customStatus = '"theirs"';
    expect(await other.replaceInstance(theirs.state, theirs.etag)).toBeTruthy();

    // Mine still remembers its own write: the episode's conditional write fails...
    const stale = await mine.readInstance('i-shared', { recent: true });
    expect(stale?.etag).toBe(created);
    if (!stale) throw new Error('no instance');
    stale.state.customStatus = '"mine"';
    expect(await mine.replaceInstance(stale.state, stale.etag)).toBeUndefined();
    // ...and the retry reads what the other store wrote.
    const fresh = await mine.readInstance('i-shared', { recent: true });
    if (!fresh) throw new Error('no instance');
    expect(fresh.state.customStatus).toBe('"theirs"');
    expect(await mine.replaceInstance({ ...fresh.state, customStatus: '"mine"' }, fresh.etag)).toBeTruthy();
  });

  it('forgets a deleted instance, and never remembers a finished one', async () => {
    const store = await openStore();
    const downloads = countingDownloads(store);
    const gone = instance('i-gone');
    const etag = await store.createInstance(gone);
    expect(await store.deleteInstance('i-gone', etag ?? '')).toBe(true);
    expect(await store.readInstance('i-gone', { recent: true })).toBeUndefined();

    const done = { ...instance('i-done'), runtimeStatus: 'Completed' as const };
    await store.createInstance(done);
    const before = downloads.count();
    expect((await store.readInstance('i-done', { recent: true }))?.state.runtimeStatus).toBe('Completed');
    expect(downloads.count()).toBe(before + 1);
  });
});
