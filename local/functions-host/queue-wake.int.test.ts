// The local queue trigger backs off while idle; a message the api's local bus sends in this process wakes its
// consumer at once (Service Bus pushes). Here the pollers' pause is a minute, so only the wake can deliver.
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StorageQueueBus } from '../../api/src/adapters/messaging/storage-queue-bus';
import { startFixtureHost } from './fixtures/fixture-host';
import type { FunctionsHost } from './host';

const processed = (): string[] =>
  (globalThis as unknown as { __hostFixture?: { processed: string[] } }).__hostFixture?.processed ?? [];

let host: FunctionsHost;
const emulators = inject('emulators');
const bus = (): StorageQueueBus =>
  StorageQueueBus.fromConnectionString(emulators.storageConnectionString, { queues: new Map() });

beforeAll(async () => {
  host = await startFixtureHost('host-fixture', emulators.storageConnectionString, {
    maxDeliveryCount: () => 3,
    queuePollIntervalMs: 60_000,
    // host.json handles one message of a queue at a time; an app setting raises it, as in Azure.
    env: { AzureFunctionsJobHost__extensions__serviceBus__maxConcurrentCalls: '4' },
  });
});

afterAll(async () => {
  // Stopping wakes the sleeping pollers: this returns at once, not after their minute.
  await host.stop();
});

describe('local queue trigger: idle pollers back off, a local send wakes them', () => {
  it('delivers a message sent through the local bus at once, though the poller sleeps for a minute', async () => {
    const key = `woken-${crypto.randomUUID()}`;
    await bus().send('fixture-flaky', { id: key, body: { key, failUntilDelivery: 0 } });
    await expect.poll(processed, { timeout: 10_000 }).toContain(key);
  });

  it('delivers a scheduled message when it becomes visible', async () => {
    const key = `scheduled-${crypto.randomUUID()}`;
    await bus().send('fixture-flaky', {
      id: key,
      body: { key, failUntilDelivery: 0 },
      scheduledEnqueueTime: new Date(Date.now() + 1_000),
    });
    await expect.poll(processed, { timeout: 10_000 }).toContain(key);
  });

  it('leaves a message sent by other means (another process) to the next poll', async () => {
    const key = `unannounced-${crypto.randomUUID()}`;
    const envelope = { id: key, body: { key, failUntilDelivery: 0 }, enqueuedAt: new Date().toISOString() };
    await QueueServiceClient.fromConnectionString(emulators.storageConnectionString)
      .getQueueClient('fixture-flaky')
      .sendMessage(Buffer.from(JSON.stringify(envelope)).toString('base64'));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(processed()).not.toContain(key);
    // An announced message wakes the consumer, which then drains what waits in its queue.
    const nudge = `nudge-${crypto.randomUUID()}`;
    await bus().send('fixture-flaky', { id: nudge, body: { key: nudge, failUntilDelivery: 0 } });
    await expect.poll(processed, { timeout: 10_000 }).toEqual(expect.arrayContaining([key, nudge]));
  });
});

describe('local queue trigger: messages of one queue side by side', () => {
  it('handles several messages of a queue at once, as Service Bus does up to maxConcurrentCalls', async () => {
    const group = crypto.randomUUID();
    const keys = Array.from({ length: 4 }, (_, i) => `gathered-${String(i)}-${group}`);
    await Promise.all(
      keys.map((key) => bus().send('fixture-gathering', { id: key, body: { key, group, of: 4 } })),
    );
    await expect.poll(processed, { timeout: 4_000 }).toEqual(expect.arrayContaining(keys));
  });
});
