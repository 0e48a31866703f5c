// Durable Functions registrations that do not load `durable-functions` at start-up. That package (with
// axios, lodash, moment, validator…) costs ~150 ms of cold import, over the api's budget, and is only
// needed when an orchestration actually runs or a client call is made. `df.app.orchestration` and
// `df.app.activity` are thin wrappers over `app.generic` with `orchestrationTrigger`/`activityTrigger`
// bindings; registering the same bindings here and loading the library on first invocation gives the
// Functions host (Azure or local) exactly the same registrations.
import { app, input, trigger, type InvocationContext } from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';
import type { WorkflowClient } from '../domain/ports';

type DurableModule = typeof import('durable-functions');
type DurableLibrary = typeof import('./durable-library');
type OrchestratorListener = (orchestrationTrigger: unknown, context: InvocationContext) => Promise<unknown>;

let library: Promise<DurableLibrary> | undefined;

/** durable-functions (and the WorkflowClient adapter over it), loaded once on first use. */
export function loadDurable(): Promise<DurableLibrary> {
  library ??= import('./durable-library');
  return library;
}

/** Same binding as `df.input.durableClient()`. */
export const lazyDurableClientInput = input.generic({ type: 'durableClient' });

/** Registers an orchestrator; `build` receives the loaded library (e.g. for RetryOptions). */
export function registerOrchestration(
  name: string,
  build: (df: DurableModule) => OrchestrationHandler,
): void {
  let listener: Promise<OrchestratorListener> | undefined;
  app.generic(name, {
    trigger: trigger.generic({ type: 'orchestrationTrigger' }),
    handler: async (orchestrationTrigger: unknown, context: InvocationContext) => {
      listener ??= loadDurable().then((lib) => lib.createOrchestrator(build(lib.df)));
      return (await listener)(orchestrationTrigger, context);
    },
  });
}

/**
 * Registers an activity (durable-functions adds nothing to a plain handler without an exception
 * provider); `handler` takes the activity's input as the orchestrator sent it (JSON).
 */
export function registerActivity(
  name: string,
  handler: (input: never) => Promise<unknown>,
  wrap: ActivityWrapper = (activity) => activity,
): void {
  app.generic(name, {
    trigger: trigger.generic({ type: 'activityTrigger' }),
    handler: wrap((activityInput: unknown) => handler(activityInput as never)),
  });
}

/** Wraps an activity's handler (the composition root adds the invocation scope and failure reports). */
export type ActivityWrapper = (
  handler: (input: unknown, context: InvocationContext) => Promise<unknown>,
) => (input: unknown, context: InvocationContext) => Promise<unknown>;

/** The orchestrations and activities a module defines; the composition root registers them. */
export interface DurableFunctionSet {
  readonly orchestrations: readonly {
    readonly name: string;
    readonly build: (df: DurableModule) => OrchestrationHandler;
  }[];
  readonly activities: readonly {
    readonly name: string;
    readonly handler: (input: never) => Promise<unknown>;
  }[];
}

/** Registers every orchestration and activity of `set` (registerOrchestration / registerActivity). */
export function registerDurableFunctions(set: DurableFunctionSet, wrapActivity?: ActivityWrapper): void {
  for (const orchestration of set.orchestrations)
    registerOrchestration(orchestration.name, orchestration.build);
  for (const activity of set.activities) registerActivity(activity.name, activity.handler, wrapActivity);
}

/** A WorkflowClient for a function declaring `lazyDurableClientInput`, loading the library on first call. */
export function lazyWorkflowClientFor(context: InvocationContext): WorkflowClient {
  const client = loadDurable().then((lib) => lib.workflowClientFor(context));
  return {
    start: async (name, options) => (await client).start(name, options),
    status: async (instanceId) => (await client).status(instanceId),
    raiseEvent: async (instanceId, eventName, data) => (await client).raiseEvent(instanceId, eventName, data),
    terminate: async (instanceId, reason) => (await client).terminate(instanceId, reason),
    purge: async (instanceId) => (await client).purge(instanceId),
  };
}
