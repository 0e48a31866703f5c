import { describe, expect, it } from 'vitest';
import { computeRetryDelay, retryPolicyFrom, retrySchedule } from './retry';

describe('retry policy', () => {
  it('reads durable-functions RetryOptions with the framework defaults', () => {
    expect(retryPolicyFrom({ firstRetryIntervalInMilliseconds: 500, maxNumberOfAttempts: 3 })).toEqual({
      firstRetryIntervalMs: 500,
      maxNumberOfAttempts: 3,
      backoffCoefficient: 1,
      maxRetryIntervalMs: Number.POSITIVE_INFINITY,
      retryTimeoutMs: Number.POSITIVE_INFINITY,
    });
    expect(
      retryPolicyFrom({
        firstRetryIntervalInMilliseconds: 100,
        maxNumberOfAttempts: 5,
        backoffCoefficient: 2,
        maxRetryIntervalInMilliseconds: 1000,
        retryTimeoutInMilliseconds: 60_000,
      }),
    ).toMatchObject({ backoffCoefficient: 2, maxRetryIntervalMs: 1000, retryTimeoutMs: 60_000 });
  });

  it('rejects options the extension would reject', () => {
    expect(() => retryPolicyFrom(undefined)).toThrow(/retryOptions/);
    expect(() => retryPolicyFrom({ firstRetryIntervalInMilliseconds: 0, maxNumberOfAttempts: 3 })).toThrow(
      /greater than 0/,
    );
    expect(() => retryPolicyFrom({ firstRetryIntervalInMilliseconds: 10 })).toThrow(/maxNumberOfAttempts/);
  });

  it('backs off exponentially and caps at the max interval', () => {
    const policy = retryPolicyFrom({
      firstRetryIntervalInMilliseconds: 100,
      maxNumberOfAttempts: 6,
      backoffCoefficient: 2,
      maxRetryIntervalInMilliseconds: 1000,
    });
    expect(retrySchedule(policy)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(
      retrySchedule(retryPolicyFrom({ firstRetryIntervalInMilliseconds: 250, maxNumberOfAttempts: 3 })),
    ).toEqual([250, 250, 250]);
  });

  it('gives up once the retry timeout since the first attempt has passed', () => {
    const policy = retryPolicyFrom({
      firstRetryIntervalInMilliseconds: 100,
      maxNumberOfAttempts: 10,
      retryTimeoutInMilliseconds: 1000,
    });
    expect(computeRetryDelay(policy, 0, 5_000, 5_999)).toBe(100);
    expect(computeRetryDelay(policy, 3, 5_000, 6_000)).toBeUndefined();
    expect(computeRetryDelay(policy, 3, 5_000, 9_000)).toBeUndefined();
  });
});
