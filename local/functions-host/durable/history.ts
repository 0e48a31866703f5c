// History events in the shape durable-functions 3.x reads (lib/src/history/*.js): PascalCase fields,
// `EventType` numbers from its HistoryEventType enum, ISO `Timestamp` strings (the library turns them
// into Dates itself, as it does with the real host's JSON).

export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

export type EventTypeNumber = (typeof EventType)[keyof typeof EventType];

const eventTypeNames = new Map<number, string>(
  Object.entries(EventType).map(([name, value]) => [value, name]),
);

export function eventTypeName(type: number): string {
  return eventTypeNames.get(type) ?? `Unknown(${type})`;
}

/** The wire shape of a failure (durable-functions' FailureDetailsPayload / DurableTask FailureDetails). */
export interface FailureDetails {
  readonly ErrorType: string;
  readonly ErrorMessage: string;
  readonly StackTrace?: string;
  readonly IsNonRetriable: boolean;
  readonly Properties?: Record<string, unknown>;
  readonly InnerFailure?: FailureDetails;
}

export type TerminalStatus = 'Completed' | 'Failed' | 'Terminated';

export interface HistoryEvent {
  readonly EventType: EventTypeNumber;
  /** Sequence number for TaskScheduled / TimerCreated / SubOrchestrationInstanceCreated, -1 otherwise. */
  readonly EventId: number;
  IsPlayed: boolean;
  readonly Timestamp: string;
  readonly Name?: string;
  /** JSON text. */
  readonly Input?: string;
  /** JSON text (or the error message for a failed ExecutionCompleted). */
  readonly Result?: string;
  readonly TaskScheduledId?: number;
  readonly TimerId?: number;
  readonly FireAt?: string;
  readonly Reason?: string;
  readonly Details?: string;
  readonly FailureDetails?: FailureDetails;
  readonly InstanceId?: string;
  readonly OrchestrationStatus?: TerminalStatus;
}

const at = (timestamp: Date | string): string =>
  typeof timestamp === 'string' ? timestamp : timestamp.toISOString();

export const historyEvents = {
  orchestratorStarted: (timestamp: Date | string): HistoryEvent => ({
    EventType: EventType.OrchestratorStarted,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
  }),
  orchestratorCompleted: (timestamp: Date | string): HistoryEvent => ({
    EventType: EventType.OrchestratorCompleted,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
  }),
  executionStarted: (timestamp: Date | string, name: string, input: string | undefined): HistoryEvent => ({
    EventType: EventType.ExecutionStarted,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    Name: name,
    ...(input === undefined ? {} : { Input: input }),
  }),
  executionCompleted: (
    timestamp: Date | string,
    status: TerminalStatus,
    result: string | undefined,
    failureDetails?: FailureDetails,
  ): HistoryEvent => ({
    EventType: EventType.ExecutionCompleted,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    OrchestrationStatus: status,
    ...(result === undefined ? {} : { Result: result }),
    ...(failureDetails ? { FailureDetails: failureDetails } : {}),
  }),
  executionTerminated: (timestamp: Date | string, reason: string): HistoryEvent => ({
    EventType: EventType.ExecutionTerminated,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    Input: reason,
  }),
  taskScheduled: (
    timestamp: Date | string,
    id: number,
    name: string,
    input: string | undefined,
  ): HistoryEvent => ({
    EventType: EventType.TaskScheduled,
    EventId: id,
    IsPlayed: false,
    Timestamp: at(timestamp),
    Name: name,
    ...(input === undefined ? {} : { Input: input }),
  }),
  taskCompleted: (timestamp: Date | string, taskScheduledId: number, result: string): HistoryEvent => ({
    EventType: EventType.TaskCompleted,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    TaskScheduledId: taskScheduledId,
    Result: result,
  }),
  taskFailed: (timestamp: Date | string, taskScheduledId: number, failure: Failure): HistoryEvent => ({
    EventType: EventType.TaskFailed,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    TaskScheduledId: taskScheduledId,
    Reason: failure.reason,
    Details: failure.details,
    ...(failure.failureDetails ? { FailureDetails: failure.failureDetails } : {}),
  }),
  subOrchestrationCreated: (
    timestamp: Date | string,
    id: number,
    name: string,
    instanceId: string,
    input: string | undefined,
  ): HistoryEvent => ({
    EventType: EventType.SubOrchestrationInstanceCreated,
    EventId: id,
    IsPlayed: false,
    Timestamp: at(timestamp),
    Name: name,
    InstanceId: instanceId,
    ...(input === undefined ? {} : { Input: input }),
  }),
  subOrchestrationCompleted: (
    timestamp: Date | string,
    taskScheduledId: number,
    result: string,
  ): HistoryEvent => ({
    EventType: EventType.SubOrchestrationInstanceCompleted,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    TaskScheduledId: taskScheduledId,
    Result: result,
  }),
  subOrchestrationFailed: (
    timestamp: Date | string,
    taskScheduledId: number,
    failure: Failure,
  ): HistoryEvent => ({
    EventType: EventType.SubOrchestrationInstanceFailed,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    TaskScheduledId: taskScheduledId,
    Reason: failure.reason,
    Details: failure.details,
    ...(failure.failureDetails ? { FailureDetails: failure.failureDetails } : {}),
  }),
  timerCreated: (timestamp: Date | string, id: number, fireAt: string): HistoryEvent => ({
    EventType: EventType.TimerCreated,
    EventId: id,
    IsPlayed: false,
    Timestamp: at(timestamp),
    FireAt: fireAt,
  }),
  timerFired: (timestamp: Date | string, timerId: number, fireAt: string): HistoryEvent => ({
    EventType: EventType.TimerFired,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    TimerId: timerId,
    FireAt: fireAt,
  }),
  eventRaised: (timestamp: Date | string, name: string, input: string | undefined): HistoryEvent => ({
    EventType: EventType.EventRaised,
    EventId: -1,
    IsPlayed: false,
    Timestamp: at(timestamp),
    Name: name,
    ...(input === undefined ? {} : { Input: input }),
  }),
};

