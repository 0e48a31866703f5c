// Integration tests of the local Durable engine against a real Azurite: orchestrations replayed by the
// real durable-functions library, state and queues in Azure Storage, surviving an engine restart.
import { QueueClient } from '@azure/storage-queue';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmulatorEnv } from '../../../tests/setup/emulator-env';
import {
  createDurableEngine,
  DurableEngineError,
  type DurableEngine,
  type DurableEngineOptions,
} from './engine';
import { EventType, type HistoryEvent } from './history';
import type { DurableStore } from './store';
import { buildFixtureApp, type FixtureApp } from './testing/fixture';
import { countingDownloads, testStorage, uniqueTaskHub, waitUntil, type TestStorage } from './testing/env';

let storage: TestStorage;
let app: FixtureApp;
const engines: DurableEngine[] = [];
const logs: string[] = [];

beforeAll(async () => {
  const provided = inject('emulators') as EmulatorEnv | undefined;
  [storage, app] = await Promise.all([testStorage(provided?.storageConnectionString), buildFixtureApp()]);
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
});

afterAll(async () => {
  if (process.env.DURABLE_TEST_LOGS === '1') process.stdout.write(`${logs.join('\n')}\n`);
  app.dispose();
  await storage.stop();
});

function engine(taskHub: string, extra: Partial<DurableEngineOptions> = {}): DurableEngine {
  const created = createDurableEngine({
    registry: app.load(),
    connectionString: storage.connectionString,
    taskHub,
    baseUrl: 'http://127.0.0.1:7071/runtime/webhooks/durabletask/',
    pollIntervalMs: 100,
    log: (line) => logs.push(line),
    ...extra,
  });
  engines.push(created);
  return created;
}

function stage(customStatus: unknown): unknown {
  return typeof customStatus === 'object' && customStatus !== null && 'stage' in customStatus
    ? customStatus.stage
    : undefined;
}

function activityName(
  history: readonly HistoryEvent[],
  taskScheduledId: number | undefined,
): string | undefined {
  return history.find((e) => e.EventType === EventType.TaskScheduled && e.EventId === taskScheduledId)?.Name;
}

