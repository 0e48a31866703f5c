import type { ServiceBusClient, ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import {
  DEAD_LETTER_COUNT_CAP,
  redriveMessageId,
  redriveProperties,
  retryProperty,
} from '../../domain/messaging';
import type {
  DeadLetter,
  DeadLetterListing,
  DeadLetters,
  MessageBus,
  MessageProperties,
} from '../../domain/ports';

/** Messages locked while looking for one to re-drive or purge, at most (they are abandoned after). */
const SCAN_LIMIT = 500;
const PEEK_BATCH = 250;

/**
 * The dead-letter sub-queue of a Service Bus queue (`<queue>/$DeadLetterQueue`). Listing peeks (no lock,
 * nothing changes); re-drive and purge receive in peek-lock mode until they hold the message with the
 * requested sequence number, settle it, and abandon every other message they locked on the way.
 * The namespace role needed is Azure Service Bus Data Receiver (plus Data Sender for the re-drive).
 */
export class ServiceBusDeadLetters implements DeadLetters {
  constructor(
    private readonly client: () => Promise<ServiceBusClient>,
    private readonly bus: MessageBus,
    private readonly options: { readonly receiveWaitMs?: number } = {},
  ) {}

  async list(queue: string, options: { readonly limit: number }): Promise<DeadLetterListing> {
    return this.withReceiver(queue, async (receiver) => {
      const items: DeadLetter[] = [];
      let count = 0;
      for (;;) {
        // Each peek continues after the last message the receiver peeked.
        const batch = await receiver.peekMessages(Math.min(PEEK_BATCH, DEAD_LETTER_COUNT_CAP + 1 - count));
        for (const message of batch) {
          count++;
          if (items.length < options.limit) items.push(summaryOf(message));
        }
        if (batch.length === 0 || count > DEAD_LETTER_COUNT_CAP) break;
      }
      return {
        count: Math.min(count, DEAD_LETTER_COUNT_CAP),
        complete: count <= DEAD_LETTER_COUNT_CAP,
        items,
      };
    });
  }

  redrive(queue: string, id: string): Promise<boolean> {
    return this.settle(queue, id, async (message, receiver) => {
      const properties = propertiesOf(message);
      const messageId = String(message.messageId ?? id);
      // Resend, then complete: at least once (the consumer's idempotency key makes it exactly-once in effect).
      await this.bus.send(queue, {
        id: redriveMessageId(messageId, properties, id),
        body: message.body as unknown,
        properties: redriveProperties(properties),
      });
      await receiver.completeMessage(message);
    });
  }

  purge(queue: string, id: string): Promise<boolean> {
    return this.settle(queue, id, (message, receiver) => receiver.completeMessage(message));
  }

  private settle(
    queue: string,
    id: string,
    action: (message: ServiceBusReceivedMessage, receiver: ServiceBusReceiver) => Promise<void>,
  ): Promise<boolean> {
    return this.withReceiver(queue, async (receiver) => {
      const held: ServiceBusReceivedMessage[] = [];
      try {
        while (held.length < SCAN_LIMIT) {
          const batch = await receiver.receiveMessages(50, {
            maxWaitTimeInMs: this.options.receiveWaitMs ?? 2_000,
          });
          if (batch.length === 0) return false;
          const target = batch.find((message) => message.sequenceNumber?.toString() === id);
          held.push(...batch.filter((message) => message !== target));
          if (target) {
            await action(target, receiver);
            return true;
          }
        }
        return false;
      } finally {
        // Give the others back at once rather than when their locks expire.
        await Promise.allSettled(held.map((message) => receiver.abandonMessage(message)));
      }
    });
  }

  private async withReceiver<T>(
    queue: string,
    use: (receiver: ServiceBusReceiver) => Promise<T>,
  ): Promise<T> {
    const receiver = (await this.client()).createReceiver(queue, {
      subQueueType: 'deadLetter',
      receiveMode: 'peekLock',
    });
    try {
      return await use(receiver);
    } finally {
      await receiver.close();
    }
  }
}

function propertiesOf(message: ServiceBusReceivedMessage): MessageProperties {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(message.applicationProperties ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = value;
    else if (value instanceof Date) out[key] = value.toISOString();
  }
  return out;
}

function summaryOf(message: ServiceBusReceivedMessage): DeadLetter {
  const lastError = message.applicationProperties?.[retryProperty.lastError];
  return {
    id: message.sequenceNumber?.toString() ?? '',
    messageId: String(message.messageId ?? ''),
    reason: message.deadLetterReason,
    description: message.deadLetterErrorDescription,
    enqueuedAt: message.enqueuedTimeUtc?.toISOString(),
    deliveryCount: message.deliveryCount,
    lastError: typeof lastError === 'string' ? lastError : undefined,
  };
}
