// Queue triggers over Azurite storage queues, standing in for Service Bus: at-least-once delivery,
// retries with backoff, and a dead-letter (`<queue>-poison`) queue after the max delivery count.
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { deadLetterQueueName } from '../../api/src/adapters/resources';
import type { RegisteredFunction } from './registry';
import { buildContext } from './http-trigger';

export interface QueueWorkers {
  stop(): Promise<void>;
  /** Resolves once every queue is empty and no message is in flight (tests use it). */
  idle(): Promise<void>;
}

interface Envelope {
  id?: string;
  body?: unknown;
  /** The sender's trace (Service Bus carries it as the `Diagnostic-Id` property). */
  traceParent?: string;
}

/** Seconds before a failed message becomes visible again: 1, 2, 4 … capped at 30. */
export function retryDelaySeconds(deliveryCount: number): number {
  return Math.min(30, 2 ** Math.max(0, deliveryCount - 1));
}

export function startQueueWorkers(options: {
  functions: readonly RegisteredFunction[];
  connectionString: string;
  maxDeliveryCount: (queue: string) => number;
  extraInputFor: (fn: RegisteredFunction, bindingType: string) => unknown;
  log: (line: string) => void;
  pollIntervalMs?: number;
  /** Retry delay override for tests (seconds). */
  retryDelay?: (deliveryCount: number) => number;
}): QueueWorkers {
  const service = QueueServiceClient.fromConnectionString(options.connectionString);
  const pollInterval = options.pollIntervalMs ?? 500;
  const retryDelay = options.retryDelay ?? retryDelaySeconds;
  const state = { stopped: false };
  const isStopped = (): boolean => state.stopped;
  let inFlight = 0;
  const loops: Promise<void>[] = [];

  const queueNameOf = (fn: RegisteredFunction): string =>
    typeof fn.trigger.queueName === 'string' ? fn.trigger.queueName : fn.name;

  const processOne = async (
    fn: RegisteredFunction,
    queue: QueueClient,
    poison: QueueClient,
  ): Promise<boolean> => {
    const received = await queue.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 300 });
    const message = received.receivedMessageItems[0];
    if (!message) return false;
    inFlight++;
    try {
      const queueName = queueNameOf(fn);
      const max = options.maxDeliveryCount(queueName);
      const text = Buffer.from(message.messageText, 'base64').toString('utf8');
      let envelope: Envelope;
      try {
        envelope = JSON.parse(text) as Envelope;
      } catch {
        envelope = { body: text };
      }
      const context = buildContext(fn, options.extraInputFor, {
        triggerMetadata: {
          messageId: envelope.id ?? message.messageId,
          deliveryCount: message.dequeueCount,
          enqueuedTimeUtc: message.insertedOn.toISOString(),
        },
        retryContext: { retryCount: message.dequeueCount - 1, maxRetryCount: max - 1 },
        traceParent: envelope.traceParent,
      });
      try {
        await fn.handler(envelope.body, context);
        await queue.deleteMessage(message.messageId, message.popReceipt);
      } catch (error) {
        const reason = error instanceof Error ? error.message.slice(0, 200) : 'error';
        if (message.dequeueCount >= max) {
          await poison.sendMessage(
            Buffer.from(
              JSON.stringify({
                ...envelope,
                deadLetterReason: 'MaxDeliveryCountExceeded',
                lastError: reason,
                deliveryCount: message.dequeueCount,
              }),
            ).toString('base64'),
          );
          await queue.deleteMessage(message.messageId, message.popReceipt);
          options.log(`queue ${queueName}: message dead-lettered after ${message.dequeueCount} deliveries`);
        } else {
          await queue.updateMessage(
            message.messageId,
            message.popReceipt,
            undefined,
            retryDelay(message.dequeueCount),
          );
          options.log(`queue ${queueName}: delivery ${message.dequeueCount}/${max} failed, will retry`);
        }
      }
    } finally {
      inFlight--;
    }
    return true;
  };

  const loop = async (fn: RegisteredFunction): Promise<void> => {
    const queueName = queueNameOf(fn);
    const queue = service.getQueueClient(queueName);
    const poison = service.getQueueClient(deadLetterQueueName(queueName));
    await queue.createIfNotExists();
    await poison.createIfNotExists();
    while (!isStopped()) {
      let worked = false;
      try {
        worked = await processOne(fn, queue, poison);
      } catch (error) {
        options.log(`queue ${queueName}: poll failed (${error instanceof Error ? error.name : 'error'})`);
      }
      if (!worked && !isStopped()) await sleep(pollInterval);
    }
  };

  for (const fn of options.functions) loops.push(loop(fn));

  return {
    async stop() {
      state.stopped = true;
      await Promise.all(loops);
    },
    async idle() {
      for (;;) {
        const counts = await Promise.all(
          options.functions.map(async (fn) => {
            const props = await service.getQueueClient(queueNameOf(fn)).getProperties();
            return props.approximateMessagesCount ?? 0;
          }),
        );
        if (inFlight === 0 && counts.every((c) => c === 0)) return;
        await sleep(100);
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
