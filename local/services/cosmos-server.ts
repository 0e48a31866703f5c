// Child process: `tsx local/services/cosmos-server.ts --port N --data DIR [--host H] [--snapshot-ms N]`.
//
// Runs @vercel/cosmosdb-server over plain HTTP (its bundled TLS certificate is expired) and makes its
// in-memory data survive restarts: on start it restores `<DIR>/cosmos-snapshot.json`, while running it
// writes a snapshot (temp file + rename, so a crash never leaves a half-written file) at most every
// `--snapshot-ms` (default 2000) when a write request arrived, and once more on SIGTERM/SIGINT.
//
// The library keeps its account object private to `createHttpServer`, so we build the account and
// the request handler here from the library's own modules (`lib/account`, `lib/routes`, the same
// routing and handlers). That gives direct access to the in-memory maps: the snapshot holds every
// database, container (with partitionKey, uniqueKeyPolicy, indexingPolicy), document (with its
// _rid/_etag/_ts) and user-defined function, plus the resource-id counters, so a restored server is
// indistinguishable from the one that was stopped. Pinned to @vercel/cosmosdb-server 1.0.1;
// `assertSupportedInternals` fails loudly if a future version changes these internals.
//
// Where the library is more lenient than Azure, this wrapper answers as the real service does (see
// cosmos-query-plan.ts for the facts):
// - queries: a cross-partition query that needs a client-side merge (TOP, ORDER BY, VALUE aggregates) is
//   refused with the gateway's 400/1004 and its query plan, query-plan requests are answered, and the
//   per-range queries the SDK then sends (ORDER BY and aggregate rewrites) are served; a query with a
//   partition key header sees that logical partition only; a continuation token the emulator did not
//   issue is a 400 instead of silently restarting at the first page;
// - time to live: a container's `defaultTtl` and an item's `ttl` expire documents (`_ts + ttl`), as
//   Cosmos does, and replacing a container's definition keeps its documents (the library drops them).
//
// What a client must set (see the api's Cosmos adapter): endpoint `http://127.0.0.1:<port>/` and the
// well-known emulator key; `connectionPolicy: { enableEndpointDiscovery: false }` is recommended
// (the account here advertises the same http endpoint, so discovery also works).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../lib/json-store';
import {
  analyzeQuery,
  gatewayRefusalMessage,
  nonValueAggregateMessage,
  rewrittenAggregateOf,
  type ParseQuery,
} from './cosmos-query-plan';

// --- the library's internals we rely on (structural types, no `any`) -----------------------------

type Json = Record<string, unknown> & { id: string };

interface ItemLike {
  read(): Json | undefined | null;
}

interface ItemsLike<I extends ItemLike> {
  _data: Map<string, I>;
  _ridCount: number;
  _set(data: Json): Json;
}

interface DocumentsLike extends ItemsLike<ItemLike> {
  delete(idOrRid: string, partition: unknown): void;
  _getPartition(data: Json): unknown;
}

interface UdfsLike extends ItemsLike<ItemLike> {
  create(data: { id: string; body: string }): Json;
  functions: Record<string, unknown>;
}

interface CollectionLike extends ItemLike {
  _data: Json;
  documents: DocumentsLike;
  partitionKeyRanges: ItemsLike<ItemLike>;
  userDefinedFunctions: UdfsLike;
}

interface DatabaseLike extends ItemLike {
  collections: ItemsLike<CollectionLike>;
  collection(id: string): CollectionLike;
}

interface AccountLike extends ItemLike {
  databases: ItemsLike<DatabaseLike>;
  database(id: string): DatabaseLike;
}

type RouteHandler = (
  account: AccountLike,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  params: Record<string, string>,
) => unknown;

type Router = (req: http.IncomingMessage) => [Record<string, string>, RouteHandler] | undefined;

const requireLib = createRequire(import.meta.url);
const AccountClass = (
  requireLib('@vercel/cosmosdb-server/lib/account') as {
    default: new (host: string, port: number) => AccountLike;
  }
).default;
const routes = (requireLib('@vercel/cosmosdb-server/lib/routes') as { default: Router }).default;

// The library's SQL engine (its own dependency, resolved from the library's location).
interface CompiledQuery {
  readonly ast: unknown;
  exec(
    documents: readonly Json[],
    options: {
      parameters?: readonly { name: string; value: unknown }[];
      udf?: Record<string, unknown>;
      maxItemCount?: number;
      continuation?: unknown;
      compositeIndexes?: unknown;
    },
  ): { result: unknown[]; continuation: unknown };
}
const queryEngine = createRequire(requireLib.resolve('@vercel/cosmosdb-server/lib/account'))(
  '@zeit/cosmosdb-query',
) as { default: (sql: string) => CompiledQuery; SyntaxError: new (...args: never[]) => Error };

