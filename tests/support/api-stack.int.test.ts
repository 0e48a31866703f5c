// Work started by one integration file's stack never finishes in the next one: each stack runs its own
// Durable task hub, and `stop()` returns only once its queues are drained and its orchestrations ended.
// (All stacks share the run's Azurite, Cosmos emulator and mail sink, one file after another.)
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { certificateInstanceId } from '../../api/src/domain/certificates/model';
import { training } from '../../api/test/certificate-fakes';
import { QUIZ_TO_CERTIFICATE } from '../../api/src/workflows/quiz-to-certificate';
import { startApiStack, type ApiStack } from './api-stack';

const emulators = inject('emulators');
const suffix = Math.random().toString(36).slice(2, 8);
const started: ApiStack[] = [];

afterAll(async () => {
  // Whatever a failed assertion left running.
  await Promise.allSettled(started.map((stack) => stack.stop({ settleTimeoutMs: 0 })));
});

interface SinkMessage {
  readonly Metadata?: Record<string, string>;
}

async function sinkHas(key: string): Promise<boolean> {
  const all = (await (await fetch(`${emulators.mailSinkUrl}/api/messages`)).json()) as SinkMessage[];
  return all.some((m) => m.Metadata?.idempotencyKey === key);
}

// Two or three stacks per test: their start-up on a busy machine, not the behaviour, sets the limit.
describe('one stack after another', { timeout: 240_000 }, () => {
  it('finishes the first stack’s orchestration and queued email before stop() returns, and the next stack never sees them', async () => {
    // The PDF step fails twice (retried after 300 ms, then 600 ms): the orchestration is still running
    // when the first stop() is called.
    process.env.FAULT_INJECTION = 'certificate-store:2';
    process.env.CERTIFICATE_RETRY_FIRST_INTERVAL_MS = '300';
    const first = await startApiStack(emulators, `it-stack-a-${suffix}`);
    started.push(first);
    delete process.env.FAULT_INJECTION;
    delete process.env.CERTIFICATE_RETRY_FIRST_INTERVAL_MS;

    const userId = first.idOf('learner');
    const trainingId = `stack-${suffix}`;
    await first.composition.trainings.save(training({ id: trainingId, trainingId }));
    const instanceId = certificateInstanceId(userId, trainingId);
    await first.host.durable.startNew(QUIZ_TO_CERTIFICATE, {
      instanceId,
      input: {
        userId,
        trainingId,
        attemptId: `a-${suffix}`,
        passedAt: new Date().toISOString(),
        scorePercent: 90,
      },
    });
    // An email due in 2 s: still on the queue when the first stop() is called.
    const welcome = `welcome:it-stack-${suffix}`;
    await first.composition.bus.send('email', {
      id: welcome,
      body: {
        id: welcome,
        request: {
          template: 'welcome',
          recipient: { userId, email: `stack-${suffix}@example.be`, displayName: 'Stack', language: 'fr' },
        },
      },
      scheduledEnqueueTime: new Date(Date.now() + 2_000),
    });
    expect((await first.host.durable.getStatus(instanceId))?.runtimeStatus).toMatch(/^(Pending|Running)$/);

    const hub = first.taskHub;
    await first.stop();
    started.splice(started.indexOf(first), 1);
    // Ended (completed, or failed if this learner may not have a certificate yet) in the first stack.
    expect((await first.host.durable.getStatus(instanceId))?.runtimeStatus).toMatch(/^(Completed|Failed)$/);
    expect(await sinkHas(welcome)).toBe(true);

    const second = await startApiStack(emulators, `it-stack-b-${suffix}`);
    started.push(second);
    expect(second.taskHub).not.toBe(hub);
    expect(await second.host.durable.getStatus(instanceId)).toBeUndefined();
    await second.stop();
    started.splice(started.indexOf(second), 1);
  });

  it('fails a stop() whose work does not end in time, naming it', async () => {
    const stack = await startApiStack(emulators, `it-stack-c-${suffix}`);
    started.push(stack);
    // A message due in 10 minutes cannot be delivered within a 1 s settle limit.
    await stack.composition.bus.send('email', {
      id: `welcome:it-stack-late-${suffix}`,
      body: {},
      scheduledEnqueueTime: new Date(Date.now() + 10 * 60_000),
    });
    try {
      await expect(stack.stop({ settleTimeoutMs: 1_000 })).rejects.toThrow(/queue email: 1 message/);
    } finally {
      started.splice(started.indexOf(stack), 1);
      // Not for the next stack to wait for.
      await QueueServiceClient.fromConnectionString(emulators.storageConnectionString)
        .getQueueClient('email')
        .clearMessages();
    }
  });
});
