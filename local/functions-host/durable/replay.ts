// Turns the actions an orchestrator returned into new history events and work, the way the Durable
// extension's OutOfProcOrchestrationShim does: it replays the action list in order (each action is one
// `yield`, awaited before the next one is invoked) against the history, handing out the same sequence
// numbers durable-functions' TaskOrchestrationExecutor assigns, so TaskScheduled/TimerCreated EventIds
// line up with the TaskScheduledId/TimerId the library waits for.
//
// Where the .NET shim and the JS library would disagree, this follows the JS library, because its
// replay is what has to match: Task.all fails on the first failure, Task.any completes on the first
// completion, a retried call waits for a retry timer after every failed attempt (RetryableTask), and
// an action object seen twice (a task yielded again, or inside Task.all) is the same task.
import { EventType, historyEvents, isRecord, type Failure, type HistoryEvent } from './history';
import { computeRetryDelay, retryPolicyFrom, type RetryPolicy } from './retry';

/** durable-functions' ActionType enum. */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

const unsupportedActions = new Map<number, string>([
  [ActionType.CallEntity, 'callEntity'],
  [ActionType.CallHttp, 'callHttp'],
  [ActionType.SignalEntity, 'signalEntity'],
  [ActionType.LockEntities, 'lock'],
  [ActionType.ReleaseEntities, 'lock release'],
]);

export type ReplayCommand =
  | {
      readonly kind: 'scheduleActivity';
      readonly id: number;
      readonly name: string;
      readonly input: string | undefined;
      /** Set when the retry timeout has expired: record the attempt as failed without running it. */
      readonly failWithoutRunning?: Failure;
    }
  | { readonly kind: 'createTimer'; readonly id: number; readonly fireAt: string }
  | {
      readonly kind: 'startSubOrchestration';
      readonly id: number;
      readonly name: string;
      readonly instanceId: string;
      readonly input: string | undefined;
      readonly failWithoutRunning?: Failure;
    };

export interface ReplayPlan {
  /** TaskScheduled / TimerCreated / SubOrchestrationInstanceCreated events to append, in id order. */
  readonly newEvents: HistoryEvent[];
  readonly commands: ReplayCommand[];
  /** Timers the orchestrator cancelled (timer.cancel()): they no longer need to fire. */
  readonly canceledTimerIds: number[];
  readonly continueAsNew?: { readonly input: string | undefined };
  /** How many of the top-level actions the replay reached; less than actions.length means a mismatch. */
  readonly reachedActions: number;
  readonly totalActions: number;
}

export class NonDeterminismError extends Error {
  override readonly name = 'NonDeterminismError';
}

export class UnsupportedActionError extends Error {
  override readonly name = 'UnsupportedActionError';
}

type Outcome = 'completed' | 'failed';

class SimTask {
  outcome: Outcome | undefined;
  private listeners: ((outcome: Outcome) => void)[] = [];

  onSettled(listener: (outcome: Outcome) => void): void {
    if (this.outcome) listener(this.outcome);
    else this.listeners.push(listener);
  }

  settle(outcome: Outcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener(outcome);
  }
}

/** Orchestrator inputs as the JS library hands them to the host: strings are already JSON text. */
export function serializedActionInput(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'string') return input;
  return JSON.stringify(input);
}

/** Top-level actions from an OrchestratorState's `actions` (one inner list for replay schema ≥ V2). */
export function flattenActionLists(actions: unknown): unknown[] {
  if (!Array.isArray(actions)) return [];
  const out: unknown[] = [];
  for (const list of actions as unknown[]) {
    if (Array.isArray(list)) out.push(...(list as unknown[]));
  }
  return out;
}

export interface PlanInput {
  readonly history: readonly HistoryEvent[];
  readonly actions: readonly unknown[];
  readonly instanceId: string;
  /** Timestamp of this episode's OrchestratorStarted event. */
  readonly now: string;
}

export function planReplay(input: PlanInput): ReplayPlan {
  return new Planner(input).run();
}

