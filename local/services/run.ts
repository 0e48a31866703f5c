// Runs one local service in the foreground:
//   tsx local/services/run.ts <azurite|cosmos|clamd|mail-sink|stripe-sim> --port N --data DIR [--host H]
// Prints `READY <url>` once it serves, stops cleanly on SIGINT/SIGTERM. For azurite, --port is the
// blob port; queue and table use --queue-port/--table-port (default port+1, port+2).
import { resolve } from 'node:path';
import { assertPortFree, type RunningService } from '../lib/service';
import { startAzurite } from './azurite';
import { startClamd } from './clamd';
import { startCosmos } from './cosmos';
import { startMailSink } from './mail-sink';
import { startStripeSim } from './stripe-sim';

const SERVICES = ['azurite', 'cosmos', 'clamd', 'mail-sink', 'stripe-sim'] as const;
type ServiceName = (typeof SERVICES)[number];

const DEFAULT_PORTS: Record<ServiceName, number> = {
  azurite: 10000,
  cosmos: 8081,
  clamd: 3310,
  'mail-sink': 8025,
  'stripe-sim': 12111,
};

function usage(): never {
  process.stderr.write(
    `Usage: tsx local/services/run.ts <${SERVICES.join('|')}> --port N --data DIR [--host H]\n`,
  );
  process.exit(2);
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function port(value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) usage();
  return n;
}

async function start(name: ServiceName, argv: readonly string[]): Promise<RunningService> {
  const p = port(flag(argv, '--port'), DEFAULT_PORTS[name]);
  const dataDir = resolve(flag(argv, '--data') ?? '.data');
  const host = flag(argv, '--host') ?? '127.0.0.1';
  switch (name) {
    case 'azurite': {
      const queuePort = port(flag(argv, '--queue-port'), p + 1);
      const tablePort = port(flag(argv, '--table-port'), p + 2);
      await assertPortFree(p, host, 'Azurite blob');
      await assertPortFree(queuePort, host, 'Azurite queue');
      await assertPortFree(tablePort, host, 'Azurite table');
      return startAzurite({ blobPort: p, queuePort, tablePort, dataDir: resolve(dataDir, 'azurite'), host });
    }
    case 'cosmos':
      await assertPortFree(p, host, 'Cosmos emulator');
      return startCosmos({ port: p, dataDir, host });
    case 'clamd':
      await assertPortFree(p, host, 'clamd');
      return startClamd({ port: p, dataDir, host });
    case 'mail-sink':
      await assertPortFree(p, host, 'mail sink');
      return startMailSink({ port: p, dataDir, host });
    case 'stripe-sim':
      await assertPortFree(p, host, 'Stripe simulator');
      return startStripeSim({ port: p, dataDir, host });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const name = argv[0];
  if (!name || !(SERVICES as readonly string[]).includes(name)) usage();
  const service = await start(name as ServiceName, argv.slice(1));
  process.stdout.write(`READY ${service.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
