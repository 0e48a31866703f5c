// What the real Cosmos DB gateway does with a query before any document is read, reproduced for the
// local emulator (cosmos-server.ts), so that @azure/cosmos takes the same code path here as in Azure.
//
// Facts (the gateway's behaviour as @azure/cosmos 4.x relies on it, see queryIterator.ts,
// pipelinedQueryExecutionContext.ts and parallelQueryExecutionContextBase.ts in azure-sdk-for-js):
// - A query sent without a partition key (`x-ms-documentdb-partitionkey`) or a partition key range
//   (`x-ms-documentdb-partitionkeyrangeid`) is cross-partition. The gateway serves it directly only when
//   it needs no merge: with TOP, ORDER BY, a `VALUE` aggregate (COUNT, SUM, AVG, MIN, MAX), DISTINCT,
//   OFFSET/LIMIT or GROUP BY it answers 400, substatus 1004, "The provided cross partition query can not
//   be directly served by the gateway", with the query plan as JSON text in `additionalErrorInfo`.
//   An aggregate without `VALUE` is a 400 "Cross partition query only supports 'VALUE <AggregateFunc>'
//   for aggregates", without a plan.
// - The SDK then runs the plan itself: it reads the partition key ranges, sends the plan's
//   `rewrittenQuery` (or the query itself when that is empty) to each range with the range header,
//   and merges the answers. In 4.x that merge returns no continuation token, refuses a supplied one
//   (a plain Error unless `enableQueryControl`), and an exhausted page has `resources === undefined`.
// - The query plan request is `POST …/docs` with `x-ms-cosmos-is-query-plan-request: True` and the
//   list of features the client can merge in `x-ms-cosmos-supported-query-features`; a query needing a
//   feature missing from the list is a 400.
// - The ORDER BY rewrite selects `c._rid, [{"item": <key>}, …] AS orderByItems, <projection> AS payload`
//   with `{documentdb-formattableorderbyquery-filter}` in the WHERE (the SDK replaces it with `true` or
//   with its resume filter); a VALUE aggregate becomes `SELECT VALUE [{"item": …}]` where AVG carries
//   `{"sum", "count"}`, MIN `{"min", "count"}` and MAX `{"max", "count"}`, as the SDK's aggregators read.
//
// The emulator's parser (@zeit/cosmosdb-query) has no DISTINCT, OFFSET/LIMIT or GROUP BY: such queries
// fail to parse and are answered 400 (DESIGN.md §3: write queries that run on both). A shape this
// planner cannot rewrite (ORDER BY over a JOIN, an aggregate inside an expression…) is a 400 naming the
// local limit rather than a silently different answer.

export type SortOrder = 'Ascending' | 'Descending';
export type AggregateType = 'Count' | 'Sum' | 'Average' | 'Min' | 'Max';

export interface QueryInfo {
  readonly distinctType: 'None';
  readonly top: number | null;
  readonly offset: null;
  readonly limit: null;
  readonly orderBy: readonly SortOrder[];
  readonly orderByExpressions: readonly string[];
  readonly groupByExpressions: readonly string[];
  readonly groupByAliases: readonly string[];
  readonly aggregates: readonly AggregateType[];
  readonly groupByAliasToAggregateType: Readonly<Record<string, AggregateType>>;
  readonly rewrittenQuery: string;
  readonly hasSelectValue: boolean;
  readonly dCountInfo: null;
  readonly hasNonStreamingOrderBy: false;
}

export interface QueryPlan {
  readonly partitionedQueryExecutionInfoVersion: 2;
  readonly queryInfo: QueryInfo;
  readonly queryRanges: readonly {
    readonly min: string;
    readonly max: string;
    readonly isMinInclusive: boolean;
    readonly isMaxInclusive: boolean;
  }[];
  readonly hybridSearchQueryInfo: null;
}

