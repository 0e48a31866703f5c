// Type of the one durable-functions internal the lazy registration uses (see durable-runtime.ts).
declare module 'durable-functions/lib/src/util/testingUtils.js' {
  import type { InvocationContext } from '@azure/functions';
  import type { OrchestrationHandler } from 'durable-functions';
  /** What `df.app.orchestration` registers as the handler (durable-functions 3.x internals). */
  export function createOrchestrator(
    handler: OrchestrationHandler,
  ): (orchestrationTrigger: unknown, context: InvocationContext) => Promise<unknown>;
}