// --- snapshot format ---------------------------------------------------------------------------

export const SNAPSHOT_FILE = 'cosmos-snapshot.json';

interface ItemsSnapshot<T> {
  readonly ridCount: number;
  readonly items: T[];
}

interface CollectionSnapshot {
  readonly data: Json;
  readonly documents: ItemsSnapshot<Json>;
  readonly udfs: ItemsSnapshot<Json>;
}

interface DatabaseSnapshot {
  readonly data: Json;
  readonly collections: ItemsSnapshot<CollectionSnapshot>;
}

export interface CosmosSnapshot {
  readonly format: 'soins-cosmos-snapshot';
  readonly version: 1;
  readonly savedAt: string;
  readonly databases: ItemsSnapshot<DatabaseSnapshot>;
}

function assertSupportedInternals(account: AccountLike): void {
  const dbs = account.databases as Partial<ItemsLike<DatabaseLike>>;
  if (!(dbs._data instanceof Map) || typeof dbs._ridCount !== 'number' || typeof dbs._set !== 'function') {
    throw new Error(
      'Unsupported @vercel/cosmosdb-server internals (expected 1.0.1): cannot snapshot its data. ' +
        'Pin the version in package.json or update local/services/cosmos-server.ts.',
    );
  }
}

function values<I extends ItemLike>(items: ItemsLike<I>): Json[] {
  const out: Json[] = [];
  for (const item of items._data.values()) {
    const data = item.read();
    if (data) out.push(data);
  }
  return out;
}

export function takeSnapshot(account: AccountLike): CosmosSnapshot {
  const databases: DatabaseSnapshot[] = [];
  for (const db of account.databases._data.values()) {
    const dbData = db.read();
    if (!dbData) continue;
    const collections: CollectionSnapshot[] = [];
    for (const coll of db.collections._data.values()) {
      const collData = coll.read();
      if (!collData) continue;
      collections.push({
        data: collData,
        documents: { ridCount: coll.documents._ridCount, items: values(coll.documents) },
        udfs: { ridCount: coll.userDefinedFunctions._ridCount, items: values(coll.userDefinedFunctions) },
      });
    }
    databases.push({
      data: dbData,
      collections: { ridCount: db.collections._ridCount, items: collections },
    });
  }
  return {
    format: 'soins-cosmos-snapshot',
    version: 1,
    savedAt: new Date().toISOString(),
    databases: { ridCount: account.databases._ridCount, items: databases },
  };
}

export function isCosmosSnapshot(value: unknown): value is CosmosSnapshot {
  const v = value as Partial<Record<keyof CosmosSnapshot, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.format === 'soins-cosmos-snapshot' &&
    v.version === 1 &&
    typeof v.databases === 'object'
  );
}

export function restoreSnapshot(account: AccountLike, snapshot: CosmosSnapshot): void {
  for (const dbSnap of snapshot.databases.items) {
    account.databases._set(dbSnap.data);
    const db = account.database(dbSnap.data.id);
    for (const collSnap of dbSnap.collections.items) {
      // Collections._set rebuilds the container: partition key, unique keys, indexing policy.
      db.collections._set(collSnap.data);
      const coll = db.collection(collSnap.data.id);
      for (const doc of collSnap.documents.items) coll.documents._set(doc);
      coll.documents._ridCount = collSnap.documents.ridCount;
      for (const udf of collSnap.udfs.items) {
        const body = udf.body;
        if (typeof body === 'string') coll.userDefinedFunctions.create({ id: udf.id, body });
      }
      coll.userDefinedFunctions._ridCount = Math.max(
        collSnap.udfs.ridCount,
        coll.userDefinedFunctions._ridCount,
      );
    }
    db.collections._ridCount = dbSnap.collections.ridCount;
  }
  account.databases._ridCount = snapshot.databases.ridCount;
}

// --- time to live ------------------------------------------------------------------------------

/**
 * Deletes the documents whose time to live has passed, as Cosmos does: only in a container with a
 * `defaultTtl` (-1: no default, items expire only with their own `ttl`); an item's `ttl` overrides the
 * default, -1 never expires; a document expires `ttl` seconds after its last write (`_ts`).
 * Cosmos never returns an expired item, even before its background deletion: purging before each
 * request to the container gives the same answers. Returns how many documents were removed.
 */