export type QueryAnalysis =
  | {
      readonly kind: 'plan';
      readonly plan: QueryPlan;
      /** Features the client must support to merge this plan (names of the SDK's QueryFeature). */
      readonly features: readonly string[];
      /** True when the gateway refuses to serve it across partitions (the SDK must run the plan). */
      readonly needsPipeline: boolean;
    }
  | { readonly kind: 'non-value-aggregate' }
  | { readonly kind: 'unsupported'; readonly message: string };

/** The whole key space of a container, as the emulator's single partition key range covers it. */
export const fullRange = { min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false } as const;

export const orderByFilterPlaceholder = '{documentdb-formattableorderbyquery-filter}';

export const gatewayRefusalMessage =
  'The provided cross partition query can not be directly served by the gateway. This is a first chance ' +
  '(internal) exception that all newer clients will know how to handle gracefully. This exception is ' +
  'traced, but unless you see it bubble up as an exception (which only happens on older SDK clients), ' +
  'then you can safely ignore this message.';

export const nonValueAggregateMessage =
  "Cross partition query only supports 'VALUE <AggregateFunc>' for aggregates.";

// --- the parser's AST (structural types of the nodes this module reads) ------------------------

interface Node {
  readonly type: string;
  readonly [key: string]: unknown;
}

interface SelectQuery {
  readonly type: 'select_query';
  readonly top: { readonly value: Node } | null;
  readonly select: {
    readonly '*'?: true;
    readonly value?: Node;
    readonly properties?: {
      readonly properties: readonly { readonly property: Node; readonly alias: { name: string } | null }[];
    };
  };
  readonly from: {
    readonly source: { readonly expression: Node; readonly alias: { name: string } | null };
    readonly joins: readonly unknown[];
  } | null;
  readonly where: { readonly condition: Node } | null;
  readonly orderBy: {
    readonly expressions: readonly { readonly expression: Node; readonly order: 'ASC' | 'DESC' | null }[];
  } | null;
}

export type ParseQuery = (sql: string) => { readonly ast: unknown };

const aggregateNames: Readonly<Record<string, AggregateType>> = {
  COUNT: 'Count',
  SUM: 'Sum',
  AVG: 'Average',
  MIN: 'Min',
  MAX: 'Max',
};

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

function aggregateOf(node: Node): AggregateType | undefined {
  if (node.type !== 'scalar_function_expression' || node.udf === true) return undefined;
  const name = (node.name as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? aggregateNames[name.toUpperCase()] : undefined;
}

/** True when an aggregate function call appears anywhere under `node` (subqueries excluded). */
function containsAggregate(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsAggregate);
  if (!isNode(node)) {
    if (typeof node === 'object' && node !== null) return Object.values(node).some(containsAggregate);
    return false;
  }
  if (node.type.endsWith('subquery_expression')) return false;
  if (aggregateOf(node)) return true;
  return Object.entries(node).some(([key, value]) => key !== 'type' && containsAggregate(value));
}

// --- the query text, cut at its top-level clauses ----------------------------------------------

interface Clauses {
  readonly top?: string;
  readonly selectList: string;
  readonly from?: string;
  readonly where?: string;
  readonly orderBy?: string;
}

const clauseKeywords = ['SELECT', 'TOP', 'VALUE', 'FROM', 'WHERE', 'ORDER BY', 'GROUP BY', 'OFFSET'] as const;
type ClauseKeyword = (typeof clauseKeywords)[number];

