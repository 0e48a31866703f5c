// Calls the registered durable-functions handlers the way the Functions worker does: a fresh
// InvocationContext per call, the orchestration trigger payload the Durable extension sends, and the
// OrchestratorState (or OrchestrationFailureError) the library returns.
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { InvocationContext } from '../azure-functions';
import { isRecord, type HistoryEvent } from './history';
import type { RegisteredFunction } from '../registry';

/** Replay schema V4 (durable-functions' ReplaySchema enum), the newest the library knows. */
export const upperSchemaVersion = 3;

/**
 * Timer limits the extension reports. In Azure (Storage provider) timers longer than 6 days are split
 * into 3-day sub-timers by the library; the local engine has no queue-visibility limit, so it declares
 * a very large maximum and every timer is a single durable timer.
 */
const maximumShortTimerDuration = '36500.00:00:00';
const longRunningTimerIntervalDuration = '3.00:00:00';
const defaultHttpAsyncRequestSleepTimeMillseconds = 30_000;

const outOfProcDataLabel = '\n\n$OutOfProcData$:';

export type ExtraInputValue = (fn: RegisteredFunction, bindingType: string) => unknown;

export function buildInvocationContext(
  fn: RegisteredFunction,
  extraInputValue: ExtraInputValue,
  log: (line: string) => void,
): InvocationContext {
  const extraInputs = Object.entries(fn.bindings)
    .filter(([, binding]) => binding.direction === 'in' && binding !== fn.trigger)
    .map(([name, binding]) => ({ ...binding, name, type: binding.type }));
  const context = new InvocationContext({
    invocationId: randomUUID(),
    functionName: fn.name,
    options: {
      trigger: { ...fn.trigger, name: fn.trigger.name ?? 'trigger', type: fn.trigger.type },
      extraInputs,
      extraOutputs: [],
    },
    logHandler: (level, ...args: unknown[]) => {
      log(`[${fn.name}] ${level}: ${format(...args)}`);
    },
  });
  for (const input of extraInputs) context.extraInputs.set(input.name, extraInputValue(fn, input.type));
  return context;
}

export interface OrchestratorCall {
  readonly instanceId: string;
  readonly history: readonly HistoryEvent[];
  /** JSON text of the orchestration input. */
  readonly input: string | undefined;
  readonly parentInstanceId: string | undefined;
}

export type OrchestratorOutcome =
  | {
      readonly kind: 'state';
      readonly isDone: boolean;
      readonly actions: unknown;
      readonly output: unknown;
      readonly customStatus: unknown;
    }
  | {
      readonly kind: 'failed';
      readonly error: string;
      readonly stack: string;
      readonly customStatus: unknown;
    };

export async function runOrchestrator(
  fn: RegisteredFunction,
  call: OrchestratorCall,
  extraInputValue: ExtraInputValue,
  log: (line: string) => void,
): Promise<OrchestratorOutcome> {
  // The library turns Timestamps into Dates in place: give it its own copy, as JSON from the host.
  const history = JSON.parse(JSON.stringify(call.history)) as unknown;
  const startedEpisodes = call.history.filter((e) => e.EventType === 12).length;
  const trigger = {
    history,
    input: parseInput(call.input),
    instanceId: call.instanceId,
    isReplaying: startedEpisodes > 1,
    parentInstanceId: call.parentInstanceId ?? null,
    upperSchemaVersion,
    maximumShortTimerDuration,
    longRunningTimerIntervalDuration,
    defaultHttpAsyncRequestSleepTimeMillseconds,
  };
  const context = buildInvocationContext(fn, extraInputValue, log);
  let result: unknown;
  try {
    result = await fn.handler(trigger, context);
  } catch (error) {
    return failureOutcome(error);
  }
  if (!isRecord(result) || typeof result.isDone !== 'boolean' || !Array.isArray(result.actions)) {
    return {
      kind: 'failed',
      error: `Orchestrator function '${fn.name}' did not return an orchestrator state (is it registered with df.app.orchestration?)`,
      stack: '',
      customStatus: undefined,
    };
  }
  return {
    kind: 'state',
    isDone: result.isDone,
    actions: result.actions,
    output: result.output,
    customStatus: result.customStatus,
  };
}

function failureOutcome(error: unknown): OrchestratorOutcome {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const labelAt = message.indexOf(outOfProcDataLabel);
  if (labelAt < 0) return { kind: 'failed', error: message, stack, customStatus: undefined };
  // OrchestrationFailureError: "<message>\n\n$OutOfProcData$:<OrchestratorState JSON>".
  let state: unknown;
  try {
    state = JSON.parse(message.slice(labelAt + outOfProcDataLabel.length));
  } catch {
    state = undefined;
  }
  const stateError = isRecord(state) && typeof state.error === 'string' ? state.error : undefined;
  return {
    kind: 'failed',
    error: stateError ?? message.slice(0, labelAt),
    stack: stack.split(outOfProcDataLabel)[0] ?? '',
    customStatus: isRecord(state) ? state.customStatus : undefined,
  };
}

export async function runActivity(
  fn: RegisteredFunction,
  input: string | undefined,
  extraInputValue: ExtraInputValue,
  log: (line: string) => void,
): Promise<string> {
  const context = buildInvocationContext(fn, extraInputValue, log);
  const result = await fn.handler(parseInput(input), context);
  // An activity that returns nothing completes with null, as the extension serializes it.
  return JSON.stringify(result ?? null);
}

/** JSON text to the value a function receives; no input arrives as null, as from the extension. */
export function parseInput(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
