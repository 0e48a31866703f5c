// The replay planner against the real durable-functions orchestrator handlers, driven entirely in
// memory: each episode appends OrchestratorStarted + new events, calls the library, turns its actions
// into history with planReplay and answers the work (activities run for real, timers fire on a fake
// clock). If the planner handed out sequence numbers the library does not expect, the orchestrations
// below would never finish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../registry';
import { EventType, failureFromError, historyEvents, type HistoryEvent } from './history';
import { runActivity, runOrchestrator } from './invoke';
import {
  ActionType,
  flattenActionLists,
  NonDeterminismError,
  planReplay,
  UnsupportedActionError,
  type ReplayCommand,
} from './replay';
import { buildFixtureApp, type FixtureApp } from './testing/fixture';

let app: FixtureApp;
let registry: Registry;

beforeAll(async () => {
  app = await buildFixtureApp();
  registry = app.load();
});

afterAll(() => {
  app.dispose();
});

interface Run {
  readonly history: HistoryEvent[];
  readonly status: 'Completed' | 'Failed' | 'Waiting';
  readonly output: unknown;
  readonly episodes: number;
}

interface RaisedEvent {
  readonly name: string;
  readonly data: unknown;
}

/**
 * Runs an orchestration in memory. `events` are raised one per episode when no activity is pending
 * (before timers fire); `startEvents` arrive together with ExecutionStarted, before the first wait.
 */
async function drive(
  name: string,
  input: unknown,
  events: RaisedEvent[] = [],
  startEvents: RaisedEvent[] = [],
): Promise<Run> {
  const fn = registry.functions.get(name);
  if (!fn) throw new Error(`no ${name}`);
  const history: HistoryEvent[] = [];
  let clock = Date.parse('2030-01-01T00:00:00.000Z');
  let incoming: HistoryEvent[] = [
    historyEvents.executionStarted(new Date(clock), name, JSON.stringify(input)),
    ...startEvents.map((e) => historyEvents.eventRaised(new Date(clock), e.name, JSON.stringify(e.data))),
  ];
  const timers: { id: number; fireAt: string }[] = [];
  const work: ReplayCommand[] = [];
  const queue = [...events];
  for (let episode = 1; episode <= 60; episode++) {
    const now = new Date(clock).toISOString();
    for (const e of history) e.IsPlayed = true;
    history.push(historyEvents.orchestratorStarted(now), ...incoming);
    const outcome = await runOrchestrator(
      fn,
      { instanceId: 'mem', history, input: JSON.stringify(input), parentInstanceId: undefined },
      () => undefined,
      () => undefined,
    );
    if (outcome.kind === 'failed')
      return { history, status: 'Failed', output: outcome.error, episodes: episode };
    const plan = planReplay({
      history,
      actions: flattenActionLists(outcome.actions),
      instanceId: 'mem',
      now,
    });
    expect(plan.reachedActions).toBe(plan.totalActions);
    history.push(...plan.newEvents, historyEvents.orchestratorCompleted(now));
    if (outcome.isDone) return { history, status: 'Completed', output: outcome.output, episodes: episode };
    for (const command of plan.commands) {
      if (command.kind === 'createTimer') timers.push({ id: command.id, fireAt: command.fireAt });
      else work.push(command);
    }
    for (const id of plan.canceledTimerIds)
      timers.splice(
        timers.findIndex((t) => t.id === id),
        1,
      );

    // Next episode: finish one piece of work, else fire the earliest timer, else raise an event.
    incoming = [];
    clock += 10;
    const next = work.shift();
    if (next?.kind === 'scheduleActivity') {
      const activity = registry.functions.get(next.name);
      if (!activity) throw new Error(`no activity ${next.name}`);
      const at = new Date(clock);
      try {
        incoming.push(
          historyEvents.taskCompleted(
            at,
            next.id,
            await runActivity(
              activity,
              next.input,
              () => undefined,
              () => undefined,
            ),
          ),
        );
      } catch (error) {
        incoming.push(historyEvents.taskFailed(at, next.id, failureFromError(error)));
      }
    } else if (next?.kind === 'startSubOrchestration') {
      const child = await drive(next.name, next.input === undefined ? undefined : JSON.parse(next.input));
      incoming.push(
        historyEvents.subOrchestrationCompleted(new Date(clock), next.id, JSON.stringify(child.output)),
      );
    } else if (queue.length > 0) {
      const event = queue.shift();
      if (event)
        incoming.push(historyEvents.eventRaised(new Date(clock), event.name, JSON.stringify(event.data)));
    } else {
      timers.sort((a, b) => a.fireAt.localeCompare(b.fireAt));
      const timer = timers.shift();
      if (!timer) return { history, status: 'Waiting', output: undefined, episodes: episode };
      clock = Math.max(clock, Date.parse(timer.fireAt));
      incoming.push(historyEvents.timerFired(new Date(clock), timer.id, timer.fireAt));
    }
  }
  throw new Error('orchestration did not finish in 60 episodes');
}

