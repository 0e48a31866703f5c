// The local stand-in for Service Bus (Azurite storage queues) holds producers to the broker's rules:
// message ids of at most 128 characters, duplicate detection where the manifest declares it,
// scheduled messages invisible until their time; and its dead-letter sub-queues re-drive and purge.
import { QueueServiceClient } from '@azure/storage-queue';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { LocalDeadLetters, LocalDeadLetterStore } from '../src/adapters/messaging/local-dead-letters';
import { StorageQueueBus } from '../src/adapters/messaging/storage-queue-bus';
import { queueSettings, resources, type QueueSettings } from '../src/adapters/resources';
import { derivedMessageId } from '../src/domain/messaging';

const emulators = inject('emulators');
const service = () => QueueServiceClient.fromConnectionString(emulators.storageConnectionString);

/** A fresh queue, with duplicate detection over `windowMs` when given. */
async function freshQueue(
  windowMs?: number,
): Promise<{ name: string; settings: Map<string, QueueSettings> }> {
  const name = `it-bus-${randomUUID().slice(0, 8)}`;
  await service().getQueueClient(name).createIfNotExists();
  const settings = new Map<string, QueueSettings>([
    [name, { name, maxDeliveryCount: 5, lockDurationMs: 60_000, duplicateDetectionWindowMs: windowMs }],
  ]);
  return { name, settings };
}

