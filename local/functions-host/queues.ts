// Queue triggers over Azurite storage queues, standing in for Service Bus with the semantics the
// Functions host and the broker have in Azure (host.json `autoCompleteMessages: true`):
// - a handler that returns completes the message (deleted);
// - a handler that throws abandons it, and the broker redelivers it AT ONCE (no backoff);
// - the delivery that reaches the queue's maxDeliveryCount and fails moves the message to its
//   dead-letter sub-queue (`<queue>/$DeadLetterQueue`, kept locally by LocalDeadLetterStore) with
//   DeadLetterReason `MaxDeliveryCountExceeded` and a DeadLetterErrorDescription.
// Retrying later is the consumer's business (api/src/functions/messaging/retrying-consumer.ts).
import { QueueServiceClient, type DequeuedMessageItem, type QueueClient } from '@azure/storage-queue';
import { availableParallelism } from 'node:os';
import { LocalDeadLetterStore } from '../../api/src/adapters/messaging/local-dead-letters';
import { onLocalQueueMessage } from '../../api/src/adapters/messaging/local-queue-signal';
import type { QueueEnvelope } from '../../api/src/adapters/messaging/storage-queue-bus';
import type { RegisteredFunction } from './registry';
import { buildContext } from './http-trigger';
import { Sleeper } from './sleeper';

export interface QueueWorkers {
  stop(): Promise<void>;
  /** Resolves once every queue is empty (scheduled messages included) and no message is in flight. */
  idle(): Promise<void>;
}

/** Service Bus's default when a queue is created without one. */
export const SERVICE_BUS_DEFAULT_MAX_DELIVERY_COUNT = 10;

/** The broker's description of a message dead-lettered for its delivery count. */
export function maxDeliveryDescription(maxDeliveryCount: number): string {
  return `Message could not be consumed after ${maxDeliveryCount} delivery attempts.`;
}

/** A delivery's lock: the Functions host renews it up to `maxAutoLockRenewalDuration` (5 min). */
const LOCK_SECONDS = 300;

/** The most one Get Messages call of Azure Storage queues returns. */
const MAX_MESSAGES_PER_RECEIVE = 32;

/** Without host.json's `maxConcurrentCalls`, Azure allows 16 per processor (Service Bus extension 5.x). */
export const DEFAULT_MAX_CONCURRENT_CALLS = 16 * availableParallelism();