class Planner {
  private seq = 0;
  private currentTime: number;
  private readonly scheduled = new Map<number, HistoryEvent>();
  private readonly waiters = new Map<number, (event: HistoryEvent) => void>();
  private readonly deferred = new Map<number, HistoryEvent[]>();
  private readonly eventWaiters = new Map<string, SimTask[]>();
  private readonly eventBuffer = new Map<string, number>();
  private readonly taskByAction = new Map<object, SimTask>();
  private readonly newEvents: HistoryEvent[] = [];
  private readonly commands: ReplayCommand[] = [];
  private readonly canceledTimerIds: number[] = [];
  private continueAsNew: { input: string | undefined } | undefined;
  private reached = 0;

  constructor(private readonly input: PlanInput) {
    this.currentTime = Date.parse(input.now);
    for (const event of input.history) {
      if (
        event.EventType === EventType.TaskScheduled ||
        event.EventType === EventType.TimerCreated ||
        event.EventType === EventType.SubOrchestrationInstanceCreated
      ) {
        this.scheduled.set(event.EventId, event);
      }
    }
  }

  run(): ReplayPlan {
    let started = false;
    for (const event of this.input.history) {
      switch (event.EventType) {
        case EventType.OrchestratorStarted:
          this.currentTime = Date.parse(event.Timestamp);
          break;
        case EventType.ExecutionStarted:
          if (!started) {
            started = true;
            this.runFrom(0);
          }
          break;
        case EventType.TaskCompleted:
        case EventType.TaskFailed:
        case EventType.SubOrchestrationInstanceCompleted:
        case EventType.SubOrchestrationInstanceFailed:
          if (event.TaskScheduledId !== undefined) this.deliver(event.TaskScheduledId, event);
          break;
        case EventType.TimerFired:
          if (event.TimerId !== undefined) this.deliver(event.TimerId, event);
          break;
        case EventType.EventRaised:
          if (event.Name !== undefined) this.deliverExternalEvent(event.Name);
          break;
        default:
          break;
      }
    }
    return {
      newEvents: this.newEvents,
      commands: this.commands,
      canceledTimerIds: this.canceledTimerIds,
      ...(this.continueAsNew ? { continueAsNew: this.continueAsNew } : {}),
      reachedActions: this.reached,
      totalActions: this.input.actions.length,
    };
  }

  private runFrom(index: number): void {
    const action = this.input.actions[index];
    if (action === undefined) return;
    this.reached = index + 1;
    this.invoke(action).onSettled(() => {
      this.runFrom(index + 1);
    });
  }

  private deliver(id: number, event: HistoryEvent): void {
    const waiter = this.waiters.get(id);
    if (waiter) {
      this.waiters.delete(id);
      waiter(event);
      return;
    }
    const queue = this.deferred.get(id) ?? [];
    queue.push(event);
    this.deferred.set(id, queue);
  }

  private waitFor(id: number, handler: (event: HistoryEvent) => void): void {
    const queue = this.deferred.get(id);
    const early = queue?.shift();
    if (queue?.length === 0) this.deferred.delete(id);
    if (early) handler(early);
    else this.waiters.set(id, handler);
  }

  private deliverExternalEvent(name: string): void {
    const waiting = this.eventWaiters.get(name);
    // Like TaskOrchestrationExecutor: the most recent waiter for that name gets the event.
    const task = waiting?.pop();
    if (waiting?.length === 0) this.eventWaiters.delete(name);
    if (task) task.settle('completed');
    else this.eventBuffer.set(name, (this.eventBuffer.get(name) ?? 0) + 1);
  }

  private invoke(action: unknown): SimTask {
    if (!isRecord(action))
      throw new UnsupportedActionError('The orchestrator returned an action that is not an object');
    const known = this.taskByAction.get(action);
    if (known) return known;
    const task = this.create(action);
    this.taskByAction.set(action, task);
    return task;
  }

