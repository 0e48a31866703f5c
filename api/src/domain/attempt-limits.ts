// Per-person budgets of sensitive attempts (e.g. checking whether an INAMI number is registered on
// another account), stored so they hold across instances and restarts: an in-process limiter would give
// a person scripting the api one budget per instance, and a fresh one at every restart.

/** What is limited: `limit` attempts of `action` per person within a fixed window of `windowMs`. */
export interface AttemptLimitPolicy {
  readonly action: string;
  readonly limit: number;
  readonly windowMs: number;
}

export type AttemptDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** The stored count of one person's attempts at one action. */
export interface AttemptCounter {
  /** ISO 8601: when the current window opened (the first attempt counted in it). */
  readonly windowStartedAt: string;
  readonly count: number;
}

export interface AttemptLimits {
  /** Counts one attempt, or refuses it (and counts nothing) once the window's budget is spent. */
  take(userId: string, policy: AttemptLimitPolicy): Promise<AttemptDecision>;
}

/** The counter after one more attempt at `now`, or the refusal: pure, shared by every adapter. */
export function countAttempt(
  stored: AttemptCounter | undefined,
  policy: AttemptLimitPolicy,
  now: Date,
):
  | { readonly next: AttemptCounter; readonly decision: AttemptDecision }
  | { readonly decision: AttemptDecision } {
  const opened = stored ? Date.parse(stored.windowStartedAt) : Number.NaN;
  const windowOver = !stored || !(now.getTime() - opened < policy.windowMs) || opened > now.getTime();
  if (windowOver) {
    return {
      next: { windowStartedAt: now.toISOString(), count: 1 },
      decision: { allowed: true, remaining: policy.limit - 1 },
    };
  }
  if (stored.count >= policy.limit) {
    const waitMs = opened + policy.windowMs - now.getTime();
    return { decision: { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } };
  }
  return {
    next: { windowStartedAt: stored.windowStartedAt, count: stored.count + 1 },
    decision: { allowed: true, remaining: policy.limit - stored.count - 1 },
  };
}
