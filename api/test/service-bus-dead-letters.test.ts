// The Service Bus dead-letter adapter's logic against an in-memory stand-in of the SDK's receiver
// (no Service Bus emulator runs here): it reads `<queue>/$DeadLetterQueue`, never returns bodies,
// re-drives by receive + resend + complete and gives back every other message it locked.
import type {
  ServiceBusClient,
  ServiceBusReceivedMessage,
  ServiceBusReceiverOptions,
} from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { ServiceBusDeadLetters } from '../src/adapters/messaging/service-bus-dead-letters';
import type { MessageBus, OutboundMessage } from '../src/domain/ports';

type Stored = ServiceBusReceivedMessage & { locked?: boolean };

function deadLetter(sequence: number, messageId: string): Stored {
  return {
    sequenceNumber: { toString: () => String(sequence) } as ServiceBusReceivedMessage['sequenceNumber'],
    messageId,
    body: { id: messageId, recipient: { email: 'jan@example.be' } },
    deadLetterReason: 'MaxDeliveryCountExceeded',
    deadLetterErrorDescription: 'Message could not be consumed after 5 delivery attempts.',
    enqueuedTimeUtc: new Date('2026-03-01T10:00:00Z'),
    deliveryCount: 5,
    applicationProperties: {
      DeadLetterReason: 'MaxDeliveryCountExceeded',
      DeadLetterErrorDescription: 'Message could not be consumed after 5 delivery attempts.',
      soinsAttempt: 10,
      soinsChainId: 'welcome:u_1',
      soinsLastError: 'Error: email provider_unavailable',
      origin: 'signup',
    },
  } as unknown as Stored;
}

function fakeNamespace(dlq: Stored[]) {
  const log: string[] = [];
  const client = {
    createReceiver(queue: string, options: ServiceBusReceiverOptions) {
      log.push(`open ${queue} ${options.subQueueType ?? 'main'} ${options.receiveMode ?? ''}`);
      let peeked = 0;
      return {
        peekMessages: (max: number) => {
          const batch = dlq.slice(peeked, peeked + max);
          peeked += batch.length;
          return Promise.resolve(batch);
        },
        receiveMessages: (max: number) => {
          const batch = dlq.filter((m) => !m.locked).slice(0, max);
          for (const m of batch) m.locked = true;
          return Promise.resolve(batch);
        },
        completeMessage: (m: Stored) => {
          dlq.splice(dlq.indexOf(m), 1);
          log.push(`complete ${String(m.messageId)}`);
          return Promise.resolve();
        },
        abandonMessage: (m: Stored) => {
          m.locked = false;
          log.push(`abandon ${String(m.messageId)}`);
          return Promise.resolve();
        },
        close: () => {
          log.push('close');
          return Promise.resolve();
        },
      };
    },
  } as unknown as ServiceBusClient;
  return { client, log };
}

class MemoryBus implements MessageBus {
  readonly sent: { queue: string; message: OutboundMessage<unknown> }[] = [];
  send<T>(queue: string, message: OutboundMessage<T>): Promise<void> {
    this.sent.push({ queue, message });
    return Promise.resolve();
  }
}

describe('ServiceBusDeadLetters', () => {
  it('lists the dead-letter sub-queue by peeking: broker facts, no body', async () => {
    const { client, log } = fakeNamespace([deadLetter(7, 'welcome:u_1:retry:10'), deadLetter(9, 'x')]);
    const listing = await new ServiceBusDeadLetters(() => Promise.resolve(client), new MemoryBus()).list(
      'email',
      {
        limit: 1,
      },
    );
    expect(listing).toEqual({
      count: 2,
      complete: true,
      items: [
        {
          id: '7',
          messageId: 'welcome:u_1:retry:10',
          reason: 'MaxDeliveryCountExceeded',
          description: 'Message could not be consumed after 5 delivery attempts.',
          enqueuedAt: '2026-03-01T10:00:00.000Z',
          deliveryCount: 5,
          lastError: 'Error: email provider_unavailable',
        },
      ],
    });
    expect(JSON.stringify(listing)).not.toContain('jan@example.be');
    expect(log).toEqual(['open email deadLetter peekLock', 'close']);
  });

  it('re-drives one message: resend (same body, fresh id, clean properties), complete it, abandon the others', async () => {
    const dlq = [deadLetter(3, 'other'), deadLetter(7, 'welcome:u_1:retry:10'), deadLetter(8, 'last')];
    const { client, log } = fakeNamespace(dlq);
    const bus = new MemoryBus();
    const adapter = new ServiceBusDeadLetters(() => Promise.resolve(client), bus, { receiveWaitMs: 1 });
    expect(await adapter.redrive('email', '7')).toBe(true);
    expect(bus.sent).toEqual([
      {
        queue: 'email',
        message: {
          id: 'welcome:u_1:redrive:7',
          body: { id: 'welcome:u_1:retry:10', recipient: { email: 'jan@example.be' } },
          properties: { origin: 'signup' },
        },
      },
    ]);
    expect(dlq.map((m) => m.messageId)).toEqual(['other', 'last']);
    expect(dlq.every((m) => !m.locked)).toBe(true);
    expect(log).toContain('complete welcome:u_1:retry:10');
    expect(log).toContain('abandon other');
    expect(await adapter.redrive('email', '7')).toBe(false);
  });

  it('purges one message and answers false for one that is gone', async () => {
    const dlq = [deadLetter(3, 'a'), deadLetter(4, 'b')];
    const { client } = fakeNamespace(dlq);
    const bus = new MemoryBus();
    const adapter = new ServiceBusDeadLetters(() => Promise.resolve(client), bus, { receiveWaitMs: 1 });
    expect(await adapter.purge('email', '4')).toBe(true);
    expect(await adapter.purge('email', '4')).toBe(false);
    expect(dlq.map((m) => m.messageId)).toEqual(['a']);
    expect(bus.sent).toEqual([]);
  });
});
