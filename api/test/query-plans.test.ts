// The held query plan's edge cases, with a fake `next` (the emulator paths are in query-plans.int.test.ts).
import type { RequestContext } from '@azure/cosmos';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferredQueryPlans, QueryPlanNotNeeded } from '../src/adapters/cosmos/query-plans';

type Plugin = (
  context: RequestContext,
  node: unknown,
  next: (c: RequestContext) => Promise<unknown>,
) => Promise<unknown>;

function request(kind: 'plan' | 'query', id: string, partitionKey: string | null = 'u1'): RequestContext {
  const headers: Record<string, string> = { 'x-ms-cosmos-correlated-activityid': id };
  headers[kind === 'plan' ? 'x-ms-cosmos-is-query-plan-request' : 'x-ms-documentdb-isquery'] = 'True';
  return {
    headers,
    options: partitionKey === null ? {} : { partitionKey },
  } as unknown as RequestContext;
}

function pluginOf(options?: { maxHoldMs?: number }): Plugin {
  return deferredQueryPlans(options).plugin as unknown as Plugin;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('deferred query plans', () => {
  it('drops a plan request at once when its query was already answered', async () => {
    const plugin = pluginOf();
    const next = vi.fn(() => Promise.resolve({ result: 'ok' }));
    await plugin(request('query', 'a'), undefined, next);
    await expect(plugin(request('plan', 'a'), undefined, next)).rejects.toBeInstanceOf(QueryPlanNotNeeded);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('drops a held plan whose query never comes, after the hold', async () => {
    vi.useFakeTimers();
    const plugin = pluginOf({ maxHoldMs: 1_000 });
    const next = vi.fn(() => Promise.resolve({ result: 'plan' }));
    const plan = plugin(request('plan', 'b'), undefined, next);
    const outcome = expect(plan).rejects.toBeInstanceOf(QueryPlanNotNeeded);
    await vi.advanceTimersByTimeAsync(1_000);
    await outcome;
    expect(next).not.toHaveBeenCalled();
  });

  it('drops the plan when the query fails for another reason than asking for it', async () => {
    const plugin = pluginOf();
    const planNext = vi.fn(() => Promise.resolve({ result: 'plan' }));
    const plan = plugin(request('plan', 'c'), undefined, planNext);
    const failure = Object.assign(new Error('throttled'), { code: 429 });
    await expect(plugin(request('query', 'c'), undefined, () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
    await expect(plan).rejects.toBeInstanceOf(QueryPlanNotNeeded);
    expect(planNext).not.toHaveBeenCalled();
  });

  it('leaves plans of queries without a partition key, and other requests, alone', async () => {
    const plugin = pluginOf();
    const next = vi.fn(() => Promise.resolve({ result: 'sent' }));
    await expect(plugin(request('plan', 'd', null), undefined, next)).resolves.toEqual({
      result: 'sent',
    });
    const read = { headers: {}, options: {} } as unknown as RequestContext;
    await expect(plugin(read, undefined, next)).resolves.toEqual({ result: 'sent' });
    expect(next).toHaveBeenCalledTimes(2);
  });
});