export function purgeExpired(collection: CollectionLike, nowSeconds = Math.floor(Date.now() / 1000)): number {
  const defaultTtl = collection.read()?.defaultTtl;
  if (typeof defaultTtl !== 'number') return 0;
  const expired: Json[] = [];
  for (const item of collection.documents._data.values()) {
    const doc = item.read();
    if (!doc) continue;
    const ttl = typeof doc.ttl === 'number' ? doc.ttl : defaultTtl;
    const ts = typeof doc._ts === 'number' ? doc._ts : nowSeconds;
    if (ttl > 0 && ts + ttl <= nowSeconds) expired.push(doc);
  }
  for (const doc of expired) collection.documents.delete(doc.id, collection.documents._getPartition(doc));
  return expired.length;
}

function purgeAll(account: AccountLike): number {
  let removed = 0;
  for (const db of account.databases._data.values()) {
    for (const coll of db.collections._data.values()) removed += purgeExpired(coll);
  }
  return removed;
}

// --- queries, as the gateway answers them (see cosmos-query-plan.ts) ---------------------------

const compiled = new Map<string, CompiledQuery>();
const parseQuery = (sql: string): CompiledQuery => {
  let query = compiled.get(sql);
  if (!query) {
    query = queryEngine.default(sql);
    if (compiled.size >= 500) compiled.clear();
    compiled.set(sql, query);
  }
  return query;
};
const parse: ParseQuery = parseQuery;

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const badRequest = (res: http.ServerResponse, message: string): Record<string, unknown> => {
  res.statusCode = 400;
  return { code: 'BadRequest', message };
};