const scheduledIds = (history: HistoryEvent[], type: number): number[] =>
  history.filter((e) => e.EventType === type).map((e) => e.EventId);

describe('replay planner with the real durable-functions library', () => {
  it('runs a retried activity, an activity, a durable timer and an external event to completion', async () => {
    const run = await drive('FixtureWorkflow', { key: 'mem', value: 4, timerSeconds: 2 }, [
      { name: 'Approval', data: { ok: true } },
    ]);
    expect(run.status).toBe('Completed');
    expect(run.output).toMatchObject({ first: 'flaky:mem:attempt2', second: 8, approval: { ok: true } });
    // Retry shape: TaskScheduled 0, TaskFailed 0, retry TimerCreated 1, TimerFired 1, TaskScheduled 2.
    expect(scheduledIds(run.history, EventType.TaskScheduled)).toEqual([0, 2, 3]);
    expect(scheduledIds(run.history, EventType.TimerCreated)).toEqual([1, 4]);
    const failedAt = run.history.find((e) => e.EventType === EventType.TaskFailed)?.Timestamp ?? '';
    const retryTimer = run.history.find((e) => e.EventType === EventType.TimerCreated && e.EventId === 1);
    // Planned in the episode that saw the failure, 500 ms out.
    expect(Date.parse(retryTimer?.FireAt ?? '')).toBe(Date.parse(failedAt) + 500);
    const durable = run.history.find((e) => e.EventType === EventType.TimerCreated && e.EventId === 4);
    expect(Date.parse(durable?.FireAt ?? '') - Date.parse(durable?.Timestamp ?? '')).toBe(2000);
  });

  it('gives the library the episode boundaries it derives isReplaying from', async () => {
    const run = await drive('FixtureReplayProbe', null);
    expect(run.episodes).toBe(3);
    // Final replay: code before the newest OrchestratorStarted is replaying, code after it is not.
    expect(run.output).toEqual([true, true, false]);
  });

  it('stops at the external event until it is raised', async () => {
    const run = await drive('FixtureWorkflow', { key: 'wait', value: 1, timerSeconds: 1 });
    expect(run.status).toBe('Waiting');
    expect(run.history.filter((e) => e.EventType === EventType.TimerFired)).toHaveLength(2);
  });

  it('handles fan-out, a retried failure caught by the orchestrator and a sub-orchestration', async () => {
    const run = await drive('FixtureFanOut', [1, 2, 3]);
    expect(run.status).toBe('Completed');
    expect(run.output).toMatchObject({ doubled: [2, 4, 6], child: 42 });
    expect((run.output as { caught: string }).caught).toContain('always fails: x');
    // 3 parallel activities (0-2), attempt 3, retry timer 4, attempt 5, retry timer 6, sub-orchestration 7.
    expect(scheduledIds(run.history, EventType.TaskScheduled)).toEqual([0, 1, 2, 3, 5]);
    expect(scheduledIds(run.history, EventType.TimerCreated)).toEqual([4, 6]);
    expect(scheduledIds(run.history, EventType.SubOrchestrationInstanceCreated)).toEqual([7]);
  });

  it('buffers an event raised before the wait, and lets an event beat a timer', async () => {
    const run = await drive(
      'FixtureEventRace',
      null,
      [{ name: 'Late', data: 'l' }],
      [{ name: 'Early', data: 'e' }],
    );
    expect(run.output).toEqual({ early: 'e', late: 'l' });
    expect(run.episodes).toBe(2);
  });

  it('lets the timer win the race when no event comes', async () => {
    const run = await drive('FixtureEventRace', null, [], [{ name: 'Early', data: 'e' }]);
    expect(run.output).toEqual({ early: 'e', late: null });
  });

  it('reports continueAsNew with the new input', async () => {
    const fn = registry.functions.get('FixtureCounter');
    if (!fn) throw new Error('no counter');
    const t0 = '2030-01-01T00:00:00.000Z';
    const t1 = '2030-01-01T00:00:01.000Z';
    const history = [
      historyEvents.orchestratorStarted(t0),
      historyEvents.executionStarted(t0, 'FixtureCounter', '2'),
      historyEvents.timerCreated(t0, 0, '2030-01-01T00:00:00.010Z'),
      historyEvents.orchestratorCompleted(t0),
      historyEvents.orchestratorStarted(t1),
      historyEvents.timerFired(t1, 0, '2030-01-01T00:00:00.010Z'),
    ];
    const outcome = await runOrchestrator(
      fn,
      { instanceId: 'c', history, input: '2', parentInstanceId: undefined },
      () => undefined,
      () => undefined,
    );
    expect(outcome).toMatchObject({ kind: 'state', isDone: true });
    const plan = planReplay({
      history,
      actions: outcome.kind === 'state' ? flattenActionLists(outcome.actions) : [],
      instanceId: 'c',
      now: t1,
    });
    expect(plan.continueAsNew).toEqual({ input: '3' });
    expect(plan.newEvents).toEqual([]);
  });
});

