// Retry policy for callActivityWithRetry / callSubOrchestratorWithRetry, computed the way the Durable
// Task framework's RetryInterceptor does it (the extension reads durable-functions' RetryOptions with
// RetryOptionsConverter: backoff defaults to 1, max interval and retry timeout to "infinite").
//
// Shape of a retried call in history (what durable-functions' RetryableTask replays):
//   TaskScheduled(n) → TaskFailed(n) → TimerCreated(n+1) → TimerFired(n+1) → TaskScheduled(n+2) → …
// A retry timer follows every failed attempt, including the last one: the library fails the task only
// when that timer fires and the attempt count is exhausted.
import { isRecord } from './history';

export interface RetryPolicy {
  readonly firstRetryIntervalMs: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient: number;
  readonly maxRetryIntervalMs: number;
  readonly retryTimeoutMs: number;
}

/** Reads the `retryOptions` object of a CallActivityWithRetry / CallSubOrchestratorWithRetry action. */
export function retryPolicyFrom(options: unknown): RetryPolicy {
  if (!isRecord(options)) throw new Error('retryOptions is missing');
  const first = options.firstRetryIntervalInMilliseconds;
  const attempts = options.maxNumberOfAttempts;
  if (typeof first !== 'number' || !Number.isFinite(first) || first <= 0) {
    throw new Error('retryOptions.firstRetryIntervalInMilliseconds must be a number greater than 0');
  }
  if (typeof attempts !== 'number' || !Number.isFinite(attempts)) {
    throw new Error('retryOptions.maxNumberOfAttempts must be a number');
  }
  const num = (value: unknown, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return {
    firstRetryIntervalMs: first,
    maxNumberOfAttempts: attempts,
    backoffCoefficient: num(options.backoffCoefficient, 1),
    maxRetryIntervalMs: num(options.maxRetryIntervalInMilliseconds, Number.POSITIVE_INFINITY),
    retryTimeoutMs: num(options.retryTimeoutInMilliseconds, Number.POSITIVE_INFINITY),
  };
}

/**
 * Delay before the next attempt after failed attempt number `failedAttempt` (0-based), or `undefined`
 * when the retry timeout has expired and the framework gives up without another attempt.
 */
export function computeRetryDelay(
  policy: RetryPolicy,
  failedAttempt: number,
  firstAttemptAtMs: number,
  nowMs: number,
): number | undefined {
  if (nowMs >= firstAttemptAtMs + policy.retryTimeoutMs) return undefined;
  const raw = policy.firstRetryIntervalMs * Math.pow(policy.backoffCoefficient, failedAttempt);
  const delay = raw < policy.maxRetryIntervalMs ? raw : policy.maxRetryIntervalMs;
  return delay > 0 ? delay : undefined;
}

/** The delays between attempts when no retry timeout intervenes (one per failed attempt). */
export function retrySchedule(policy: RetryPolicy): number[] {
  const delays: number[] = [];
  for (let attempt = 0; attempt < policy.maxNumberOfAttempts; attempt++) {
    delays.push(computeRetryDelay(policy, attempt, 0, 0) ?? 0);
  }
  return delays;
}