/** How a failed activity / sub-orchestration is reported back to the orchestrator. */
export interface Failure {
  readonly reason: string;
  readonly details: string;
  readonly failureDetails?: FailureDetails;
}

/**
 * Turns a thrown value into a failure. durable-functions' activity wrapper may replace the message with
 * a JSON FailureDetails payload when an exception-properties provider is registered; that payload is
 * unpacked so the orchestrator sees the same structured failure as in Azure.
 */
export function failureFromError(error: unknown): Failure {
  const err = error instanceof Error ? error : undefined;
  const message = err ? err.message : typeof error === 'string' ? error : safeJson(error);
  const stack = err?.stack ?? '';
  const provided = parseProvidedFailure(message);
  if (provided) {
    return {
      reason: provided.ErrorMessage,
      details: provided.StackTrace ?? stack,
      failureDetails: provided,
    };
  }
  return {
    reason: message,
    details: stack,
    failureDetails: {
      ErrorType: err?.name ?? 'Error',
      ErrorMessage: message,
      ...(stack ? { StackTrace: stack } : {}),
      IsNonRetriable: false,
    },
  };
}

function parseProvidedFailure(message: string): FailureDetails | undefined {
  if (!message.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const { errorType, errorMessage, stackTrace, properties } = parsed;
  if (typeof errorType !== 'string' || typeof errorMessage !== 'string' || !isRecord(properties))
    return undefined;
  return {
    ErrorType: errorType,
    ErrorMessage: errorMessage,
    ...(typeof stackTrace === 'string' ? { StackTrace: stackTrace } : {}),
    IsNonRetriable: parsed.isNonRetriable === true,
    Properties: properties,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(value: unknown): string {
  try {
    // JSON.stringify returns undefined for undefined, functions and symbols.
    const text = JSON.stringify(value) as string | undefined;
    return typeof text === 'string' ? text : String(value);
  } catch {
    return String(value);
  }
}

export interface StatusHistoryOptions {
  readonly showHistoryOutput?: boolean;
  readonly showInput?: boolean;
}

/**
 * The `historyEvents` array of the status API, transformed like the Durable extension does
 * (DurableClient.GetDurableOrchestrationStatusAsync): event types as names, TaskScheduled merged into
 * its completion (FunctionName, ScheduledTime), OrchestratorStarted/Completed dropped, results only
 * with showHistoryOutput.
 */
export function toStatusHistory(
  history: readonly HistoryEvent[],
  options: StatusHistoryOptions = {},
): Record<string, unknown>[] {
  const scheduled = new Map<
    string,
    { index: number; name: string | undefined; time: string; input: string | undefined }
  >();
  const dropped = new Set<number>();
  const out: Record<string, unknown>[] = [];
  history.forEach((event, index) => {
    const item: Record<string, unknown> = { ...event, EventType: eventTypeName(event.EventType) };
    switch (event.EventType) {
      case EventType.TaskScheduled:
      case EventType.SubOrchestrationInstanceCreated:
        scheduled.set(`${event.EventType}_${event.EventId}`, {
          index,
          name: event.Name,
          time: event.Timestamp,
          input: event.Input,
        });
        break;
      case EventType.TaskCompleted:
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceCompleted:
      case EventType.SubOrchestrationInstanceFailed: {
        const createdType =
          event.EventType === EventType.TaskCompleted || event.EventType === EventType.TaskFailed
            ? EventType.TaskScheduled
            : EventType.SubOrchestrationInstanceCreated;
        const origin = scheduled.get(`${createdType}_${String(event.TaskScheduledId)}`);
        if (origin) {
          item.ScheduledTime = origin.time;
          item.FunctionName = origin.name;
          if (options.showInput !== false) item.Input = origin.input;
          dropped.add(origin.index);
        }
        delete item.TaskScheduledId;
        const isSuccess =
          event.EventType === EventType.TaskCompleted ||
          event.EventType === EventType.SubOrchestrationInstanceCompleted;
        if (isSuccess) {
          if (options.showHistoryOutput) item.Result = parseJsonOr(event.Result);
          else delete item.Result;
        }
        break;
      }
      case EventType.ExecutionStarted:
        item.FunctionName = event.Name;
        delete item.Name;
        break;
      case EventType.ExecutionCompleted:
        if (options.showHistoryOutput) item.Result = parseJsonOr(event.Result);
        else delete item.Result;
        break;
      case EventType.TimerFired:
        delete item.TimerId;
        break;
      case EventType.OrchestratorStarted:
      case EventType.OrchestratorCompleted:
        dropped.add(index);
        break;
      default:
        break;
    }
    if (options.showInput === false) delete item.Input;
    delete item.EventId;
    delete item.IsPlayed;
    out.push(item);
  });
  return out.filter((_, index) => !dropped.has(index));
}

/** Parses JSON text, returning the text itself when it is not JSON (e.g. an error message). */
export function parseJsonOr(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
