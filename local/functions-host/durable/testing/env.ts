// Test support: the storage connection for integration tests — the one the integration global setup
// provides (inject('emulators')) or, without it, a private Azurite — plus small helpers (polling, counting
// a store's reads).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../../lib/service';
import { startAzurite } from '../../../services/azurite';
import type { DurableStore } from '../store';

export interface TestStorage {
  readonly connectionString: string;
  stop(): Promise<void>;
}

export async function testStorage(provided: string | undefined): Promise<TestStorage> {
  if (provided) return { connectionString: provided, stop: () => Promise.resolve() };
  const dataDir = mkdtempSync(join(tmpdir(), 'durable-azurite-'));
  const azurite = await startAzurite({
    blobPort: await findFreePort(),
    queuePort: await findFreePort(),
    tablePort: await findFreePort(),
    dataDir,
  });
  return {
    connectionString: azurite.connectionString,
    stop: async () => {
      await azurite.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A task hub name nobody else uses (letters and digits only, like the Durable rule). */
export function uniqueTaskHub(prefix = 'dt'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Counts the instance-blob downloads a store makes (every other request passes through). */
export function countingDownloads(store: DurableStore): { count: () => number } {
  let downloads = 0;
  const instances = (store as unknown as { instances: { getBlockBlobClient: (name: string) => unknown } })
    .instances;
  const original = instances.getBlockBlobClient.bind(instances);
  instances.getBlockBlobClient = (name: string) => {
    const client = original(name) as { download: (...args: unknown[]) => Promise<unknown> };
    const download = client.download.bind(client);
    client.download = (...args: unknown[]) => {
      downloads++;
      return download(...args);
    };
    return client;
  };
  return { count: () => downloads };
}
