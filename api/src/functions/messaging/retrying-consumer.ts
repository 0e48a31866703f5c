// Retries with backoff for every queue consumer, on Service Bus's terms.
//
// Why the trigger cannot do it: with `autoCompleteMessages` (host.json), a thrown error abandons the
// message and Service Bus redelivers it at once, with no delay, so a queue's maxDeliveryCount is spent
// in seconds and a provider outage of a few minutes dead-letters everything. Function-level retry
// policies do not apply to Service Bus triggers.
//
// Why the consumer cannot dead-letter with its own reason: a Node.js function receives the body and
// the trigger metadata, not the message's lock. Settling it (complete, abandon, dead-letter) needs the
// SDK binding of the preview `@azure/functions-extensions-servicebus` package with autoComplete off,
// and nobody can send into `<queue>/$DeadLetterQueue` directly.
//
// So: on a failure, send a copy of the message scheduled later (the delay doubles, capped; the copy
// carries its attempt number, the first message id of the chain and the last error as application
// properties, under a fresh message id so duplicate detection keeps it, while the body keeps the
// consumer's idempotency key) and return, so the trigger completes the original. After the last
// attempt, throw: the broker redelivers immediately until the queue's maxDeliveryCount, then moves it
// to `<queue>/$DeadLetterQueue` with DeadLetterReason `MaxDeliveryCountExceeded` and its description;
// the copy's `soinsLastError` says what failed.
import type { InvocationContext } from '@azure/functions';
import { scrub } from '../../adapters/telemetry/logger';
import { derivedMessageId, retryDelayMs, retryProperty, type RetryPolicy } from '../../domain/messaging';
import type { Clock, Logger, MessageBus, MessageProperties } from '../../domain/ports';

/** A Service Bus queue handler (what `app.serviceBusQueue` takes). */
export type QueueHandler = (message: unknown, context: InvocationContext) => unknown;

export interface RetryDeps {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: RetryPolicy;
}

/** Wraps a consumer of `queue`: a thrown error reschedules the message instead of failing it. */
export function withRetries(
  queue: string,
  handler: QueueHandler,
  deps: RetryDeps,
): (message: unknown, context: InvocationContext) => Promise<void> {
  return async (message, context) => {
    const metadata = context.triggerMetadata ?? {};
    const properties = propertiesFrom(metadata.applicationProperties);
    const messageId = typeof metadata.messageId === 'string' ? metadata.messageId : undefined;
    const deliveryCount = typeof metadata.deliveryCount === 'number' ? metadata.deliveryCount : undefined;
    const attempt = positiveInteger(properties[retryProperty.attempt]) ?? 1;
    try {
      await handler(message, context);
      return;
    } catch (error) {
      const failure = describeFailure(error);
      const fields = { queue, messageId, attempt, deliveryCount, error: failure };
      if (attempt >= deps.policy.maxAttempts) {
        // The broker takes over: immediate redeliveries, then its dead-letter sub-queue.
        deps.logger.error('queue.retries_exhausted', { ...fields, maxAttempts: deps.policy.maxAttempts });
        throw error;
      }
      const chainProperty = properties[retryProperty.chain];
      const chain =
        typeof chainProperty === 'string' && chainProperty
          ? chainProperty
          : (messageId ?? context.invocationId);
      const next = attempt + 1;
      const delayMs = retryDelayMs(deps.policy, attempt);
      const notBefore = new Date(deps.clock.now().getTime() + delayMs);
      // If this send fails, the error leaves the handler: the original is redelivered at once.
      await deps.bus.send(queue, {
        id: derivedMessageId(chain, `retry:${next}`),
        body: message,
        properties: {
          ...properties,
          [retryProperty.attempt]: next,
          [retryProperty.chain]: chain,
          [retryProperty.lastError]: failure,
        },
        scheduledEnqueueTime: notBefore,
      });
      deps.logger.warn('queue.retry_scheduled', {
        ...fields,
        nextAttempt: next,
        delayMs,
        notBefore: notBefore.toISOString(),
      });
    }
  };
}

/** Application properties as the trigger passes them (Service Bus: `applicationProperties`). */
function propertiesFrom(value: unknown): MessageProperties {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, string | number | boolean> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out[key] = item;
  }
  return out;
}

function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/** A short description of the failure for operators: name and message, scrubbed like a log line. */
function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
  return String(scrub({ failure: text.slice(0, 200) }).failure);
}