describe('replay planner rules', () => {
  const t0 = '2030-01-01T00:00:00.000Z';
  const started = (): HistoryEvent[] => [
    historyEvents.orchestratorStarted(t0),
    historyEvents.executionStarted(t0, 'X', undefined),
  ];
  const activity = (name: string): Record<string, unknown> => ({
    actionType: ActionType.CallActivity,
    functionName: name,
    input: '"in"',
  });

  it('schedules the members of Task.all in order and moves on when one fails', () => {
    const a = activity('A');
    const b = activity('B');
    const all = { actionType: ActionType.WhenAll, compoundActions: [a, b] };
    const first = planReplay({ history: started(), actions: [all], instanceId: 'i', now: t0 });
    expect(first.commands.map((c) => [c.kind, c.id])).toEqual([
      ['scheduleActivity', 0],
      ['scheduleActivity', 1],
    ]);
    const history = [
      ...started(),
      ...first.newEvents,
      historyEvents.orchestratorStarted(t0),
      historyEvents.taskFailed(t0, 0, { reason: 'x', details: '' }),
    ];
    const after = planReplay({ history, actions: [all, activity('C')], instanceId: 'i', now: t0 });
    expect(after.commands).toEqual([{ kind: 'scheduleActivity', id: 2, name: 'C', input: '"in"' }]);
    expect(after.reachedActions).toBe(2);
  });

  it('after the retry timeout, records the remaining attempts as failures without running them', () => {
    const retried = {
      actionType: ActionType.CallActivityWithRetry,
      functionName: 'A',
      input: '"x"',
      retryOptions: {
        firstRetryIntervalInMilliseconds: 1000,
        maxNumberOfAttempts: 3,
        retryTimeoutInMilliseconds: 500,
      },
    };
    const later = '2030-01-01T00:00:05.000Z';
    const history = [
      ...started(),
      historyEvents.taskScheduled(t0, 0, 'A', '"x"'),
      historyEvents.orchestratorStarted(later),
      historyEvents.taskFailed(later, 0, { reason: 'boom', details: 'trace' }),
    ];
    const plan = planReplay({ history, actions: [retried], instanceId: 'i', now: later });
    expect(plan.commands).toEqual([{ kind: 'createTimer', id: 1, fireAt: later }]);
    const fired = [
      ...history,
      ...plan.newEvents,
      historyEvents.orchestratorStarted(later),
      historyEvents.timerFired(later, 1, later),
    ];
    const next = planReplay({ history: fired, actions: [retried], instanceId: 'i', now: later });
    expect(next.commands).toEqual([
      {
        kind: 'scheduleActivity',
        id: 2,
        name: 'A',
        input: '"x"',
        failWithoutRunning: { reason: 'boom', details: 'trace' },
      },
    ]);
  });

  it('detects a non-deterministic orchestrator', () => {
    const history = [...started(), historyEvents.taskScheduled(t0, 0, 'A', undefined)];
    expect(() => planReplay({ history, actions: [activity('B')], instanceId: 'i', now: t0 })).toThrow(
      NonDeterminismError,
    );
    expect(() =>
      planReplay({
        history,
        actions: [{ actionType: ActionType.CreateTimer, fireAt: new Date() }],
        instanceId: 'i',
        now: t0,
      }),
    ).toThrow(/was activity 'A' in the history but is now timer/);
  });

  it('refuses durable entities and durable HTTP clearly', () => {
    expect(() =>
      planReplay({
        history: started(),
        actions: [{ actionType: ActionType.CallHttp }],
        instanceId: 'i',
        now: t0,
      }),
    ).toThrow(UnsupportedActionError);
  });
});
