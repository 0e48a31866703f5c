// Per-person budgets of sensitive attempts: the pure counting rule every adapter applies.
import { describe, expect, it } from 'vitest';
import { countAttempt, type AttemptLimitPolicy } from '../src/domain/attempt-limits';

const policy: AttemptLimitPolicy = { action: 'inami-lookup', limit: 3, windowMs: 60_000 };
const at = (ms: number) => new Date(Date.parse('2026-11-25T10:00:00Z') + ms);

describe('attempt limits', () => {
  it('counts attempts in a window and refuses past the limit until the window ends', () => {
    let stored: { windowStartedAt: string; count: number } | undefined;
    const decisions: unknown[] = [];
    for (const ms of [0, 1_000, 2_000, 3_000]) {
      const outcome = countAttempt(stored, policy, at(ms));
      decisions.push(outcome.decision);
      if ('next' in outcome) stored = outcome.next;
    }
    expect(decisions).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
      { allowed: false, retryAfterSeconds: 57 },
    ]);
    // A refusal counts nothing; the next window starts afresh.
    expect(stored).toEqual({ windowStartedAt: at(0).toISOString(), count: 3 });
    expect(countAttempt(stored, policy, at(60_000))).toEqual({
      next: { windowStartedAt: at(60_000).toISOString(), count: 1 },
      decision: { allowed: true, remaining: 2 },
    });
  });

  it('treats a window opened in the future (clock skew, tampering) as over', () => {
    const stored = { windowStartedAt: at(3_600_000).toISOString(), count: 3 };
    expect(countAttempt(stored, policy, at(0)).decision).toEqual({ allowed: true, remaining: 2 });
  });
});
