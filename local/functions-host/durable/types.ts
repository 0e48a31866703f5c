// Persisted shapes: the instance document (one JSON blob per instance in `<hub>-instances`) and the
// messages on the `<hub>-control` (orchestration work) and `<hub>-workitems` (activity work) queues.
import { randomUUID } from 'node:crypto';
import { isRecord, parseJsonOr, type FailureDetails, type HistoryEvent } from './history';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew';

export const terminalStatuses: ReadonlySet<RuntimeStatus> = new Set(['Completed', 'Failed', 'Terminated']);

export function isTerminal(status: RuntimeStatus): boolean {
  return terminalStatuses.has(status);
}

export interface ParentRef {
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskScheduledId: number;
}

export interface PendingTimer {
  readonly id: number;
  readonly fireAt: string;
}

export type OutboxEntry =
  | { readonly kind: 'control'; readonly message: ControlMessage; readonly delaySeconds?: number }
  | { readonly kind: 'workItem'; readonly message: WorkItemMessage }
  | {
      readonly kind: 'createInstance';
      readonly instanceId: string;
      readonly name: string;
      readonly input: string | undefined;
      readonly parent: ParentRef;
    };

export interface InstanceState {
  readonly schemaVersion: 1;
  readonly instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  /** JSON text of the current execution's input. */
  input: string | undefined;
  /** JSON text of the output (Completed), the error message (Failed) or the reason (Terminated). */
  output: string | undefined;
  /** JSON text. */
  customStatus: string | undefined;
  failureDetails?: FailureDetails;
  readonly createdTime: string;
  lastUpdatedTime: string;
  history: HistoryEvent[];
  timers: PendingTimer[];
  /** Messages committed with this state but maybe not sent yet (sent right after the commit). */
  outbox: OutboxEntry[];
  parent?: ParentRef;
  /** Ids of the last control messages applied, so a re-delivered message is applied once. */
  processedMessageIds: string[];
}

interface MessageBase {
  /** Unique per message; used to drop duplicates. */
  readonly id: string;
  readonly instanceId: string;
}

export type ControlMessage =
  | (MessageBase & { readonly type: 'ExecutionStarted'; readonly executionId: string })
  | (MessageBase & {
      readonly type: 'TaskCompleted' | 'SubOrchestrationInstanceCompleted';
      readonly executionId: string;
      readonly taskScheduledId: number;
      readonly result: string;
    })
  | (MessageBase & {
      readonly type: 'TaskFailed' | 'SubOrchestrationInstanceFailed';
      readonly executionId: string;
      readonly taskScheduledId: number;
      readonly reason: string;
      readonly details: string;
      readonly failureDetails?: FailureDetails;
    })
  | (MessageBase & {
      readonly type: 'TimerFired';
      readonly executionId: string;
      readonly timerId: number;
      readonly fireAt: string;
    })
  | (MessageBase & { readonly type: 'EventRaised'; readonly name: string; readonly input?: string })
  | (MessageBase & { readonly type: 'ExecutionTerminated'; readonly reason: string });

export interface WorkItemMessage extends MessageBase {
  readonly executionId: string;
  readonly taskScheduledId: number;
  readonly name: string;
  readonly input?: string;
}

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optStr = (v: unknown): boolean => v === undefined || typeof v === 'string';

export function parseControlMessage(value: unknown): ControlMessage | undefined {
  if (!isRecord(value) || !str(value.id) || !str(value.instanceId) || !str(value.type)) return undefined;
  switch (value.type) {
    case 'ExecutionStarted':
      return str(value.executionId) ? (value as unknown as ControlMessage) : undefined;
    case 'TaskCompleted':
    case 'SubOrchestrationInstanceCompleted':
      return str(value.executionId) && num(value.taskScheduledId) && str(value.result)
        ? (value as unknown as ControlMessage)
        : undefined;
    case 'TaskFailed':
    case 'SubOrchestrationInstanceFailed':
      return str(value.executionId) && num(value.taskScheduledId) && str(value.reason) && str(value.details)
        ? (value as unknown as ControlMessage)
        : undefined;
    case 'TimerFired':
      return str(value.executionId) && num(value.timerId) && str(value.fireAt)
        ? (value as unknown as ControlMessage)
        : undefined;
    case 'EventRaised':
      return str(value.name) && optStr(value.input) ? (value as unknown as ControlMessage) : undefined;
    case 'ExecutionTerminated':
      return str(value.reason) ? (value as unknown as ControlMessage) : undefined;
    default:
      return undefined;
  }
}

export function parseWorkItemMessage(value: unknown): WorkItemMessage | undefined {
  if (!isRecord(value)) return undefined;
  const { id, instanceId, executionId, taskScheduledId, name, input } = value;
  if (
    !str(id) ||
    !str(instanceId) ||
    !str(executionId) ||
    !num(taskScheduledId) ||
    !str(name) ||
    !optStr(input)
  ) {
    return undefined;
  }
  return value as unknown as WorkItemMessage;
}

export function parseInstanceState(value: unknown): InstanceState | undefined {
  if (!isRecord(value) || value.schemaVersion !== 1) return undefined;
  if (!str(value.instanceId) || !str(value.name) || !str(value.executionId) || !str(value.runtimeStatus))
    return undefined;
  if (!Array.isArray(value.history) || !Array.isArray(value.timers) || !Array.isArray(value.outbox))
    return undefined;
  if (!Array.isArray(value.processedMessageIds)) return undefined;
  return value as unknown as InstanceState;
}

/** The orchestration status as the management API returns it. */
export interface DurableStatus {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly input: unknown;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  /** Raw history (the events the orchestrator replays), with showHistory. */
  readonly history?: HistoryEvent[];
}

export function toStatus(state: InstanceState, showHistory: boolean): DurableStatus {
  return {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.runtimeStatus,
    input: parseJsonOr(state.input),
    output: parseJsonOr(state.output),
    customStatus: parseJsonOr(state.customStatus),
    createdTime: state.createdTime,
    lastUpdatedTime: state.lastUpdatedTime,
    ...(showHistory ? { history: state.history } : {}),
  };
}

/** A new instance's document, before its first episode (a fresh execution id). */
export function newInstanceState(
  instanceId: string,
  name: string,
  input: string | undefined,
  parent: ParentRef | undefined,
): InstanceState {
  const now = new Date().toISOString();
  const executionId = randomUUID();
  return {
    schemaVersion: 1,
    instanceId,
    name,
    executionId,
    runtimeStatus: 'Pending',
    input,
    output: undefined,
    customStatus: undefined,
    createdTime: now,
    lastUpdatedTime: now,
    history: [],
    timers: [],
    outbox: [],
    ...(parent ? { parent } : {}),
    processedMessageIds: [],
  };
}
