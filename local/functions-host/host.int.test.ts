import { QueueServiceClient } from '@azure/storage-queue';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunctionsApp } from '../../scripts/build-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctionsHost, type FunctionsHost } from './host';

interface FixtureEvents {
  timers: { name: string; isPastDue: boolean }[];
  deliveries: { key: string; deliveryCount: number }[];
  processed: string[];
}
const events = (): FixtureEvents => (globalThis as unknown as { __hostFixture: FixtureEvents }).__hostFixture;

let host: FunctionsHost;
const emulators = inject('emulators');

beforeAll(async () => {
  const outfile = join(mkdtempSync(join(tmpdir(), 'host-fixture-')), 'fixture.cjs');
  await bundleFunctionsApp(join(import.meta.dirname, 'fixtures', 'host-fixture.ts'), outfile);
  host = await startFunctionsHost({
    bundlePath: outfile,
    hostJsonPath: join(import.meta.dirname, '..', '..', 'host.json'),
    env: { AzureWebJobsStorage: emulators.storageConnectionString, FIXTURE_FAST_SCHEDULE: '* * * * * *' },
    port: 0,
    scheduleTimers: true,
    maxDeliveryCount: () => 3,
    queuePollIntervalMs: 50,
    queueRetryDelay: () => 0,
    log: () => undefined,
  });
});

afterAll(async () => {
  await host.stop();
});

const get = (path: string, init?: RequestInit) => fetch(`${host.url}${path}`, init);

describe('local Functions host: HTTP', () => {
  it('parses route parameters and the query string', async () => {
    const response = await get('/api/items/abc%20d?q=1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ itemId: 'abc d', q: '1' });
  });

  it('prefers a literal route over a parameter', async () => {
    expect(await (await get('/api/items/new')).json()).toEqual({ literal: true });
  });

  it('passes catch-all segments', async () => {
    expect(await (await get('/api/files/a/b/c.txt')).text()).toBe('path=a/b/c.txt');
  });

  it('delivers bodies and headers to the handler', async () => {
    const response = await get('/api/items', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo-auth')).toBe('Bearer t');
    expect(await response.json()).toEqual({ received: { a: 1 } });
  });

  it('answers 404 problem+json for unknown routes', async () => {
    const response = await get('/api/nothing/here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { code: string }).code).toBe('not_found');
  });

  it('answers 405 with Allow for a known route and a wrong method', async () => {
    const response = await get('/api/items', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, PUT');
  });

  it('hides exceptions behind a 500 without detail', async () => {
    const response = await get('/api/boom');
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('internal detail');
  });
});

describe('local Functions host: timers', () => {
  it('fires a timer by hand through the admin API', async () => {
    const before = events().timers.filter((t) => t.name === 'nightly').length;
    const response = await get('/admin/functions/nightly', { method: 'POST', body: '{}' });
    expect(response.status).toBe(202);
    expect(events().timers.filter((t) => t.name === 'nightly')).toHaveLength(before + 1);
  });

  it('fires a timer on its CRON schedule (read from an app setting)', async () => {
    const deadline = Date.now() + 5000;
    while (!events().timers.some((t) => t.name === 'every-second') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(events().timers.some((t) => t.name === 'every-second')).toBe(true);
  });

  it('answers 404 for an unknown timer', async () => {
    expect((await get('/admin/functions/nope', { method: 'POST' })).status).toBe(404);
  });
});

describe('local Functions host: queues', () => {
  const queues = () => QueueServiceClient.fromConnectionString(emulators.storageConnectionString);
  const send = async (body: unknown) => {
    const envelope = { id: crypto.randomUUID(), body, enqueuedAt: new Date().toISOString() };
    await queues()
      .getQueueClient('fixture-flaky')
      .sendMessage(Buffer.from(JSON.stringify(envelope)).toString('base64'));
  };

  it('retries a failing message and succeeds within the max delivery count', async () => {
    await send({ key: 'transient', failUntilDelivery: 2 });
    await host.queues.idle();
    const deliveries = events()
      .deliveries.filter((d) => d.key === 'transient')
      .map((d) => d.deliveryCount);
    expect(deliveries).toEqual([1, 2, 3]);
    expect(events().processed).toContain('transient');
  });

  it('dead-letters a message after the max delivery count', async () => {
    await send({ key: 'poison', failUntilDelivery: 99 });
    await host.queues.idle();
    expect(events().deliveries.filter((d) => d.key === 'poison')).toHaveLength(3);
    expect(events().processed).not.toContain('poison');
    const peeked = await queues()
      .getQueueClient('fixture-flaky-poison')
      .receiveMessages({ numberOfMessages: 32 });
    const bodies = peeked.receivedMessageItems.map(
      (m) =>
        JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as {
          body: { key: string };
          deadLetterReason: string;
        },
    );
    const dead = bodies.find((b) => b.body.key === 'poison');
    expect(dead?.deadLetterReason).toBe('MaxDeliveryCountExceeded');
  });
});
