// Test support: builds the fixture app (fixtures/orchestrations.ts) the way the api is built — an esbuild
// CommonJS bundle with @azure/functions-core left to the host — and loads its registrations. Every call
// to load() is a fresh module instance, like a new host process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFunctionsApp } from '../../../../scripts/build-api';
import { loadRegistrations, type Registry } from '../../registry';

export interface FixtureApp {
  load(): Registry;
  dispose(): void;
}

export async function buildFixtureApp(): Promise<FixtureApp> {
  const dir = mkdtempSync(join(tmpdir(), 'durable-fixture-'));
  const outfile = join(dir, 'orchestrations.cjs');
  await bundleFunctionsApp(
    join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'orchestrations.ts'),
    outfile,
  );
  return {
    load: () => loadRegistrations(outfile),
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
