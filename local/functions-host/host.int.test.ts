import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalDeadLetters, LocalDeadLetterStore } from '../../api/src/adapters/messaging/local-dead-letters';
import { StorageQueueBus } from '../../api/src/adapters/messaging/storage-queue-bus';
import { startFixtureHost } from './fixtures/fixture-host';
import type { FunctionsHost } from './host';

interface Delivery {
  key: string;
  deliveryCount: number;
  messageId: string;
  properties: Record<string, unknown>;
}
interface FixtureEvents {
  timers: { name: string; isPastDue: boolean }[];
  deliveries: Delivery[];
  processed: string[];
  retrying: Delivery[];
  logs: { event: string; fields: Record<string, unknown> }[];
}
const events = (): FixtureEvents => (globalThis as unknown as { __hostFixture: FixtureEvents }).__hostFixture;

let host: FunctionsHost;
const emulators = inject('emulators');

beforeAll(async () => {
  host = await startFixtureHost('host-fixture', emulators.storageConnectionString, {
    env: { FIXTURE_FAST_SCHEDULE: '* * * * * *' },
    scheduleTimers: true,
    maxDeliveryCount: () => 3,
    queuePollIntervalMs: 50,
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

describe('local Functions host: queues behave like Service Bus', () => {
  const queues = () => QueueServiceClient.fromConnectionString(emulators.storageConnectionString);
  const deadLetters = () =>
    new LocalDeadLetters(
      LocalDeadLetterStore.fromConnectionString(emulators.storageConnectionString),
      StorageQueueBus.fromConnectionString(emulators.storageConnectionString, { queues: new Map() }),
    );
  const send = async (queue: string, body: unknown, options: { visibilityTimeout?: number } = {}) => {
    const id = crypto.randomUUID();
    const envelope = { id, body, enqueuedAt: new Date().toISOString() };
    await queues()
      .getQueueClient(queue)
      .sendMessage(Buffer.from(JSON.stringify(envelope)).toString('base64'), options);
    return id;
  };
  const deliveriesOf = (key: string) =>
    events()
      .deliveries.filter((d) => d.key === key)
      .map((d) => d.deliveryCount);

  it('retries a failing message and succeeds within the max delivery count', async () => {
    await send('fixture-flaky', { key: 'transient', failUntilDelivery: 2 });
    await host.queues.idle();
    expect(deliveriesOf('transient')).toEqual([1, 2, 3]);
    expect(events().processed).toContain('transient');
  });

  it('redelivers a failed message at once (no backoff): its deliveries are spent before a message sent 2 s later is visible', async () => {
    await send('fixture-flaky', { key: 'burst', failUntilDelivery: 99 });
    await send('fixture-flaky', { key: 'later', failUntilDelivery: 0 }, { visibilityTimeout: 2 });
    await host.queues.idle();
    const order = events().deliveries.map((d) => d.key);
    expect(deliveriesOf('burst')).toEqual([1, 2, 3]);
    expect(order.lastIndexOf('burst')).toBeLessThan(order.indexOf('later'));
  });

  it('dead-letters at the max delivery count into the sub-queue, with reason and description', async () => {
    const messageId = await send('fixture-flaky', { key: 'poison', failUntilDelivery: 99 });
    await host.queues.idle();
    expect(deliveriesOf('poison')).toEqual([1, 2, 3]);
    expect(events().processed).not.toContain('poison');
    const listing = await deadLetters().list('fixture-flaky', { limit: 100 });
    expect(listing.items.find((d) => d.messageId === messageId)).toMatchObject({
      reason: 'MaxDeliveryCountExceeded',
      description: 'Message could not be consumed after 3 delivery attempts.',
      deliveryCount: 3,
    });
  });

  it('hands message ids and application properties to the trigger', async () => {
    const bus = StorageQueueBus.fromConnectionString(emulators.storageConnectionString, {
      queues: new Map(),
    });
    await bus.send('fixture-flaky', {
      id: 'fixture:properties',
      body: { key: 'properties', failUntilDelivery: 0 },
      properties: { origin: 'test', attempt: 2 },
    });
    await host.queues.idle();
    expect(events().deliveries.find((d) => d.key === 'properties')).toMatchObject({
      messageId: 'fixture:properties',
      properties: { origin: 'test', attempt: 2 },
    });
  });
});

describe('the api retry wrapper through the local host', () => {
  const bus = () =>
    StorageQueueBus.fromConnectionString(emulators.storageConnectionString, { queues: new Map() });
  const attemptsOf = (key: string) =>
    events()
      .retrying.filter((d) => d.key === key)
      .map((d) => ({
        attempt: Number(d.properties.soinsAttempt ?? 1),
        deliveryCount: d.deliveryCount,
        messageId: d.messageId,
      }));

  it('reschedules a failed message under a fresh id and processes it once it succeeds', async () => {
    await bus().send('fixture-retrying', {
      id: 'fixture:recovers',
      body: { key: 'recovers', failUntilAttempt: 1 },
    });
    await host.queues.idle();
    expect(attemptsOf('recovers')).toEqual([
      { attempt: 1, deliveryCount: 1, messageId: 'fixture:recovers' },
      { attempt: 2, deliveryCount: 1, messageId: 'fixture:recovers:retry:2' },
    ]);
    expect(events().processed).toContain('recovers');
    const scheduled = events().logs.find(
      (l) => l.event === 'queue.retry_scheduled' && l.fields.messageId === 'fixture:recovers',
    );
    expect(scheduled?.fields).toMatchObject({ nextAttempt: 2, delayMs: 1000 });
  });

  it('after the last attempt, lets the broker redeliver at once and dead-letter it with the last error', async () => {
    await bus().send('fixture-retrying', {
      id: 'fixture:exhausted',
      body: { key: 'exhausted', failUntilAttempt: 99 },
    });
    await host.queues.idle();
    expect(attemptsOf('exhausted')).toEqual([
      { attempt: 1, deliveryCount: 1, messageId: 'fixture:exhausted' },
      { attempt: 2, deliveryCount: 1, messageId: 'fixture:exhausted:retry:2' },
      { attempt: 3, deliveryCount: 1, messageId: 'fixture:exhausted:retry:3' },
      { attempt: 3, deliveryCount: 2, messageId: 'fixture:exhausted:retry:3' },
      { attempt: 3, deliveryCount: 3, messageId: 'fixture:exhausted:retry:3' },
    ]);
    const listing = await new LocalDeadLetters(
      LocalDeadLetterStore.fromConnectionString(emulators.storageConnectionString),
      bus(),
    ).list('fixture-retrying', { limit: 100 });
    expect(listing.items.find((d) => d.messageId === 'fixture:exhausted:retry:3')).toMatchObject({
      reason: 'MaxDeliveryCountExceeded',
      lastError: 'Error: provider unavailable (attempt 2)',
    });
  });
});
