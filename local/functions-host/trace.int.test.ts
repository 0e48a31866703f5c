// One operation from HTTP through a queue, as Application Insights shows it in Azure: the local host
// continues an incoming `traceparent`, the api's bus carries the trace with the message, the consumer's
// invocation continues it, and the api's log lines name it (`operationId`).
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFixtureHost } from './fixtures/fixture-host';
import type { FunctionsHost } from './host';

interface TraceEvents {
  consumed: { traceParent: string | undefined }[];
  lines: { level: string; line: string }[];
}
const events = (): TraceEvents => (globalThis as unknown as { __traceFixture: TraceEvents }).__traceFixture;

const emulators = inject('emulators');
let host: FunctionsHost;

beforeAll(async () => {
  const queues = QueueServiceClient.fromConnectionString(emulators.storageConnectionString);
  await queues.getQueueClient('trace-work').createIfNotExists();
  host = await startFixtureHost('trace-fixture', emulators.storageConnectionString, {
    queuePollIntervalMs: 50,
  });
});

afterAll(async () => {
  await host.stop();
});

describe('trace context from HTTP through a queue', () => {
  it('keeps one operation id from the request to the consumer and its logs', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${host.url}/api/trace`, {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(200);
    const { traceParent } = (await response.json()) as { traceParent: string };
    // A span of its own inside the caller's trace.
    expect(traceParent).toMatch(new RegExp(`^00-${traceId}-[\\da-f]{16}-01$`));
    expect(traceParent).not.toBe(`00-${traceId}-00f067aa0ba902b7-01`);

    await expect.poll(() => events().consumed.length, { timeout: 10_000 }).toBe(1);
    expect(events().consumed[0]?.traceParent).toMatch(new RegExp(`^00-${traceId}-`));
    const line = events().lines.find((l) => l.line.includes('trace.consumed'));
    expect(line?.level).toBe('warning');
    expect(JSON.parse(line?.line ?? '{}')).toMatchObject({ event: 'trace.consumed', operationId: traceId });
  });

  it('starts a new trace for a request without one', async () => {
    const response = await fetch(`${host.url}/api/trace`, { method: 'POST' });
    const { traceParent } = (await response.json()) as { traceParent: string };
    expect(traceParent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
  });
});