describe('local durable engine', () => {
  it('completes an orchestration with two activities, a timer and an external event after a host restart', async () => {
    const hub = uniqueTaskHub();
    const a = engine(hub);
    await a.start();
    const id = await a.startNew('FixtureWorkflow', { input: { key: 'k1', value: 21, timerSeconds: 2 } });

    // Stop host A while the durable timer is pending.
    await waitUntil(
      async () => stage((await a.getStatus(id))?.customStatus) === 'timer',
      15_000,
      'the timer stage',
    );
    await a.stop();
    const paused = await a.getStatus(id, { showHistory: true });
    expect(paused?.runtimeStatus).toBe('Running');
    const pausedHistory = paused?.history ?? [];
    const durableTimer = pausedHistory.filter((e) => e.EventType === EventType.TimerCreated).at(-1);
    expect(durableTimer?.FireAt).toBeDefined();
    expect(
      pausedHistory.some((e) => e.EventType === EventType.TimerFired && e.TimerId === durableTimer?.EventId),
    ).toBe(false);

    // Host B (a fresh load of the app, same storage) fires the timer and finishes the work.
    const b = engine(hub);
    await b.start();
    await waitUntil(
      async () => stage((await b.getStatus(id))?.customStatus) === 'event',
      15_000,
      'the event stage',
    );
    await b.raiseEvent(id, 'Approval', { by: 'nurse-1' });
    const done = await b.waitForCompletion(id, 15_000);

    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({
      first: 'flaky:k1:attempt2',
      second: 42,
      approval: { by: 'nurse-1' },
      timerFiredAt: durableTimer?.FireAt,
    });
    const history = (await b.getStatus(id, { showHistory: true }))?.history ?? [];
    const completions = history
      .filter((e) => e.EventType === EventType.TaskCompleted)
      .map((e) => activityName(history, e.TaskScheduledId));
    expect(completions).toEqual(['FixtureFlakyActivity', 'FixtureDoubleActivity']);
    const failures = history
      .filter((e) => e.EventType === EventType.TaskFailed)
      .map((e) => activityName(history, e.TaskScheduledId));
    expect(failures).toEqual(['FixtureFlakyActivity']);
    // The retry waited on a durable timer (≥ 500 ms after the failure), then the 2 s timer fired on time.
    const fired = history.filter((e) => e.EventType === EventType.TimerFired);
    expect(fired).toHaveLength(2);
    for (const event of fired)
      expect(Date.parse(event.Timestamp)).toBeGreaterThanOrEqual(Date.parse(event.FireAt ?? ''));
    expect(history.filter((e) => e.EventType === EventType.EventRaised).map((e) => e.Name)).toEqual([
      'Approval',
    ]);
    expect(history.at(-2)).toMatchObject({
      EventType: EventType.ExecutionCompleted,
      OrchestrationStatus: 'Completed',
    });
    // Each of the three outcomes (a failure, its retry, the second activity) was applied by the engine
    // that ran the activity, not sent round through the control queue.
    expect(a.outcomes.appliedHere + b.outcomes.appliedHere).toBe(3);
    expect(a.outcomes.queued + b.outcomes.queued).toBe(0);
    expect(a.starts).toEqual({ ranHere: 1, queued: 0 });
  });

  it('runs the first episode of an instance it starts itself, and queues the start when it runs no orchestrations', async () => {
    const hub = uniqueTaskHub();
    const control = new QueueClient(storage.connectionString, `${hub}-control`);
    const e = engine(hub);
    await e.start();
    const id = await e.startNew('FixtureSlow', { input: 1 });
    // As Azure's client, the caller gets the id once the instance is stored, without waiting for its first
    // episode (which needs storage calls of its own, so it cannot have ended yet).
    expect(e.starts).toEqual({ ranHere: 0, queued: 0 });
    await e.startsSettled();
    // Then past its first episode (its activity scheduled), and nothing went through the control queue.
    expect((await e.getStatus(id))?.runtimeStatus).toBe('Running');
    expect((await control.getProperties()).approximateMessagesCount).toBe(0);
    expect(e.starts).toEqual({ ranHere: 1, queued: 0 });
    expect((await e.waitForCompletion(id, 15_000)).output).toBe('slow-done');

    // An engine that runs only activities (or has not started) leaves the start to the control queue.
    const other = uniqueTaskHub();
    const activitiesOnly = engine(other, { workers: { orchestrations: false } });
    await activitiesOnly.start();
    const queuedId = await activitiesOnly.startNew('FixtureSlow', { input: 1 });
    await activitiesOnly.startsSettled();
    expect(activitiesOnly.starts).toEqual({ ranHere: 0, queued: 1 });
    expect((await activitiesOnly.getStatus(queuedId))?.runtimeStatus).toBe('Pending');
    const orchestrations = engine(other, { workers: { activities: false } });
    await orchestrations.start();
    expect((await orchestrations.waitForCompletion(queuedId, 15_000)).output).toBe('slow-done');
  });

  it('terminates a running instance', async () => {
    const e = engine(uniqueTaskHub());
    await e.start();
    const id = await e.startNew('FixtureWorkflow', {
      instanceId: 'to-terminate',
      input: { key: 't', value: 1, timerSeconds: 60 },
    });
    await waitUntil(
      async () => stage((await e.getStatus(id))?.customStatus) === 'timer',
      15_000,
      'the timer stage',
    );
    await e.terminate(id, 'no longer needed');
    const status = await e.waitForCompletion(id, 10_000);
    expect(status.runtimeStatus).toBe('Terminated');
    expect(status.output).toBe('no longer needed');
    await expect(e.terminate(id, 'again')).rejects.toMatchObject({ code: 'Gone' });
    await expect(e.raiseEvent(id, 'Approval', 1)).rejects.toMatchObject({ code: 'Gone' });
  });

  it('reports unknown instances clearly and refuses to start a running id twice', async () => {
    const e = engine(uniqueTaskHub());
    await e.start();
    expect(await e.getStatus('nobody-home')).toBeUndefined();
    const raise = e.raiseEvent('nobody-home', 'Approval', {});
    await expect(raise).rejects.toBeInstanceOf(DurableEngineError);
    await expect(raise).rejects.toThrow("No instance with ID 'nobody-home' found.");
    await expect(e.terminate('nobody-home', 'x')).rejects.toMatchObject({ code: 'NotFound' });
    await expect(e.startNew('NoSuchOrchestrator')).rejects.toMatchObject({ code: 'BadRequest' });

    await e.startNew('FixtureEventRace', { instanceId: 'dup' });
    await expect(e.startNew('FixtureEventRace', { instanceId: 'dup' })).rejects.toMatchObject({
      code: 'Conflict',
    });
    await e.terminate('dup', 'cleanup');
    await e.waitForCompletion('dup', 10_000);
    // A finished id can be started again, as a new execution.
    await e.startNew('FixtureEventRace', { instanceId: 'dup' });
    expect((await e.getStatus('dup'))?.runtimeStatus).toMatch(/Pending|Running/);
    expect(await e.purge('dup')).toBe(false);
  });

  it('creates a new instance without reading it first, and reads one only when its id is taken', async () => {
    const e = engine(uniqueTaskHub());
    await e.start();
    // The engine's own store (a private field).
    const downloads = countingDownloads((e as unknown as { store: DurableStore }).store);
    await e.startNew('FixtureEventRace', { instanceId: 'fresh' });
    expect(downloads.count()).toBe(0);
    await expect(e.startNew('FixtureEventRace', { instanceId: 'fresh' })).rejects.toMatchObject({
      code: 'Conflict',
    });
    expect(downloads.count()).toBe(1);
    await e.terminate('fresh', 'cleanup');
    await e.waitForCompletion('fresh', 10_000);
  });

  it('buffers an event raised before the orchestrator waits, races a timer and cancels it', async () => {
    const e = engine(uniqueTaskHub());
    await e.start();
    const id = await e.startNew('FixtureEventRace');
    await e.raiseEvent(id, 'Early', 'first');
    await waitUntil(
      async () =>
        (await e.getStatus(id, { showHistory: true }))?.history?.some(
          (h) => h.EventType === EventType.TimerCreated,
        ),
      10_000,
      'the race timer',
    );
    await e.raiseEvent(id, 'Late', { n: 2 });
    const status = await e.waitForCompletion(id, 10_000);
    expect(status.output).toEqual({ early: 'first', late: { n: 2 } });
    expect(await e.purge(id)).toBe(true);
    expect(await e.getStatus(id)).toBeUndefined();
  });

  it('runs fan-out/fan-in, a caught failing retried activity and a sub-orchestration', async () => {
    const e = engine(uniqueTaskHub());
    await e.start();
    const id = await e.startNew('FixtureFanOut', { input: [1, 2, 3] });
    const status = await e.waitForCompletion(id, 20_000);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatchObject({ doubled: [2, 4, 6], child: 42 });
    const caught = (status.output as { caught: string }).caught;
    expect(caught).toContain('always fails: x');
    const history = (await e.getStatus(id, { showHistory: true }))?.history ?? [];
    // Two attempts of the always-failing activity, each followed by a retry timer.
    expect(history.filter((h) => h.EventType === EventType.TaskFailed)).toHaveLength(2);
    const child = history.find((h) => h.EventType === EventType.SubOrchestrationInstanceCreated);
    expect(child?.InstanceId).toBeDefined();
    expect((await e.getStatus(child?.InstanceId ?? ''))?.runtimeStatus).toBe('Completed');
  });

  it('continues as new and fails an orchestrator that throws', async () => {
    const e = engine(uniqueTaskHub());
    await e.start();
    const counter = await e.startNew('FixtureCounter', { input: 1 });
    const broken = await e.startNew('FixtureBroken');
    const counted = await e.waitForCompletion(counter, 15_000);
    expect(counted.output).toBe('counted to 3');
    expect(counted.input).toBe(3);
    const failed = await e.waitForCompletion(broken, 15_000);
    expect(failed.runtimeStatus).toBe('Failed');
    expect(failed.output).toEqual(expect.stringContaining('orchestrator exploded'));
  });

  it('re-delivers an activity whose worker died (queue visibility timeout)', async () => {
    const hub = uniqueTaskHub();
    const orchestrations = engine(hub, { workers: { activities: false } });
    await orchestrations.start();
    const id = await orchestrations.startNew('FixtureSlow', { input: 5 });
    // A worker takes the work item for 2 s and "dies" without completing or deleting it.
    const workItems = new QueueClient(storage.connectionString, `${hub}-workitems`);
    const taken = await waitUntil(
      async () => {
        const got = await workItems.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 2 });
        return got.receivedMessageItems[0];
      },
      10_000,
      'the activity work item',
    );
    const activities = engine(hub, { workers: { orchestrations: false } });
    await activities.start();
    const status = await orchestrations.waitForCompletion(id, 15_000);
    expect(status.output).toBe('slow-done');
    expect(taken.dequeueCount).toBe(1);
    const history = (await orchestrations.getStatus(id, { showHistory: true }))?.history ?? [];
    expect(history.filter((h) => h.EventType === EventType.TaskCompleted)).toHaveLength(1);
  });
});
