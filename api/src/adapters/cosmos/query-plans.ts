import type { PluginConfig, RequestContext } from '@azure/cosmos';
import { cosmosStatus } from './errors';

// The Cosmos SDK asks the gateway for a query plan beside every query (a second request, no RU), in case the
// gateway answers the query itself with "this query needs a plan" (a 400 the SDK then answers by running the query
// from the plan). A query given a partition key runs whole on that partition: every hot path of this app is one
// (DESIGN.md §6), so each of their queries made two requests where one does. This plugin holds the plan request of
// a query given a partition key until its query has been answered: it is sent only if the gateway asks for a plan,
// and otherwise dropped with an error the SDK keeps aside (it throws a plan's error only when it needs the plan).
// Queries without a partition key keep the SDK's eager plan.

const IS_QUERY_PLAN = 'x-ms-cosmos-is-query-plan-request';
const IS_QUERY = 'x-ms-documentdb-isquery';
const CORRELATED_ACTIVITY = 'x-ms-cosmos-correlated-activityid';
/** Query iterators whose query was answered before their plan request came (rare; bounded). */
const MAX_ANSWERED_KEPT = 1_000;

/** A held plan request that was not sent: its query never asked for a plan. */
export class QueryPlanNotNeeded extends Error {
  constructor() {
    super('The query plan was not fetched: the query, given a partition key, did not ask for one');
    this.name = 'QueryPlanNotNeeded';
  }
}

interface HeldPlan {
  send(): void;
  drop(): void;
}

function header(context: RequestContext, name: string): string | undefined {
  const value = context.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

function isPlanRequest(context: RequestContext): boolean {
  return header(context, IS_QUERY_PLAN)?.toLowerCase() === 'true';
}

function isQueryRequest(context: RequestContext): boolean {
  return header(context, IS_QUERY)?.toLowerCase() === 'true';
}

function hasPartitionKey(context: RequestContext): boolean {
  return 'partitionKey' in context.options && context.options.partitionKey !== undefined;
}

/**
 * `maxHoldMs`: a plan request whose query never comes through (the SDK gave up before sending it) is dropped after
 * this long, so nothing is held for ever.
 */
export function deferredQueryPlans({
  maxHoldMs = 60_000,
}: { readonly maxHoldMs?: number } = {}): PluginConfig {
  const held = new Map<string, HeldPlan>();
  const answered = new Set<string>();

  const remember = (id: string): void => {
    answered.add(id);
    if (answered.size > MAX_ANSWERED_KEPT) {
      const oldest = answered.values().next().value;
      if (oldest !== undefined) answered.delete(oldest);
    }
  };

  return {
    on: 'request',
    plugin: async (context, diagnosticNode, next) => {
      const id = header(context, CORRELATED_ACTIVITY);
      if (id === undefined) return next(context);

      if (isPlanRequest(context) && hasPartitionKey(context)) {
        if (answered.has(id)) throw new QueryPlanNotNeeded();
        return new Promise((resolve, reject) => {
          const settle = (): void => {
            clearTimeout(timer);
            if (held.get(id) === plan) held.delete(id);
          };
          const plan: HeldPlan = {
            send: () => {
              settle();
              next(context).then(resolve, reject);
            },
            drop: () => {
              settle();
              reject(new QueryPlanNotNeeded());
            },
          };
          const timer = setTimeout(() => {
            plan.drop();
          }, maxHoldMs);
          timer.unref();
          // A new page of the same iterator asks again: the earlier request is no longer awaited by anyone.
          held.get(id)?.drop();
          held.set(id, plan);
        });
      }

      if (!isQueryRequest(context)) return next(context);
      try {
        const response = await next(context);
        const plan = held.get(id);
        if (plan) plan.drop();
        else remember(id);
        return response;
      } catch (error) {
        // The gateway asks for the plan (or the query failed): the SDK reads the plan next, if it needs it.
        if (cosmosStatus(error) === 400) held.get(id)?.send();
        else held.get(id)?.drop();
        throw error;
      }
    },
  };
}