  private create(action: Record<string, unknown>): SimTask {
    const type = action.actionType;
    if (typeof type !== 'number')
      throw new UnsupportedActionError('The orchestrator returned an action without actionType');
    const unsupported = unsupportedActions.get(type);
    if (unsupported) {
      throw new UnsupportedActionError(
        `${unsupported} (durable entities / durable HTTP) is not supported by the local Durable engine`,
      );
    }
    switch (type) {
      case ActionType.CallActivity: {
        const name = requireString(action.functionName, 'functionName');
        const input = serializedActionInput(action.input);
        return this.singleAttempt(
          () => this.scheduleActivity(name, input, undefined),
          EventType.TaskCompleted,
        );
      }
      case ActionType.CallActivityWithRetry: {
        const name = requireString(action.functionName, 'functionName');
        const input = serializedActionInput(action.input);
        return this.retryChain(
          retryPolicyFrom(action.retryOptions),
          (failure) => this.scheduleActivity(name, input, failure),
          EventType.TaskCompleted,
        );
      }
      case ActionType.CallSubOrchestrator: {
        const name = requireString(action.functionName, 'functionName');
        const input = action.input === undefined ? undefined : JSON.stringify(action.input);
        const instanceId = optionalString(action.instanceId);
        return this.singleAttempt(
          () => this.scheduleSubOrchestration(name, instanceId, input, undefined),
          EventType.SubOrchestrationInstanceCompleted,
        );
      }
      case ActionType.CallSubOrchestratorWithRetry: {
        const name = requireString(action.functionName, 'functionName');
        const input = action.input === undefined ? undefined : JSON.stringify(action.input);
        const instanceId = optionalString(action.instanceId);
        return this.retryChain(
          retryPolicyFrom(action.retryOptions),
          (failure) => this.scheduleSubOrchestration(name, instanceId, input, failure),
          EventType.SubOrchestrationInstanceCompleted,
        );
      }
      case ActionType.ContinueAsNew: {
        this.continueAsNew = { input: serializedActionInput(action.input) };
        const task = new SimTask();
        task.settle('completed');
        return task;
      }
      case ActionType.CreateTimer: {
        const fireAt = toIso(action.fireAt);
        const id = this.scheduleTimer(fireAt);
        if (action.isCanceled === true) this.canceledTimerIds.push(id);
        const task = new SimTask();
        this.waitFor(id, () => {
          task.settle('completed');
        });
        return task;
      }
      case ActionType.WaitForExternalEvent: {
        const name = requireString(action.externalEventName, 'externalEventName');
        const task = new SimTask();
        const buffered = this.eventBuffer.get(name) ?? 0;
        if (buffered > 0) {
          if (buffered === 1) this.eventBuffer.delete(name);
          else this.eventBuffer.set(name, buffered - 1);
          task.settle('completed');
        } else {
          const list = this.eventWaiters.get(name) ?? [];
          list.push(task);
          this.eventWaiters.set(name, list);
        }
        return task;
      }
      case ActionType.WhenAll: {
        const children = compound(action).map((child) => this.invoke(child));
        const task = new SimTask();
        for (const child of children) {
          child.onSettled((outcome) => {
            if (outcome === 'failed') task.settle('failed');
            else if (children.every((c) => c.outcome === 'completed')) task.settle('completed');
          });
        }
        return task;
      }
      case ActionType.WhenAny: {
        const children = compound(action).map((child) => this.invoke(child));
        const task = new SimTask();
        for (const child of children) {
          child.onSettled(() => {
            task.settle('completed');
          });
        }
        return task;
      }
      default:
        throw new UnsupportedActionError(`Unknown orchestrator action type ${type}`);
    }
  }

  private singleAttempt(schedule: () => number, successType: number): SimTask {
    const task = new SimTask();
    const id = schedule();
    this.waitFor(id, (event) => {
      task.settle(event.EventType === successType ? 'completed' : 'failed');
    });
    return task;
  }

