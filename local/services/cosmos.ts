// Cosmos DB emulator: @vercel/cosmosdb-server in its own child process (cosmos-server.ts), plain HTTP,
// data kept across restarts in `<dataDir>/cosmos-snapshot.json`.
//
// What the api's Cosmos adapter must set to talk to it (`@azure/cosmos` 4):
//   new CosmosClient({
//     endpoint: 'http://127.0.0.1:<port>/',          // http, not https: the library's bundled TLS
//                                                     // certificate is expired, so we run without TLS
//     key: COSMOS_EMULATOR_KEY,                       // any key works; use the well-known emulator key
//     connectionPolicy: { enableEndpointDiscovery: false },  // talk to the given endpoint only
//   })
// Nothing else (no custom https agent, no NODE_TLS_REJECT_UNAUTHORIZED). Queries are answered as the
// real gateway answers them (cross-partition ORDER BY/TOP/aggregates refused with a query plan, which
// @azure/cosmos then runs itself) and time to live is honoured (cosmos-server.ts). Keep the emulator's
// gaps in mind (no OFFSET/LIMIT, GROUP BY, DISTINCT, change feed, atomic batches): see DESIGN.md §3.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeHttp, repoRoot, spawnChild, tsNodeCommand, type RunningService } from '../lib/service';

/** The well-known Cosmos DB emulator key (public; the local server does not check it). */
export const COSMOS_EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface CosmosOptions {
  readonly port: number;
  readonly dataDir: string;
  readonly host?: string;
  /** How often (at most) a changed data set is written to the snapshot; default 2000 ms. */
  readonly snapshotIntervalMs?: number;
  readonly timeoutMs?: number;
}

export interface RunningCosmos extends RunningService {
  readonly endpoint: string;
  readonly key: string;
}

export async function startCosmos(options: CosmosOptions): Promise<RunningCosmos> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true });
  const endpoint = `http://${host}:${options.port}/`;
  const script = fileURLToPath(new URL('./cosmos-server.ts', import.meta.url));
  const { command, args } = tsNodeCommand(script, [
    '--port',
    String(options.port),
    '--host',
    host,
    '--data',
    options.dataDir,
    ...(options.snapshotIntervalMs ? ['--snapshot-ms', String(options.snapshotIntervalMs)] : []),
  ]);
  const handle = await spawnChild({
    name: 'cosmos',
    command,
    args,
    cwd: repoRoot(),
    // GET / is the account metadata: 200 once the snapshot is restored (503 while starting).
    ready: () => probeHttp(endpoint, (status) => status === 200),
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  return {
    name: 'cosmos',
    url: endpoint,
    endpoint,
    key: COSMOS_EMULATOR_KEY,
    stop: () => handle.stop(),
  };
}

/** Where the snapshot of a data directory lives. */
export function cosmosSnapshotPath(dataDir: string): string {
  return join(dataDir, 'cosmos-snapshot.json');
}