async function received(queue: string): Promise<{ id: string; body: unknown }[]> {
  const batch = await service().getQueueClient(queue).receiveMessages({ numberOfMessages: 32 });
  return batch.receivedMessageItems.map(
    (m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as { id: string; body: unknown },
  );
}

const countOf = async (queue: string): Promise<number> =>
  (await service().getQueueClient(queue).getProperties()).approximateMessagesCount ?? 0;

describe('the local bus refuses what Service Bus refuses', () => {
  it('refuses a message id over 128 characters with the SDK’s error, and sends nothing', async () => {
    const { name } = await freshQueue();
    const bus = StorageQueueBus.fromConnectionString(emulators.storageConnectionString);
    await expect(bus.send(name, { id: 'x'.repeat(129), body: {} })).rejects.toThrow(
      "Length of 'messageId' property on the message cannot be greater than 128 characters.",
    );
    expect(await countOf(name)).toBe(0);
    await bus.send(name, { id: 'x'.repeat(128), body: {} });
    expect(await countOf(name)).toBe(1);
  });

  it('keeps derived ids (retries, re-drives) within 128 characters, distinct per base', () => {
    const a = derivedMessageId(`a${'x'.repeat(127)}`, 'retry:10');
    const b = derivedMessageId(`b${'x'.repeat(127)}`, 'retry:10');
    expect(a.length).toBeLessThanOrEqual(128);
    expect(a).not.toBe(b);
    expect(derivedMessageId('welcome:u_1', 'retry:2')).toBe('welcome:u_1:retry:2');
  });
});

describe('duplicate detection where the manifest declares it', () => {
  it('is declared on the queues whose message ids are idempotency keys', () => {
    for (const queue of ['email', 'certificate-requests', 'diploma-scan']) {
      expect(queueSettings.get(queue)?.duplicateDetectionWindowMs).toBeGreaterThan(0);
    }
    expect(resources.queues.every((q) => q.lockDuration)).toBe(true);
  });

  it('drops a message whose id was sent within the window, and accepts it again after', async () => {
    const { name, settings } = await freshQueue(10 * 60_000);
    let now = new Date('2026-03-01T10:00:00Z');
    const bus = StorageQueueBus.fromConnectionString(emulators.storageConnectionString, {
      queues: settings,
      now: () => now,
    });
    await bus.send(name, { id: 'welcome:u_dup', body: { n: 1 } });
    await bus.send(name, { id: 'welcome:u_dup', body: { n: 2 } });
    await bus.send(name, { id: 'welcome:u_other', body: { n: 3 } });
    expect((await received(name)).map((m) => m.body)).toEqual([{ n: 1 }, { n: 3 }]);

    now = new Date('2026-03-01T10:10:01Z');
    await bus.send(name, { id: 'welcome:u_dup', body: { n: 4 } });
    expect((await received(name)).map((m) => m.body)).toEqual([{ n: 4 }]);
  });

  it('keeps every message on a queue without duplicate detection', async () => {
    const { name, settings } = await freshQueue(undefined);
    const bus = StorageQueueBus.fromConnectionString(emulators.storageConnectionString, { queues: settings });
    await bus.send(name, { id: 'same', body: { n: 1 } });
    await bus.send(name, { id: 'same', body: { n: 2 } });
    expect(await countOf(name)).toBe(2);
  });
});

describe('scheduling', () => {
  it('holds a scheduled message invisible until its time', async () => {
    const { name } = await freshQueue();
    const bus = StorageQueueBus.fromConnectionString(emulators.storageConnectionString);
    await bus.send(name, { id: 'later', body: {}, scheduledEnqueueTime: new Date(Date.now() + 60_000) });
    expect(await countOf(name)).toBe(1);
    expect(await received(name)).toEqual([]);
  });
});

describe('local dead-letter sub-queues', () => {
  it('lists without bodies, re-drives under a fresh id with the same body, and purges', async () => {
    const { name, settings } = await freshQueue(10 * 60_000);
    const store = LocalDeadLetterStore.fromConnectionString(emulators.storageConnectionString);
    const bus = StorageQueueBus.fromConnectionString(emulators.storageConnectionString, { queues: settings });
    const deadLetters = new LocalDeadLetters(store, bus);
    const letter = (messageId: string) => ({
      messageId,
      body: { id: 'welcome:u_dl', secret: 'personal data' },
      properties: {
        soinsAttempt: 3,
        soinsChainId: 'welcome:u_dl',
        soinsLastError: 'Error: email provider_unavailable',
      },
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deadLetterErrorDescription: 'Message could not be consumed after 5 delivery attempts.',
      enqueuedAt: '2026-03-01T10:00:00.000Z',
      deadLetteredAt: '2026-03-01T10:00:01.000Z',
      deliveryCount: 5,
    });
    const first = await store.add(name, letter('welcome:u_dl:retry:3'));
    const second = await store.add(name, letter('welcome:u_dl:retry:3'));

    const listing = await deadLetters.list(name, { limit: 10 });
    expect(listing).toMatchObject({ count: 2, complete: true });
    expect(listing.items.map((i) => i.id)).toEqual([first, second]);
    expect(listing.items[0]).toEqual({
      id: first,
      messageId: 'welcome:u_dl:retry:3',
      reason: 'MaxDeliveryCountExceeded',
      description: 'Message could not be consumed after 5 delivery attempts.',
      enqueuedAt: '2026-03-01T10:00:00.000Z',
      deliveryCount: 5,
      lastError: 'Error: email provider_unavailable',
    });
    expect(JSON.stringify(listing)).not.toContain('personal data');

    expect(await deadLetters.redrive(name, first)).toBe(true);
    expect(await deadLetters.redrive(name, first)).toBe(false);
    const [redriven] = await service()
      .getQueueClient(name)
      .receiveMessages({ numberOfMessages: 1 })
      .then((r) =>
        r.receivedMessageItems.map(
          (m) =>
            JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as {
              id: string;
              body: unknown;
              properties?: Record<string, unknown>;
            },
        ),
      );
    expect(redriven).toMatchObject({
      id: `welcome:u_dl:redrive:${first}`,
      body: { id: 'welcome:u_dl', secret: 'personal data' },
    });
    // A fresh start: no attempt count, no chain, no last error.
    expect(redriven?.properties ?? {}).toEqual({});

    expect(await deadLetters.purge(name, second)).toBe(true);
    expect(await deadLetters.purge(name, second)).toBe(false);
    expect(await deadLetters.list(name, { limit: 10 })).toEqual({ count: 0, complete: true, items: [] });
  });
});
