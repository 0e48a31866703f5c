// The deployed api package keeps its cold import small: the SDKs that only some calls need (PDF engine,
// Durable Functions, Azure identity, Sentry, Stripe, Service Bus, Redis, fflate, the Blob and Queue SDKs) live in side bundles next to
// main.cjs, loaded on first use, and importing main.cjs loads none of them. (The import time itself is a
// figure of `npm run bench`, never asserted here.)
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRegistrations } from '../local/functions-host/registry';
import { buildApiPackage, firstNonAscii, lazyModuleFiles } from './build-api';

const root = join(import.meta.dirname, '..');
const outDir = mkdtempSync(join(tmpdir(), 'api-package-'));
let built: Awaited<ReturnType<typeof buildApiPackage>>;

beforeAll(async () => {
  built = await buildApiPackage(outDir);
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

const onDemand = [
  'stripe',
  '@azure/service-bus',
  'rhea',
  'ioredis',
  'pdfmake',
  'durable-functions',
  '@azure/identity',
  '@sentry/node',
  'fflate',
  '@azure/storage-blob',
  '@azure/storage-queue',
  '@azure/storage-common',
  'fast-xml-parser',
];

describe('the deployed api package', () => {
  it.each(onDemand)('keeps %s out of the api bundle', (name) => {
    expect(built.mainInputs.filter((input) => input.startsWith(`node_modules/${name}/`))).toEqual([]);
  });

  it('bundles zod with its English messages only (no other locale is parsed at cold start)', () => {
    const locales = built.mainInputs.filter((input) => input.startsWith('node_modules/zod/v4/locales/'));
    expect(locales).toEqual(['node_modules/zod/v4/locales/en.js']);
  });

  it('has every side bundle next to main.cjs, and stays under 10 MB without source maps', () => {
    const files = readdirSync(outDir);
    for (const file of lazyModuleFiles) expect(files).toContain(file);
    const bytes = files
      .filter((f) => !f.endsWith('.map'))
      .reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });

  it('registers every function without loading a side bundle', () => {
    const sample = JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as {
      Values: Record<string, string>;
    };
    // vi.stubEnv: undone after the test (unstubEnvs), so nothing leaks into the files that share this worker.
    for (const [key, value] of Object.entries({ ...sample.Values, SOINS_ENV: 'test', LOG_LEVEL: 'error' })) {
      vi.stubEnv(key, value);
    }
    const registry = loadRegistrations(built.bundle);
    expect(registry.byTriggerType('httpTrigger').length).toBeGreaterThan(20);
    const cache = createRequire(import.meta.url).cache;
    const loaded = Object.keys(cache).filter((path) => path.startsWith(outDir));
    // The entry point compiled app.cjs itself, with the cache the build made: V8 accepted it.
    expect(loaded.map((path) => path.slice(outDir.length + 1))).toEqual(['main.cjs']);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('soins.codeCache')]).toBe('accepted');
  });

  it('ships the code cache of the api bundle, which V8 refuses for any other text', () => {
    const app = readFileSync(built.app, 'utf8');
    const cachedData = readFileSync(`${built.app}.cache`);
    expect(new Script(wrap(app), { filename: built.app, cachedData }).cachedDataRejected).toBe(false);
    const edited = new Script(wrap(`${app}\n;`), { filename: built.app, cachedData });
    expect(edited.cachedDataRejected).toBe(true);
  });

  it('loads the Service Bus, Stripe, zip, Blob and Queue SDKs from their side bundles', () => {
    const load = createRequire(import.meta.url);
    const serviceBus = load(join(outDir, 'service-bus-library.cjs')) as { ServiceBusClient?: unknown };
    expect(typeof serviceBus.ServiceBusClient).toBe('function');
    const stripe = load(join(outDir, 'stripe-library.cjs')) as { Stripe?: unknown };
    expect(typeof stripe.Stripe).toBe('function');
    const zip = load(join(outDir, 'zip-library.cjs')) as { Zip?: unknown; ZipDeflate?: unknown };
    expect(typeof zip.Zip).toBe('function');
    expect(typeof zip.ZipDeflate).toBe('function');
    const blob = load(join(outDir, 'blob-library.cjs')) as Record<string, unknown>;
    expect([typeof blob.BlobServiceClient, typeof blob.BlobSASPermissions]).toEqual(['function', 'function']);
    expect(blob.SASProtocol).toMatchObject({ Https: 'https' });
    const queue = load(join(outDir, 'queue-library.cjs')) as { QueueServiceClient?: unknown };
    expect(typeof queue.QueueServiceClient).toBe('function');
  });
});

describe('an ASCII bundle', () => {
  it('finds the first character outside ASCII, with its line and column', () => {
    expect(firstNonAscii('const a = 1;\nconst b = /[a-z]/u;')).toBeUndefined();
    expect(firstNonAscii('const a = 1;\nconst b = /[a-z\u2019]/u;')).toMatchObject({ line: 2, column: 16 });
    expect(firstNonAscii('x'.repeat(100) + 'é')?.text).toBe(`${'x'.repeat(40)}é`);
  });

  it('the api bundle is ASCII, so V8 holds it as a one-byte string', () => {
    expect(firstNonAscii(readFileSync(built.app, 'utf8'))).toBeUndefined();
  });
});
