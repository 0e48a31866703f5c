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
// What a client must set (see the api's Cosmos adapter): endpoint `http://127.0.0.1:<port>/` and the
// well-known emulator key; `connectionPolicy: { enableEndpointDiscovery: false }` is recommended
// (the account here advertises the same http endpoint, so discovery also works).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/json-store';

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

interface UdfsLike extends ItemsLike<ItemLike> {
  create(data: { id: string; body: string }): Json;
}

interface CollectionLike extends ItemLike {
  documents: ItemsLike<ItemLike>;
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
    const route = routes(req);
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