  private retryChain(
    policy: RetryPolicy,
    schedule: (failWithoutRunning: Failure | undefined) => number,
    successType: number,
  ): SimTask {
    const task = new SimTask();
    const firstAttemptAt = this.currentTime;
    let attempts = 0;
    let gaveUpWith: Failure | undefined;
    const attempt = (): void => {
      attempts++;
      const id = schedule(gaveUpWith);
      this.waitFor(id, (event) => {
        if (event.EventType === successType) {
          task.settle('completed');
          return;
        }
        const delay = gaveUpWith
          ? undefined
          : computeRetryDelay(policy, attempts - 1, firstAttemptAt, this.currentTime);
        // Past the retry timeout the framework stops retrying. The JS library still waits for a retry
        // timer and re-attempts until its attempt count is used up, so those attempts are recorded as
        // failing immediately (with the last failure) instead of running again.
        if (delay === undefined) gaveUpWith ??= failureOf(event);
        const timerId = this.scheduleTimer(new Date(this.currentTime + (delay ?? 0)).toISOString());
        this.waitFor(timerId, () => {
          if (attempts >= policy.maxNumberOfAttempts) task.settle('failed');
          else attempt();
        });
      });
    };
    attempt();
    return task;
  }

  private nextId(expectedType: number, expectedName: string | undefined): { id: number; isNew: boolean } {
    const id = this.seq++;
    const existing = this.scheduled.get(id);
    if (!existing) return { id, isNew: true };
    if (
      existing.EventType !== expectedType ||
      (expectedName !== undefined && existing.Name !== expectedName)
    ) {
      const was = existing.Name
        ? `${existingKind(existing.EventType)} '${existing.Name}'`
        : existingKind(existing.EventType);
      const now = expectedName
        ? `${existingKind(expectedType)} '${expectedName}'`
        : existingKind(expectedType);
      throw new NonDeterminismError(
        `Non-deterministic orchestrator detected in instance ${this.input.instanceId}: step ${id} was ${was} in the history but is now ${now}.`,
      );
    }
    return { id, isNew: false };
  }

  private scheduleActivity(
    name: string,
    input: string | undefined,
    failWithoutRunning: Failure | undefined,
  ): number {
    const { id, isNew } = this.nextId(EventType.TaskScheduled, name);
    if (isNew) {
      this.newEvents.push(historyEvents.taskScheduled(this.input.now, id, name, input));
      this.commands.push({
        kind: 'scheduleActivity',
        id,
        name,
        input,
        ...(failWithoutRunning ? { failWithoutRunning } : {}),
      });
    }
    return id;
  }

  private scheduleSubOrchestration(
    name: string,
    instanceId: string | undefined,
    input: string | undefined,
    failWithoutRunning: Failure | undefined,
  ): number {
    const { id, isNew } = this.nextId(EventType.SubOrchestrationInstanceCreated, name);
    if (isNew) {
      const childId = instanceId ?? `${this.input.instanceId}:${id}`;
      this.newEvents.push(historyEvents.subOrchestrationCreated(this.input.now, id, name, childId, input));
      this.commands.push({
        kind: 'startSubOrchestration',
        id,
        name,
        instanceId: childId,
        input,
        ...(failWithoutRunning ? { failWithoutRunning } : {}),
      });
    }
    return id;
  }

  private scheduleTimer(fireAt: string): number {
    const { id, isNew } = this.nextId(EventType.TimerCreated, undefined);
    if (isNew) {
      this.newEvents.push(historyEvents.timerCreated(this.input.now, id, fireAt));
      this.commands.push({ kind: 'createTimer', id, fireAt });
    }
    return id;
  }
}

function failureOf(event: HistoryEvent): Failure {
  return {
    reason: event.Reason ?? 'failed',
    details: event.Details ?? '',
    ...(event.FailureDetails ? { failureDetails: event.FailureDetails } : {}),
  };
}

function existingKind(type: number): string {
  switch (type) {
    case EventType.TaskScheduled:
      return 'activity';
    case EventType.TimerCreated:
      return 'timer';
    case EventType.SubOrchestrationInstanceCreated:
      return 'sub-orchestration';
    default:
      return `event ${type}`;
  }
}

function compound(action: Record<string, unknown>): unknown[] {
  const children = action.compoundActions;
  if (!Array.isArray(children) || children.length === 0) {
    throw new UnsupportedActionError('Task.all / Task.any action without children');
  }
  return children as unknown[];
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '')
    throw new UnsupportedActionError(`Action field ${field} must be a non-empty string`);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toIso(value: unknown): string {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new UnsupportedActionError('createTimer needs a valid fireAt date');
  return date.toISOString();
}