/** Positions of the clause keywords outside strings, comments and brackets. */
function topLevelKeywords(sql: string): { keyword: ClauseKeyword; start: number; end: number }[] {
  const found: { keyword: ClauseKeyword; start: number; end: number }[] = [];
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] ?? '';
    if (ch === "'" || ch === '"') {
      for (i++; i < sql.length && sql[i] !== ch; i++) if (sql[i] === '\\') i++;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (depth !== 0 || !/[A-Za-z]/.test(ch) || /[A-Za-z0-9_.@$]/.test(sql[i - 1] ?? ' ')) continue;
    const rest = sql.slice(i);
    const keyword = clauseKeywords.find((k) =>
      new RegExp(`^${k.replace(' ', '\\s+')}(?![A-Za-z0-9_])`, 'i').test(rest),
    );
    const word = /^[A-Za-z0-9_]+/.exec(rest)?.[0] ?? ch;
    if (keyword) {
      const match = new RegExp(`^${keyword.replace(' ', '\\s+')}`, 'i').exec(rest)?.[0] ?? keyword;
      found.push({ keyword, start: i, end: i + match.length });
      i += match.length - 1;
    } else {
      i += word.length - 1;
    }
  }
  return found;
}

function cutClauses(sql: string): Clauses | undefined {
  const keywords = topLevelKeywords(sql);
  const select = keywords[0];
  if (select?.keyword !== 'SELECT' || select.start !== 0) return undefined;
  const textUntilNext = (index: number): string => {
    const current = keywords[index];
    const next = keywords[index + 1];
    return current ? sql.slice(current.end, next ? next.start : sql.length).trim() : '';
  };
  let index = 1;
  let top: string | undefined;
  if (keywords[index]?.keyword === 'TOP') {
    // TOP's argument is the first word after it; the select list follows.
    const after = sql.slice(keywords[index]?.end ?? 0);
    const argument = /^\s*(@?[A-Za-z0-9_]+)/.exec(after);
    if (!argument?.[1]) return undefined;
    top = argument[1];
    index++;
  }
  if (keywords[index]?.keyword === 'VALUE') index++;
  const listStart = keywords[index - 1]?.end ?? 0;
  const fromIndex = keywords.findIndex((k) => k.keyword === 'FROM');
  const listEnd = fromIndex >= 0 ? (keywords[fromIndex]?.start ?? sql.length) : sql.length;
  let selectList = sql.slice(listStart, listEnd).trim();
  if (top !== undefined)
    selectList = selectList.replace(new RegExp(`^${top.replace('@', '\\@')}`), '').trim();
  const clause = (keyword: ClauseKeyword): string | undefined => {
    const at = keywords.findIndex((k) => k.keyword === keyword);
    return at >= 0 ? textUntilNext(at) : undefined;
  };
  return {
    ...(top !== undefined ? { top } : {}),
    selectList,
    ...(clause('FROM') !== undefined ? { from: clause('FROM') } : {}),
    ...(clause('WHERE') !== undefined ? { where: clause('WHERE') } : {}),
    ...(clause('ORDER BY') !== undefined ? { orderBy: clause('ORDER BY') } : {}),
  };
}

