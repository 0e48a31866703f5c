// Azurite (Blob, Queue and Table storage emulator) as a child process, data persisted under dataDir.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { probeHttp, repoRoot, spawnChild, type RunningService } from '../lib/service';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  readonly blobPort: number;
  readonly queuePort: number;
  readonly tablePort: number;
  readonly dataDir: string;
  /** Listening address; default 127.0.0.1. */
  readonly host?: string;
  readonly timeoutMs?: number;
  /**
   * HTTPS with OAuth (`--oauth basic`: bearer tokens are checked for issuer, audience and lifetime,
   * not signature), as the identity-based adapters need. Keys keep working beside it.
   */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
}

export interface RunningAzurite extends RunningService {
  /** Connection string with explicit Blob/Queue/Table endpoints on the chosen ports. */
  readonly connectionString: string;
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
}

/** Path of Azurite's CLI script, resolved from the installed package (not the .bin shim). */
export function azuriteScript(): string {
  const req = createRequire(join(repoRoot(), 'package.json'));
  return join(dirname(req.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
}

export function azuriteConnectionString(
  host: string,
  ports: { blob: number; queue: number; table: number },
  scheme: 'http' | 'https' = 'http',
): string {
  return [
    `DefaultEndpointsProtocol=${scheme}`,
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=${scheme}://${host}:${ports.blob}/${AZURITE_ACCOUNT}`,
    `QueueEndpoint=${scheme}://${host}:${ports.queue}/${AZURITE_ACCOUNT}`,
    `TableEndpoint=${scheme}://${host}:${ports.table}/${AZURITE_ACCOUNT}`,
  ].join(';');
}

export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const host = options.host ?? '127.0.0.1';
  const { blobPort, queuePort, tablePort, dataDir, tls } = options;
  const scheme = tls ? 'https' : 'http';
  mkdirSync(dataDir, { recursive: true });
  const handle = await spawnChild({
    name: 'azurite',
    command: process.execPath,
    args: [
      azuriteScript(),
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--loose',
      '--silent',
      '--location',
      dataDir,
      '--blobHost',
      host,
      '--blobPort',
      String(blobPort),
      '--queueHost',
      host,
      '--queuePort',
      String(queuePort),
      '--tableHost',
      host,
      '--tablePort',
      String(tablePort),
      ...(tls ? ['--cert', tls.certPath, '--key', tls.keyPath, '--oauth', 'basic'] : []),
    ],
    cwd: dataDir,
    ready: async () => {
      const answers = await Promise.all(
        [blobPort, queuePort, tablePort].map((port) => probeHttp(`${scheme}://${host}:${port}/`)),
      );
      return answers.every(Boolean);
    },
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const blobEndpoint = `${scheme}://${host}:${blobPort}/${AZURITE_ACCOUNT}`;
  return {
    name: 'azurite',
    url: blobEndpoint,
    blobEndpoint,
    queueEndpoint: `${scheme}://${host}:${queuePort}/${AZURITE_ACCOUNT}`,
    tableEndpoint: `${scheme}://${host}:${tablePort}/${AZURITE_ACCOUNT}`,
    connectionString: azuriteConnectionString(
      host,
      { blob: blobPort, queue: queuePort, table: tablePort },
      scheme,
    ),
    stop: () => handle.stop(),
  };
}
