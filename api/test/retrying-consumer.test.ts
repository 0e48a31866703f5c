// The retry wrapper every queue consumer goes through, with a fake clock and an in-memory bus.
import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { loadConfig, retryPolicyOf } from '../src/config';
import {
  defaultRetryPolicy,
  retryDelayMs,
  retrySpanMs,
  retryProperty,
  type RetryPolicy,
} from '../src/domain/messaging';
import type { Logger, MessageBus, OutboundMessage } from '../src/domain/ports';
import { withRetries } from '../src/functions/messaging/retrying-consumer';
import { localTestEnvironment } from './fixtures/config-env';

class MemoryBus implements MessageBus {
  readonly sent: { queue: string; message: OutboundMessage<unknown> }[] = [];
  failing = false;
  send<T>(queue: string, message: OutboundMessage<T>): Promise<void> {
    if (this.failing) return Promise.reject(new Error('bus down'));
    this.sent.push({ queue, message });
    return Promise.resolve();
  }
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function contextFor(messageId: string, properties: Record<string, unknown> = {}, deliveryCount = 1) {
  return new InvocationContext({
    invocationId: 'inv-1',
    functionName: 'email-send',
    triggerMetadata: { messageId, deliveryCount, applicationProperties: properties },
  });
}

describe('withRetries', () => {
  const start = new Date('2026-03-01T10:00:00Z');
  const setup = (failUntilAttempt: number, policy: RetryPolicy = defaultRetryPolicy) => {
    const bus = new MemoryBus();
    let now = start;
    const calls: unknown[] = [];
    const handler = withRetries(
      'email',
      (message, context) => {
        calls.push(message);
        const attempt = Number(
          context.triggerMetadata?.applicationProperties
            ? ((context.triggerMetadata.applicationProperties as Record<string, unknown>)[
                retryProperty.attempt
              ] ?? 1)
            : 1,
        );
        if (attempt <= failUntilAttempt) throw new Error(`email provider_unavailable for jan@example.be`);
        return Promise.resolve();
      },
      { bus, clock: { now: () => now }, logger: silent, policy },
    );
    return {
      bus,
      calls,
      handler,
      advance: (ms: number) => {
        now = new Date(now.getTime() + ms);
      },
      now: () => now,
    };
  };

  it('lets a successful message be completed, sending nothing', async () => {
    const { bus, handler } = setup(0);
    await handler({ id: 'welcome:u_1' }, contextFor('welcome:u_1'));
    expect(bus.sent).toEqual([]);
  });

  it('on a failure, schedules a copy later under a fresh id, same body, and returns (the original completes)', async () => {
    const { bus, handler } = setup(1);
    const body = { id: 'welcome:u_1', request: { template: 'welcome' } };
    await expect(handler(body, contextFor('welcome:u_1', { origin: 'signup' }))).resolves.toBeUndefined();
    expect(bus.sent).toHaveLength(1);
    const [{ queue, message }] = bus.sent as [{ queue: string; message: OutboundMessage<unknown> }];
    expect(queue).toBe('email');
    expect(message).toEqual({
      id: 'welcome:u_1:retry:2',
      body,
      properties: {
        origin: 'signup',
        [retryProperty.attempt]: 2,
        [retryProperty.chain]: 'welcome:u_1',
        // Scrubbed like a log line: no address reaches the broker's properties.
        [retryProperty.lastError]: 'Error: email provider_unavailable for [email]',
      },
      scheduledEnqueueTime: new Date(start.getTime() + 30_000),
    });
  });

  it('reschedules with growing delays over more than an hour, then throws so the broker dead-letters it', async () => {
    const { bus, handler, advance, now } = setup(99);
    let context = contextFor('stripe:evt_1:payment_failed');
    const delays: number[] = [];
    const ids: string[] = [];
    for (let attempt = 1; attempt < defaultRetryPolicy.maxAttempts; attempt++) {
      await handler({ id: 'stripe:evt_1:payment_failed' }, context);
      const copy = bus.sent.at(-1)?.message;
      if (!copy?.scheduledEnqueueTime) throw new Error('no copy scheduled');
      delays.push(copy.scheduledEnqueueTime.getTime() - now().getTime());
      ids.push(copy.id);
      advance(copy.scheduledEnqueueTime.getTime() - now().getTime());
      context = contextFor(copy.id, { ...copy.properties });
    }
    expect(delays).toEqual([30, 60, 120, 240, 480, 900, 900, 900, 900].map((s) => s * 1000));
    expect(delays.reduce((a, b) => a + b, 0)).toBeGreaterThan(3_600_000);
    expect(ids.at(-1)).toBe('stripe:evt_1:payment_failed:retry:10');
    // The last attempt fails: thrown, so Service Bus redelivers at once and dead-letters at its max.
    const sentBefore = bus.sent.length;
    await expect(handler({ id: 'stripe:evt_1:payment_failed' }, context)).rejects.toThrow(
      'email provider_unavailable',
    );
    await expect(
      handler({ id: 'stripe:evt_1:payment_failed' }, contextFor(ids.at(-1) ?? '', { soinsAttempt: 10 }, 2)),
    ).rejects.toThrow();
    expect(bus.sent.length).toBe(sentBefore);
  });

  it('keeps derived ids within 128 characters', async () => {
    const { bus, handler } = setup(1);
    const long = `welcome:${'u'.repeat(120)}`;
    await handler({ id: long }, contextFor(long));
    expect(bus.sent[0]?.message.id.length).toBeLessThanOrEqual(128);
  });

  it('fails the delivery when the copy cannot be sent (the broker then redelivers the original)', async () => {
    const { bus, handler } = setup(1);
    bus.failing = true;
    await expect(handler({ id: 'welcome:u_2' }, contextFor('welcome:u_2'))).rejects.toThrow('bus down');
  });
});

describe('the retry policy', () => {
  it('doubles from the first delay up to the cap', () => {
    const policy = { maxAttempts: 5, firstDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt))).toEqual([1000, 2000, 4000, 5000]);
    expect(retrySpanMs(policy)).toBe(12_000);
  });

  it('survives an hour-long provider outage by default', () => {
    expect(retrySpanMs(defaultRetryPolicy)).toBeGreaterThan(3_600_000);
  });

  const env = localTestEnvironment;

  it('comes from the settings, defaulting to the hour-proof schedule', () => {
    expect(retryPolicyOf(loadConfig(env))).toEqual(defaultRetryPolicy);
    expect(
      retryPolicyOf(
        loadConfig({
          ...env,
          QUEUE_RETRY_MAX_ATTEMPTS: '3',
          QUEUE_RETRY_FIRST_DELAY_SECONDS: '1',
          QUEUE_RETRY_MAX_DELAY_SECONDS: '2',
        }),
      ),
    ).toEqual({ maxAttempts: 3, firstDelayMs: 1000, maxDelayMs: 2000 });
  });

  it('refuses in Azure a schedule that would dead-letter within an hour', () => {
    expect(() => loadConfig({ ...env, SOINS_ENV: 'azure', QUEUE_RETRY_MAX_ATTEMPTS: '3' })).toThrow(
      /QUEUE_RETRY_MAX_ATTEMPTS: the queue retry schedule must span more than one hour in Azure/,
    );
  });
});