/** The emulator's own continuation token (`{"token":"+RID:…#RT:n#TRC:n…","range":…}`), or undefined. */
function parseContinuation(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || !('token' in parsed)) return undefined;
    if (typeof parsed.token !== 'string') return undefined;
    if (!/^\+RID:[^#]+#RT:\d+(#SRC:\d+)?#TRC:\d+(#RTD:[A-Za-z0-9+/=]+)?$/.test(parsed.token))
      return undefined;
    const rtd = /#RTD:([A-Za-z0-9+/=]+)$/.exec(parsed.token)?.[1];
    if (rtd && !Array.isArray(JSON.parse(Buffer.from(rtd, 'base64').toString('utf8')))) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/** The documents a partition key header scopes a query to (`["value"]`; `[{}]` is the undefined key). */
function inPartition(collection: CollectionLike, partitionKey: string): ((doc: Json) => boolean) | undefined {
  let values: unknown;
  try {
    values = JSON.parse(partitionKey);
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || values.length !== 1) return undefined;
  const wanted: unknown = values[0];
  const undefinedKey =
    typeof wanted === 'object' &&
    wanted !== null &&
    Object.keys(wanted).length === 0 &&
    !Array.isArray(wanted);
  return (doc) => {
    const value = collection.documents._getPartition(doc);
    return undefinedKey ? value === undefined : isDeepStrictEqual(value, wanted);
  };
}

const queryHandler: RouteHandler = async (account, req, res, params) => {
  const collection = account.database(params.dbId ?? '').collection(params.collId ?? '');
  const collData = collection.read();
  const text = await readBody(req);
  if (!collData) {
    res.statusCode = 404;
    return { code: 'NotFound', message: 'Resource Not Found' };
  }
  let body: { query?: unknown; parameters?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return badRequest(res, 'The request body is not valid JSON.');
  }
  if (typeof body.query !== 'string') return badRequest(res, 'missing query');
  const sql = body.query;
  const parameters = Array.isArray(body.parameters)
    ? (body.parameters as { name: string; value: unknown }[])
    : [];
  const analyze = () => analyzeQuery(parse, sql, parameters);

  try {
    if (isTrueHeader(req, 'x-ms-cosmos-is-query-plan-request')) {
      const analysis = analyze();
      if (analysis.kind === 'unsupported') return badRequest(res, analysis.message);
      if (analysis.kind === 'non-value-aggregate') return badRequest(res, nonValueAggregateMessage);
      const supported = new Set(
        (header(req, 'x-ms-cosmos-supported-query-features') ?? '').split(',').map((f) => f.trim()),
      );
      const missing = analysis.features.filter((feature) => !supported.has(feature));
      if (missing.length > 0) {
        return badRequest(
          res,
          `Query contains 1 or more unsupported features. Upgrade your SDK to a version that does support the requested features:\r\nQuery contained ${missing.join(', ')}, which the calling client does not support.`,
        );
      }
      return { ...analysis.plan };
    }

    const partitionKey = header(req, 'x-ms-documentdb-partitionkey');
    const rangeId = header(req, 'x-ms-documentdb-partitionkeyrangeid');
    if (partitionKey === undefined && rangeId === undefined) {
      const analysis = analyze();
      if (analysis.kind === 'unsupported') return badRequest(res, analysis.message);
      if (analysis.kind === 'non-value-aggregate') return badRequest(res, nonValueAggregateMessage);
      if (analysis.needsPipeline) {
        res.setHeader('x-ms-substatus', '1004');
        return {
          ...badRequest(res, `${gatewayRefusalMessage}\r\nActivityId: ${randomUUID()}`),
          additionalErrorInfo: JSON.stringify(analysis.plan),
        };
      }
    }
    if (rangeId !== undefined) {
      const known = [...collection.partitionKeyRanges._data.values()]
        .map((range) => String(range.read()?.id))
        .includes(rangeId);
      if (!known) return badRequest(res, `Unknown partition key range ${rangeId}.`);
    }
    const scope = partitionKey === undefined ? undefined : inPartition(collection, partitionKey);
    if (partitionKey !== undefined && !scope) {
      return badRequest(res, 'The partition key supplied in x-ms-documentdb-partitionkey header is invalid.');
    }

    const continuationHeader = header(req, 'x-ms-continuation');
    const continuation = continuationHeader === undefined ? undefined : parseContinuation(continuationHeader);
    if (continuationHeader !== undefined && continuation === undefined) {
      return badRequest(res, 'Invalid Continuation Token');
    }
    const maxItemCountHeader = header(req, 'x-ms-max-item-count');
    const maxItemCount = maxItemCountHeader ? Number.parseInt(maxItemCountHeader, 10) : undefined;

    const documents: Json[] = [];
    for (const item of collection.documents._data.values()) {
      const doc = item.read();
      if (doc && (!scope || scope(doc))) documents.push(doc);
    }
    const options = {
      parameters,
      udf: collection.userDefinedFunctions.functions,
      ...(maxItemCount !== undefined && Number.isFinite(maxItemCount) ? { maxItemCount } : {}),
      ...(continuation !== undefined ? { continuation } : {}),
      compositeIndexes:
        (collData.indexingPolicy as { compositeIndexes?: unknown } | undefined)?.compositeIndexes ?? [],
    };

    let result: unknown[];
    let next: unknown = null;
    const aggregate = rewrittenAggregateOf(parse, sql);
    if (aggregate) {
      // One range's part of a VALUE aggregate: each aggregate on its own, assembled into the item.
      const values = aggregate.parts.map((part) => {
        const [value] = parseQuery(part.query).exec(documents, { parameters, udf: options.udf }).result;
        return { field: part.field, value };
      });
      const [only] = values;
      const item: unknown =
        values.length === 1 && only?.field === undefined
          ? only?.value
          : Object.fromEntries(values.map(({ field, value }): [string, unknown] => [field ?? 'item', value]));
      result = [[{ item }]];
    } else {
      const executed = parseQuery(sql).exec(documents, options);
      result = executed.result;
      next = executed.continuation;
    }
    if (next) res.setHeader('x-ms-continuation', JSON.stringify(next));
    res.setHeader('x-ms-item-count', String(result.length));
    return { _rid: collData._rid, Documents: result, _count: result.length };
  } catch (error) {
    if (error instanceof queryEngine.SyntaxError) return badRequest(res, error.message);
    // The engine throws for what Cosmos answers 400 (bad arguments, missing _rid…), as the library does.
    return badRequest(res, error instanceof Error ? error.message : String(error));
  }
};

/**
 * Replaces a container's definition in place: the library rebuilds the container and loses its
 * documents. The partition key and unique keys cannot change (as in Cosmos); the time to live and
 * the indexing policy can.
 */
const replaceCollectionHandler: RouteHandler = async (account, req, res, params) => {
  const database = account.database(params.dbId ?? '');
  const collection = database.collection(params.collId ?? '');
  const current = collection.read();
  const text = await readBody(req);
  if (!current) {
    res.statusCode = 404;
    return { code: 'NotFound', message: 'Resource Not Found' };
  }
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    return badRequest(res, 'The request body is not valid JSON.');
  }
  if (body.id !== current.id) return badRequest(res, 'The container id cannot change.');
  if (!isDeepStrictEqual(body.partitionKey, current.partitionKey)) {
    return badRequest(res, 'replacing partitionKey is not allowed');
  }
  const uniqueKeys = (data: Json): unknown =>
    (data.uniqueKeyPolicy as { uniqueKeys?: unknown } | undefined)?.uniqueKeys ?? [];
  if (!isDeepStrictEqual(uniqueKeys(body), uniqueKeys(current))) {
    return badRequest(res, 'The unique key policy of a container cannot change.');
  }
  const next: Json = {
    ...current,
    ...(body.indexingPolicy !== undefined ? { indexingPolicy: body.indexingPolicy } : {}),
    _etag: randomUUID(),
    _ts: Math.floor(Date.now() / 1000),
  };
  if (typeof body.defaultTtl === 'number') next.defaultTtl = body.defaultTtl;
  else delete next.defaultTtl;
  collection._data = next;
  return next;
};

const collectionPath = /^\/+dbs\/([^/]+)\/colls\/([^/]+)(\/.*)?$/;

function overrideRoute(req: http.IncomingMessage): [Record<string, string>, RouteHandler] | undefined {
  const path = (req.url ?? '').split('?')[0]?.replace(/\/+$/, '') ?? '';
  const match = collectionPath.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  const params = { dbId: decodeURIComponent(match[1]), collId: decodeURIComponent(match[2]) };
  const rest = match[3] ?? '';
  const isQuery =
    isTrueHeader(req, 'x-ms-documentdb-isquery') || req.headers['content-type'] === 'application/query+json';
  if (req.method === 'POST' && rest === '/docs' && isQuery) return [params, queryHandler];
  if (req.method === 'PUT' && rest === '') return [params, replaceCollectionHandler];
  return undefined;
}

/** The collection a request addresses, to purge its expired documents before it is served. */
function collectionOf(account: AccountLike, req: http.IncomingMessage): CollectionLike | undefined {
  const match = collectionPath.exec((req.url ?? '').split('?')[0] ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  const db = account.database(decodeURIComponent(match[1]));
  if (!db.read()) return undefined;
  const coll = db.collection(decodeURIComponent(match[2]));
  return coll.read() ? coll : undefined;
}

// --- HTTP server (same behaviour as the library's request handler, over http) ------------------

function isTrueHeader(req: http.IncomingMessage, name: string): boolean {
  const value = req.headers[name];
  return typeof value === 'string' && value.toLowerCase() === 'true';
}

function isWrite(req: http.IncomingMessage): boolean {
  switch (req.method) {
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
      return true;
    case 'POST':
      return !(
        isTrueHeader(req, 'x-ms-documentdb-isquery') ||
        req.headers['content-type'] === 'application/query+json'
      );
    default:
      return false;
  }
}

export interface CosmosServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly dataDir: string;
  readonly snapshotIntervalMs?: number;
  readonly log?: (line: string) => void;
}

export interface CosmosServer {
  readonly url: string;
  readonly account: AccountLike;
  /** Writes a snapshot now if anything changed since the last one (or always with `force`). */
  flush(force?: boolean): void;
  /** Final snapshot, then closes the server. */
  close(): Promise<void>;
}

export async function startCosmosServer(options: CosmosServerOptions): Promise<CosmosServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  mkdirSync(options.dataDir, { recursive: true });
  const snapshotPath = join(options.dataDir, SNAPSHOT_FILE);

  // Set once the snapshot is restored; requests before that get 503.
  const state: { account?: AccountLike } = {};
  let dirty = false;

  const server = http.createServer((req, res) => {
    if (isWrite(req)) dirty = true;
    handle(req, res);
  });

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const acc = state.account;
    if (acc) {
      const collection = collectionOf(acc, req);
      if (collection && purgeExpired(collection) > 0) dirty = true;
    }
    const route = overrideRoute(req) ?? routes(req);
    void (async () => {
      let body: Record<string, unknown> | undefined;
      if (!acc) {
        res.statusCode = 503;
        body = { message: 'starting' };
      } else if (route) {
        const [params, handler] = route;
        try {
          body = (await handler(acc, req, res, params)) as Record<string, unknown> | undefined;
        } catch (err) {
          log(
            `[cosmos-server] handler error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
          );
          body = { message: err instanceof Error ? err.message : String(err) };
          res.statusCode = 500;
        }
        if (res.statusCode > 399 && body && !body.message) body.message = '';
      } else {
        res.statusCode = 400;
        body = { message: 'no route' };
      }
      if (body && typeof body._etag === 'string') res.setHeader('etag', body._etag);
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-location', `http://${req.headers.host ?? host}${req.url ?? ''}`);
      res.setHeader('x-ms-activity-id', randomUUID());
      res.setHeader('x-ms-request-charge', '1');
      if (req.headers['x-ms-documentdb-populatequerymetrics']) {
        res.setHeader(
          'x-ms-documentdb-query-metrics',
          'totalExecutionTimeInMs=0.00;queryCompileTimeInMs=0.00;queryLogicalPlanBuildTimeInMs=0.00;queryPhysicalPlanBuildTimeInMs=0.00;queryOptimizationTimeInMs=0.00;VMExecutionTimeInMs=0.00;indexLookupTimeInMs=0.00;documentLoadTimeInMs=0.00;systemFunctionExecuteTimeInMs=0.00;userFunctionExecuteTimeInMs=0.00;retrievedDocumentCount=0;retrievedDocumentSize=0;outputDocumentCount=1;outputDocumentSize=0;writeOutputTimeInMs=0.00;indexUtilizationRatio=0.00',
        );
      }
      if (req.headers['a-im'] && res.statusCode === 200) {
        if (req.headers['if-none-match']) res.statusCode = 304;
        res.setHeader('etag', '1');
      }
      res.end(JSON.stringify(body));
    })().catch((err: unknown) => {
      log(`[cosmos-server] ${err instanceof Error ? err.message : String(err)}`);
      if (!res.writableEnded) {
        res.statusCode = 500;
        res.end('');
      }
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}/`;

  const acc = new AccountClass(host, port);
  assertSupportedInternals(acc);
  // The library advertises https locations; point discovery at the http endpoint we really serve.
  const meta = acc.read();
  if (meta) {
    const location = [{ name: 'South Central US', databaseAccountEndpoint: url }];
    meta.writableLocations = location;
    meta.readableLocations = location;
  }
  if (existsSync(snapshotPath)) {
    const started = Date.now();
    const snapshot: unknown = JSON.parse(readFileSync(snapshotPath, 'utf8'));
    if (!isCosmosSnapshot(snapshot)) {
      throw new Error(`${snapshotPath} is not a SOINS+ Cosmos snapshot (format/version mismatch)`);
    }
    restoreSnapshot(acc, snapshot);
    const docs = snapshot.databases.items
      .flatMap((d) => d.collections.items)
      .reduce((n, c) => n + c.documents.items.length, 0);
    log(
      `restored ${snapshot.databases.items.length} database(s), ${docs} document(s) in ${Date.now() - started} ms`,
    );
  }
  state.account = acc;

  const flush = (force = false): void => {
    if (!dirty && !force) return;
    dirty = false;
    writeFileAtomic(snapshotPath, JSON.stringify(takeSnapshot(acc)));
  };
  const timer = setInterval(() => {
    try {
      if (purgeAll(acc) > 0) dirty = true;
      flush();
    } catch (err) {
      dirty = true;
      log(`[cosmos-server] snapshot failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, options.snapshotIntervalMs ?? 2000);
  timer.unref();

  const close = async (): Promise<void> => {
    clearInterval(timer);
    // Stop taking requests first (synchronously), then write the final snapshot: nothing can change
    // the data between the two.
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeAllConnections();
    flush();
    await closed;
  };

  return { url, account: acc, flush, close };
}

// --- entry point -------------------------------------------------------------------------------

function parseArgs(argv: readonly string[]): CosmosServerOptions {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(get('--port') ?? '8081');
  const dataDir = get('--data');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${String(port)}`);
  if (!dataDir) throw new Error('Usage: cosmos-server.ts --port N --data DIR [--host H] [--snapshot-ms N]');
  const host = get('--host');
  const snapshotMs = get('--snapshot-ms');
  return {
    port,
    dataDir,
    ...(host ? { host } : {}),
    ...(snapshotMs ? { snapshotIntervalMs: Number(snapshotMs) } : {}),
  };
}

async function main(): Promise<void> {
  const server = await startCosmosServer(parseArgs(process.argv.slice(2)));
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => {
        process.stdout.write(`stopped (${signal}), snapshot written\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
  // If our parent (the supervisor) dies without stopping us, save and exit rather than linger.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown('parent exited');
  }, 1000).unref();
  process.stdout.write(`READY ${server.url}\n`);
}

const entry = process.argv[1];
if (entry && /cosmos-server\.[cm]?[jt]s$/.test(entry)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
