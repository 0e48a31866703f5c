// Parity: like the real Functions host, the local host answers every request from the moment its port
// is open: 503 with Retry-After while it starts, then the functions. A client polling throughout the
// start-up gets an answer to each request and never waits on one that is never answered.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../lib/service';
import { bundleFixture, fixtureHostJsonPath, removeFixtureBundle } from './fixtures/fixture-host';
import { startFunctionsHost, type FunctionsHost } from './host';

type Outcome =
  | { kind: 'answered'; status: number; retryAfter?: string; contentType?: string }
  | { kind: 'refused' }
  | { kind: 'hung' }
  | { kind: 'failed'; code: string };

const emulators = inject('emulators');
// A request not answered within this long is taken as hanging (a hung one never ends on its own).
const hangAfterMs = 5000;
let bundle: string;

beforeAll(async () => {
  bundle = await bundleFixture('host-fixture');
});

afterAll(() => {
  // Unset when bundling failed: its error is the one to see.
  if (typeof bundle === 'string') removeFixtureBundle(bundle);
});

function probe(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/api/healthz',
      agent: false,
      timeout: hangAfterMs,
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => {
        resolve({
          kind: 'answered',
          status: res.statusCode ?? 0,
          ...(res.headers['retry-after'] ? { retryAfter: res.headers['retry-after'] } : {}),
          ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
        });
      });
    });
    req.once('timeout', () => {
      req.destroy();
      resolve({ kind: 'hung' });
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      resolve(
        error.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'failed', code: String(error.code) },
      );
    });
    req.end();
  });
}

/** Sends a new request every few milliseconds, without waiting for the previous ones. */
function startPolling(port: number) {
  const outcomes: Outcome[] = [];
  const pending = new Set<Promise<void>>();
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      const sent = probe(port).then((outcome) => {
        outcomes.push(outcome);
      });
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    outcomes,
    seen: (status: number) => outcomes.some((o) => o.kind === 'answered' && o.status === status),
    async stop(): Promise<Outcome[]> {
      state.running = false;
      await loop;
      await Promise.all([...pending]);
      return outcomes;
    },
  };
}

async function until(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('local Functions host: requests during start-up', () => {
  let host: FunctionsHost | undefined;
  afterAll(async () => {
    await host?.stop();
  });

  it('answers each request while it starts (503, Retry-After, problem+json) and then serves them', async () => {
    const port = await findFreePort();
    const polling = startPolling(port);
    await until(() => polling.outcomes.length > 0); // the client is polling before the host starts
    host = await startFunctionsHost({
      bundlePath: bundle,
      hostJsonPath: fixtureHostJsonPath,
      env: { AzureWebJobsStorage: emulators.storageConnectionString },
      port,
      scheduleTimers: false,
      log: () => undefined,
      // Bootstrap and seeding take a while in `npm start`: requests keep arriving meanwhile.
      beforeReady: () => until(() => polling.seen(503)),
    });
    await until(() => polling.seen(200));
    const outcomes = await polling.stop();

    const answered = outcomes.flatMap((o) => (o.kind === 'answered' ? [o] : []));
    expect(outcomes.filter((o) => o.kind === 'hung' || o.kind === 'failed')).toEqual([]);
    expect([...new Set(answered.map((o) => o.status))].sort()).toEqual([200, 503]);
    for (const starting of answered.filter((o) => o.status === 503)) {
      expect(starting.retryAfter).toBe('1');
      expect(starting.contentType).toContain('application/problem+json');
    }
    // Once ready, it stays ready.
    for (let i = 0; i < 3; i++) expect(await probe(port)).toMatchObject({ kind: 'answered', status: 200 });
  });

  const failingStarts = [
    {
      step: 'the storage connection (queue workers, durable task hub)',
      env: () => ({ AzureWebJobsStorage: 'not-a-connection-string' }),
      beforeReady: undefined,
    },
    {
      step: 'the bootstrap and seeding hook',
      env: () => ({ AzureWebJobsStorage: emulators.storageConnectionString }),
      beforeReady: () => Promise.reject(new Error('seeding failed')),
    },
  ];
  for (const failing of failingStarts) {
    it(`releases its port when ${failing.step} fails`, async () => {
      const port = await findFreePort();
      const outcome = await startFunctionsHost({
        bundlePath: bundle,
        hostJsonPath: fixtureHostJsonPath,
        env: failing.env(),
        port,
        scheduleTimers: false,
        log: () => undefined,
        ...(failing.beforeReady ? { beforeReady: failing.beforeReady } : {}),
      }).then(
        async (started) => {
          await started.stop();
          return 'started';
        },
        () => 'refused to start',
      );
      expect(outcome).toBe('refused to start');
      expect(await probe(port)).toEqual({ kind: 'refused' });
    });
  }
});
