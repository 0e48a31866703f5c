import { livenessSchema, problemSchema, readinessSchema } from '@soins/shared';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startFunctionsHost, type FunctionsHost } from '../../local/functions-host/host';
import { buildApiPackage } from '../../scripts/build-api';
import { emulatorCosmosClient } from '../../tests/support/cosmos';
import { scratchDir } from '../../tests/support/scratch-dir';

// The real api bundle (built from main.ts exactly as for Azure) served by the local host against the
// emulators started by the integration global setup.
const root = join(import.meta.dirname, '..', '..');
const emulators = inject('emulators');
const outDir = scratchDir('soins-api-');
let host: FunctionsHost;

function settings(overrides: Record<string, string> = {}): Record<string, string> {
  const sample = JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };
  return {
    ...sample.Values,
    SOINS_ENV: 'test',
    AzureWebJobsStorage: emulators.storageConnectionString,
    STORAGE_CONNECTION_STRING: emulators.storageConnectionString,
    COSMOS_ENDPOINT: emulators.cosmosEndpoint,
    COSMOS_KEY: emulators.cosmosKey,
    COSMOS_DATABASE: 'soins-it',
    CLAMD_HOST: emulators.clamdHost,
    CLAMD_PORT: String(emulators.clamdPort),
    READINESS_TIMEOUT_MS: '1500',
    LOG_LEVEL: 'error',
    ...overrides,
  };
}

function start(env: Record<string, string>): Promise<FunctionsHost> {
  return startFunctionsHost({
    bundlePath: join(outDir, 'main.cjs'),
    hostJsonPath: join(root, 'host.json'),
    env,
    port: 0,
    scheduleTimers: false,
    log: () => undefined,
  });
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 1;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

beforeAll(async () => {
  await buildApiPackage(outDir);
  host = await start(settings());
  const composition = (host.registry.exports as { composition: { bootstrap(): Promise<void> } }).composition;
  await composition.bootstrap();
  await composition.bootstrap(); // idempotent: a second run changes nothing and does not fail
}, 120_000);

afterAll(async () => {
  await host.stop();
});

const api = (path: string, init?: RequestInit) => fetch(`${host.url}/api/${path}`, init);

describe('api through the local host', () => {
  it('healthz answers 200 with version and uptime', async () => {
    const response = await api('healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = livenessSchema.parse(await response.json());
    expect(body.version).toBe(settings().APP_VERSION);
  });

  it('readyz answers 200 when Cosmos, Blob, queues and clamd answer', async () => {
    const response = await api('readyz');
    const body = readinessSchema.parse(await response.json());
    expect(body.failing).toEqual([]);
    expect(response.status).toBe(200);
  });

  it('bootstrap created every manifest container with its partition key', async () => {
    const cosmos = emulatorCosmosClient(emulators);
    const manifest = JSON.parse(readFileSync(join(root, 'infra', 'resources.json'), 'utf8')) as {
      cosmos: { containers: { name: string; partitionKey: string }[] };
    };
    for (const container of manifest.cosmos.containers) {
      const { resource } = await cosmos.database('soins-it').container(container.name).read();
      expect(resource?.partitionKey?.paths, container.name).toEqual([container.partitionKey]);
    }
  });

  it.each([
    ['unknown route', 'nope/nothing', { method: 'GET' }, 404, 'not_found'],
    ['wrong method', 'healthz', { method: 'DELETE' }, 405, 'method_not_allowed'],
    [
      'malformed JSON',
      'client-errors',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":' },
      400,
      'malformed_json',
    ],
    [
      'invalid fields',
      'client-errors',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":""}' },
      400,
      'validation_failed',
    ],
    [
      'wrong content type',
      'client-errors',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
      415,
      'unsupported_media_type',
    ],
    [
      'body over the limit',
      'client-errors',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x', route: '/', pad: 'y'.repeat(20_000) }),
      },
      413,
      'payload_too_large',
    ],
  ] as const)('%s → %i problem+json', async (_label, path, init, status, code) => {
    const response = await api(path, init);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const text = await response.text();
    expect(text).not.toMatch(/at .+\.(ts|js|cjs):\d+/);
    expect(problemSchema.parse(JSON.parse(text)).code).toBe(code);
  });

  it('accepts a valid client error report', async () => {
    const response = await api('client-errors', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'chunk failed', route: '/fr/formations' }),
    });
    expect(response.status).toBe(202);
  });

  it('limits client error reports per client address and caps their size', async () => {
    // As Static Web Apps forwards a call: the caller's address, then the front end's.
    const from = (address: string) => ({
      'content-type': 'application/json',
      'x-forwarded-for': `${address}, 10.0.0.4`,
    });
    const report = JSON.stringify({ message: 'chunk failed', route: '/fr/formations' });
    const statuses: number[] = [];
    for (let n = 0; n < 12; n++) {
      statuses.push(
        (await api('client-errors', { method: 'POST', headers: from('203.0.113.7'), body: report })).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await api('client-errors', {
      method: 'POST',
      headers: from('203.0.113.7'),
      body: report,
    });
    expect(problemSchema.parse(await limited.json()).code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not affected.
    expect(
      (await api('client-errors', { method: 'POST', headers: from('198.51.100.9'), body: report })).status,
    ).toBe(202);
    // 5 KB of padding (the report itself is capped at 500 + 300 characters): refused before parsing.
    const padded = JSON.stringify({ message: 'x', route: '/', pad: 'y'.repeat(5_000) });
    const large = await api('client-errors', { method: 'POST', headers: from('192.0.2.33'), body: padded });
    expect(large.status).toBe(413);
  });
});

describe('readiness when a dependency is down', () => {
  it('answers 503 naming Cosmos and leaks no connection string', async () => {
    await host.stop();
    const port = await closedPort();
    const env = settings({ COSMOS_ENDPOINT: `http://127.0.0.1:${port}/` });
    host = await start(env);
    const response = await api('readyz');
    expect(response.status).toBe(503);
    const text = await response.text();
    const body = readinessSchema.parse(JSON.parse(text));
    expect(body.failing).toEqual(['cosmos']);
    for (const secret of [env.COSMOS_KEY, env.STORAGE_CONNECTION_STRING, String(port), 'AccountKey']) {
      expect(text).not.toContain(secret);
    }
  });
});