/** Splits a clause at its top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

const stripSortOrder = (text: string): string => text.replace(/\s+(ASC|DESC)\s*$/i, '').trim();

function stripAlias(text: string, alias: string | undefined): string {
  if (!alias) return text;
  const match = new RegExp(`\\s+(?:AS\\s+)?${alias}\\s*$`, 'i').exec(text);
  return match ? text.slice(0, match.index).trim() : text;
}

/** The name Cosmos gives an unaliased projection: a member's last property, else `$1`, `$2`… */
function projectionName(property: Node, alias: string | undefined, position: number): string {
  if (alias) return alias;
  if (property.type === 'scalar_member_expression' && property.computed !== true) {
    const name = (property.property as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return `$${String(position)}`;
}

function bindTop(node: Node, parameters: readonly { name: string; value: unknown }[]): number | undefined {
  if (node.type === 'number_constant' && typeof node.value === 'number') return node.value;
  if (node.type === 'parameter_name') {
    const value = parameters.find((p) => p.name === node.name)?.value;
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
}

function innerArguments(call: string): string | undefined {
  const open = call.indexOf('(');
  const close = call.lastIndexOf(')');
  return open >= 0 && close > open ? call.slice(open + 1, close).trim() : undefined;
}

/** What one range answers for a VALUE aggregate: the shape the SDK's aggregators merge. */
function aggregateItem(type: AggregateType, args: string): string {
  switch (type) {
    case 'Count':
      return `COUNT(${args})`;
    case 'Sum':
      return `SUM(${args})`;
    case 'Average':
      return `{"sum": SUM(${args}), "count": COUNT(${args})}`;
    case 'Min':
      return `{"min": MIN(${args}), "count": COUNT(${args})}`;
    case 'Max':
      return `{"max": MAX(${args}), "count": COUNT(${args})}`;
  }
}

function plan(queryInfo: Partial<QueryInfo>): QueryPlan {
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: 'None',
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: '',
      hasSelectValue: false,
      dCountInfo: null,
      hasNonStreamingOrderBy: false,
      ...queryInfo,
    },
    queryRanges: [fullRange],
    hybridSearchQueryInfo: null,
  };
}

const unsupported = (what: string): QueryAnalysis => ({
  kind: 'unsupported',
  message: `The local Cosmos DB emulator cannot plan this cross-partition query (${what}); rewrite it as a single-partition query or without it.`,
});

/**
 * The gateway's view of a query: its plan, the features the client must merge, and whether it may be
 * served across partitions directly. Throws the parser's SyntaxError for a query it cannot parse.
 */
export function analyzeQuery(
  parse: ParseQuery,
  sql: string,
  parameters: readonly { name: string; value: unknown }[] = [],
): QueryAnalysis {
  const text = sql.trim();
  const root = parse(text).ast as { body?: unknown };
  const query = root.body as SelectQuery | undefined;
  if (query?.type !== 'select_query') return unsupported('not a SELECT');
  const clauses = cutClauses(text);
  if (!clauses) return unsupported('unexpected SELECT clause layout');

  const selectValue = query.select.value;
  const properties = query.select.properties?.properties ?? [];
  const valueAggregate = selectValue ? aggregateOf(selectValue) : undefined;
  if (properties.some((p) => containsAggregate(p.property))) return { kind: 'non-value-aggregate' };
  if (selectValue && !valueAggregate && containsAggregate(selectValue)) {
    return unsupported('an aggregate inside an expression');
  }

  const top = query.top ? bindTop(query.top.value, parameters) : undefined;
  if (query.top && top === undefined) return unsupported('TOP without a number');
  const sorts = query.orderBy?.expressions ?? [];
  const features = new Set<string>();
  if (top !== undefined) features.add('Top');

  if (valueAggregate) {
    if (sorts.length > 0 || top !== undefined) return unsupported('an aggregate with TOP or ORDER BY');
    const args = innerArguments(clauses.selectList);
    if (args === undefined) return unsupported('an aggregate without arguments');
    features.add('Aggregate');
    const where = clauses.where ? ` WHERE ${clauses.where}` : '';
    const from = clauses.from ? ` FROM ${clauses.from}` : '';
    return {
      kind: 'plan',
      features: [...features],
      needsPipeline: true,
      plan: plan({
        aggregates: [valueAggregate],
        hasSelectValue: true,
        rewrittenQuery: `SELECT VALUE [{"item": ${aggregateItem(valueAggregate, args)}}]${from}${where}`,
      }),
    };
  }

  if (sorts.length === 0) {
    return {
      kind: 'plan',
      features: [...features],
      needsPipeline: top !== undefined,
      plan: plan({ ...(top !== undefined ? { top } : {}), hasSelectValue: selectValue !== undefined }),
    };
  }

  // ORDER BY (with or without TOP).
  if (!query.from || !clauses.from || clauses.orderBy === undefined)
    return unsupported('ORDER BY without FROM');
  if (query.from.joins.length > 0) return unsupported('ORDER BY over a JOIN');
  const sourceName = (query.from.source.expression.expression as { name?: unknown } | undefined)?.name;
  const alias = query.from.source.alias?.name ?? (typeof sourceName === 'string' ? sourceName : undefined);
  if (!alias) return unsupported('ORDER BY over a FROM without a name');
  const sortTexts = splitTopLevel(clauses.orderBy).map(stripSortOrder);
  if (sortTexts.length !== sorts.length) return unsupported('ORDER BY keys the planner could not separate');
  features.add('OrderBy');
  if (sorts.length > 1) features.add('MultipleOrderBy');

  let payload: string;
  if (query.select['*']) {
    payload = alias;
  } else if (selectValue) {
    payload = clauses.selectList;
  } else {
    const items = splitTopLevel(clauses.selectList);
    if (items.length !== properties.length) return unsupported('a projection the planner could not separate');
    const fields = properties.map((p, i) => {
      const name = projectionName(p.property, p.alias?.name, i + 1);
      return `${JSON.stringify(name)}: ${stripAlias(items[i] ?? '', p.alias?.name)}`;
    });
    payload = `{${fields.join(', ')}}`;
  }
  const orderByItems = `[${sortTexts.map((key) => `{"item": ${key}}`).join(', ')}]`;
  const filter = clauses.where
    ? `(${clauses.where}) AND (${orderByFilterPlaceholder})`
    : `(${orderByFilterPlaceholder})`;
  const topText = top !== undefined ? `TOP ${clauses.top ?? String(top)} ` : '';
  return {
    kind: 'plan',
    features: [...features],
    needsPipeline: true,
    plan: plan({
      ...(top !== undefined ? { top } : {}),
      orderBy: sorts.map((s) => (s.order === 'DESC' ? 'Descending' : 'Ascending')),
      orderByExpressions: sortTexts,
      hasSelectValue: selectValue !== undefined,
      rewrittenQuery:
        `SELECT ${topText}${alias}._rid, ${orderByItems} AS orderByItems, ${payload} AS payload ` +
        `FROM ${clauses.from} WHERE ${filter} ORDER BY ${clauses.orderBy}`,
    }),
  };
}

/**
 * A per-range query in the shape of a rewritten VALUE aggregate (`SELECT VALUE [{"item": …}] FROM …`):
 * the emulator's engine cannot evaluate aggregates inside literals, so each aggregate is run on its own
 * (`SELECT VALUE AGG(…) FROM … WHERE …`) and the item is assembled from the results.
 */
export interface RewrittenAggregate {
  /** Each field of the item (or `item` itself) and the query that computes it. */
  readonly parts: readonly { readonly field: string | undefined; readonly query: string }[];
}

export function rewrittenAggregateOf(parse: ParseQuery, sql: string): RewrittenAggregate | undefined {
  const text = sql.trim();
  if (!/^SELECT\s+VALUE\s+\[\s*\{\s*"item"\s*:/i.test(text)) return undefined;
  const query = (parse(text).ast as { body?: unknown }).body as SelectQuery | undefined;
  const array = query?.select.value;
  if (array?.type !== 'scalar_array_expression') return undefined;
  const clauses = cutClauses(text);
  if (!clauses) return undefined;
  const tail = `${clauses.from ? ` FROM ${clauses.from}` : ''}${clauses.where ? ` WHERE ${clauses.where}` : ''}`;
  // The item's text: between `"item":` and the closing `}]`.
  const itemText = clauses.selectList
    .replace(/^\[\s*\{\s*"item"\s*:/, '')
    .replace(/\}\s*\]$/, '')
    .trim();
  if (itemText.startsWith('{')) {
    const fields = splitTopLevel(itemText.slice(1, -1)).map((field) => {
      const colon = field.indexOf(':');
      return {
        field: JSON.parse(field.slice(0, colon).trim()) as string,
        call: field.slice(colon + 1).trim(),
      };
    });
    return { parts: fields.map(({ field, call }) => ({ field, query: `SELECT VALUE ${call}${tail}` })) };
  }
  return { parts: [{ field: undefined, query: `SELECT VALUE ${itemText}${tail}` }] };
}
