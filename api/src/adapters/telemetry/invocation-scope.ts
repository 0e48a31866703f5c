// The invocation a piece of code runs for, without threading it through every use case: handlers are
// wrapped once in main.ts, and the logger and the message buses read it from here.
// - logs go through the invocation's own log methods, so Application Insights gets their severity
//   and the invocation's operation id (stdout would give neither: DESIGN.md §3);
// - messages sent during an invocation carry its trace context, so the consumer's invocation joins
//   the same operation (Service Bus: the `Diagnostic-Id` property the Functions host reads).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationContext } from '@azure/functions';

const scope = new AsyncLocalStorage<InvocationContext>();

export function currentInvocation(): InvocationContext | undefined {
  return scope.getStore();
}

/** The W3C `traceparent` of the current invocation, if the host gave it one. */
export function currentTraceParent(): string | undefined {
  const traceParent = scope.getStore()?.traceContext?.traceParent;
  return traceParent && traceParentPattern.test(traceParent) ? traceParent : undefined;
}

const traceParentPattern = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The operation (trace) id of a `traceparent`: what Application Insights calls `operation_Id`. */
export function operationIdOf(traceParent: string | undefined): string | undefined {
  return traceParent ? traceParentPattern.exec(traceParent)?.[1] : undefined;
}

/** Something reported when a function fails (Sentry when configured). */
export type FailureReporter = (error: unknown, tags: Readonly<Record<string, string>>) => void;

/**
 * Runs a trigger handler inside its invocation's scope; a failure is reported (then rethrown, so the
 * host still records the failed execution and the queue still redelivers).
 */
export function inInvocation<I, R>(
  handler: (input: I, context: InvocationContext) => R | Promise<R>,
  report?: FailureReporter,
): (input: I, context: InvocationContext) => Promise<R> {
  return (input, context) =>
    scope.run(context, async () => {
      try {
        return await handler(input, context);
      } catch (error) {
        report?.(error, { function: context.functionName, invocationId: context.invocationId });
        throw error;
      }
    });
}
