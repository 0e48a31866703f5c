import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  analyzeQuery,
  orderByFilterPlaceholder,
  rewrittenAggregateOf,
  type ParseQuery,
} from './cosmos-query-plan';

const require = createRequire(import.meta.url);
const parse = (
  createRequire(require.resolve('@vercel/cosmosdb-server/lib/account'))('@zeit/cosmosdb-query') as {
    default: ParseQuery;
  }
).default;

const planOf = (sql: string, parameters: { name: string; value: unknown }[] = []) => {
  const analysis = analyzeQuery(parse, sql, parameters);
  if (analysis.kind !== 'plan') throw new Error(`no plan: ${analysis.kind}`);
  return analysis;
};

describe('the local gateway query planner', () => {
  it('serves a plain filter across partitions directly', () => {
    const analysis = planOf("SELECT * FROM c WHERE c.status = 'active' AND ARRAY_CONTAINS(c.roles, @r)");
    expect(analysis.needsPipeline).toBe(false);
    expect(analysis.plan.queryInfo.rewrittenQuery).toBe('');
  });

  it('rewrites ORDER BY as the SDK merges it, keeping the filter and a parameterised TOP', () => {
    const analysis = planOf(
      "SELECT TOP @limit * FROM c WHERE c.kind = @k AND c.note = 'ORDER BY FROM' ORDER BY c.submittedAt",
      [{ name: '@limit', value: 100 }],
    );
    expect(analysis.needsPipeline).toBe(true);
    expect(analysis.features).toEqual(['Top', 'OrderBy']);
    expect(analysis.plan.queryInfo).toMatchObject({
      top: 100,
      orderBy: ['Ascending'],
      orderByExpressions: ['c.submittedAt'],
      hasSelectValue: false,
    });
    expect(analysis.plan.queryInfo.rewrittenQuery).toBe(
      'SELECT TOP @limit c._rid, [{"item": c.submittedAt}] AS orderByItems, c AS payload FROM c ' +
        `WHERE (c.kind = @k AND c.note = 'ORDER BY FROM') AND (${orderByFilterPlaceholder}) ORDER BY c.submittedAt`,
    );
  });

  it('names a projection as Cosmos does in the ORDER BY payload', () => {
    const { plan } = planOf('SELECT c.id, c.n AS x, c.a + 1 FROM c ORDER BY c.n DESC, c.id');
    expect(plan.queryInfo.orderBy).toEqual(['Descending', 'Ascending']);
    expect(plan.queryInfo.rewrittenQuery).toContain(
      '[{"item": c.n}, {"item": c.id}] AS orderByItems, {"id": c.id, "x": c.n, "$3": c.a + 1} AS payload',
    );
  });

  it('rewrites VALUE aggregates into the items the SDK aggregators read', () => {
    const count = planOf('SELECT VALUE COUNT(1) FROM c WHERE c.x > 1');
    expect(count.plan.queryInfo).toMatchObject({ aggregates: ['Count'], hasSelectValue: true });
    expect(count.plan.queryInfo.rewrittenQuery).toBe(
      'SELECT VALUE [{"item": COUNT(1)}] FROM c WHERE c.x > 1',
    );
    const average = planOf('SELECT VALUE AVG(c.n) FROM c').plan.queryInfo.rewrittenQuery;
    expect(average).toBe('SELECT VALUE [{"item": {"sum": SUM(c.n), "count": COUNT(c.n)}}] FROM c');
    expect(rewrittenAggregateOf(parse, average)).toEqual({
      parts: [
        { field: 'sum', query: 'SELECT VALUE SUM(c.n) FROM c' },
        { field: 'count', query: 'SELECT VALUE COUNT(c.n) FROM c' },
      ],
    });
  });

  it('refuses an aggregate without VALUE as the gateway does', () => {
    expect(analyzeQuery(parse, 'SELECT COUNT(1) AS n FROM c').kind).toBe('non-value-aggregate');
  });
});