export function startQueueWorkers(options: {
  functions: readonly RegisteredFunction[];
  connectionString: string;
  maxDeliveryCount: (queue: string) => number;
  extraInputFor: (fn: RegisteredFunction, bindingType: string) => unknown;
  log: (line: string) => void;
  pollIntervalMs?: number;
  /** Messages of one queue handled at once (host.json `extensions.serviceBus.maxConcurrentCalls`). */
  maxConcurrentCalls?: number;
}): QueueWorkers {
  const service = QueueServiceClient.fromConnectionString(options.connectionString);
  const deadLetters = LocalDeadLetterStore.fromConnectionString(options.connectionString);
  const pollInterval = options.pollIntervalMs ?? 500;
  const maxConcurrentCalls = Math.max(1, options.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS);
  const state = { stopped: false };
  const isStopped = (): boolean => state.stopped;
  let inFlight = 0;
  const loops: Promise<void>[] = [];

  const queueNameOf = (fn: RegisteredFunction): string =>
    typeof fn.trigger.queueName === 'string' ? fn.trigger.queueName : fn.name;

  /** Handles one delivery; resolves to true when it was abandoned (visible again at once). */
  const handle = async (
    fn: RegisteredFunction,
    queue: QueueClient,
    message: DequeuedMessageItem,
  ): Promise<boolean> => {
    inFlight++;
    try {
      const queueName = queueNameOf(fn);
      const max = options.maxDeliveryCount(queueName);
      const envelope = decode(message.messageText);
      const messageId = envelope.id ?? message.messageId;
      const enqueuedAt = envelope.enqueuedAt ?? message.insertedOn.toISOString();
      const context = buildContext(fn, options.extraInputFor, {
        triggerMetadata: {
          messageId,
          deliveryCount: message.dequeueCount,
          enqueuedTimeUtc: enqueuedAt,
          applicationProperties: { ...envelope.properties },
        },
        // The sender's trace (Service Bus carries it as the `Diagnostic-Id` property).
        traceParent: envelope.traceParent,
      });
      try {
        await fn.handler(envelope.body, context);
        await queue.deleteMessage(message.messageId, message.popReceipt);
        return false;
      } catch (error) {
        const errorName = error instanceof Error ? error.name : 'error';
        if (message.dequeueCount >= max) {
          await deadLetters.add(queueName, {
            messageId,
            body: envelope.body,
            ...(envelope.properties ? { properties: envelope.properties } : {}),
            deadLetterReason: 'MaxDeliveryCountExceeded',
            deadLetterErrorDescription: maxDeliveryDescription(max),
            enqueuedAt,
            deadLetteredAt: new Date().toISOString(),
            deliveryCount: message.dequeueCount,
          });
          await queue.deleteMessage(message.messageId, message.popReceipt);
          options.log(
            `queue ${queueName}: delivery ${message.dequeueCount}/${max} failed (${errorName}), dead-lettered to ${LocalDeadLetterStore.subQueueOf(queueName)}`,
          );
          return false;
        } else {
          // Abandon: visible again at once, the next receive delivers it with its count incremented.
          await queue.updateMessage(message.messageId, message.popReceipt, undefined, 0);
          options.log(
            `queue ${queueName}: delivery ${message.dequeueCount}/${max} failed (${errorName}), abandoned`,
          );
          return true;
        }
      }
    } finally {
      inFlight--;
    }
  };

  // An idle queue is polled less and less often (up to MAX_IDLE_POLL_MS); a message sent in this process (the
  // api's local bus) wakes its consumer at once, or when a scheduled message becomes visible.
  const sleepers = new Map<string, Sleeper>();
  const unsubscribe = onLocalQueueMessage((queueName, visibleInMs) => {
    sleepers.get(queueName)?.wakeAt(Date.now() + visibleInMs);
  });

  // Up to maxConcurrentCalls messages of one queue are handled at once, as the Functions host does with
  // Service Bus (host.json `extensions.serviceBus.maxConcurrentCalls`): handlers must not rely on order.
  const loop = async (fn: RegisteredFunction): Promise<void> => {
    const queueName = queueNameOf(fn);
    const queue = service.getQueueClient(queueName);
    const sleeper = new Sleeper();
    sleepers.set(queueName, sleeper);
    await queue.createIfNotExists();
    const running = new Set<Promise<void>>();
    while (!isStopped()) {
      const free = maxConcurrentCalls - running.size;
      if (free <= 0) {
        await Promise.race(running);
        continue;
      }
      const asked = Math.min(MAX_MESSAGES_PER_RECEIVE, free);
      let received: DequeuedMessageItem[] = [];
      try {
        const reply = await queue.receiveMessages({
          numberOfMessages: asked,
          visibilityTimeout: LOCK_SECONDS,
        });
        received = reply.receivedMessageItems;
      } catch (error) {
        options.log(`queue ${queueName}: poll failed (${error instanceof Error ? error.name : 'error'})`);
      }
      if (received.length === 0) {
        if (!isStopped()) await sleeper.idle(pollInterval);
        continue;
      }
      sleeper.busy();
      for (const message of received) {
        const run = handle(fn, queue, message)
          .then(
            (abandoned) => {
              // Abandoned, hence visible again: delivered again at once, as the broker does.
              if (abandoned) sleeper.wake();
            },
            (error: unknown) => {
              options.log(
                `queue ${queueName}: settling failed (${error instanceof Error ? error.name : 'error'})`,
              );
              // Its lock may be lost or the message still there: look again rather than wait for the poll.
              sleeper.wake();
            },
          )
          .finally(() => {
            running.delete(run);
          });
        running.add(run);
      }
      // Fewer than asked: the queue had no more visible then. What is sent in this process later wakes the loop,
      // and what becomes visible again (an abandon) too; the rest is found by the next poll. Asking again at once,
      // or after each handled message, was an empty Get Messages per message.
      if (received.length < asked && !isStopped()) await sleeper.idle(pollInterval);
    }
    await Promise.all(running);
  };

  for (const fn of options.functions) loops.push(loop(fn));

  return {
    async stop() {
      state.stopped = true;
      unsubscribe();
      for (const sleeper of sleepers.values()) sleeper.cancel();
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

function decode(messageText: string): Partial<QueueEnvelope> {
  const text = Buffer.from(messageText, 'base64').toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    // Anything but an envelope (a message sent by other means) is all body.
    const isEnvelope = parsed !== null && typeof parsed === 'object' && 'body' in parsed;
    return isEnvelope ? parsed : { body: parsed };
  } catch {
    return { body: text };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
