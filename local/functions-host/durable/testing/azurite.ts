// Test support: a private Azurite (blob + queue + table) on free ports with a temporary data directory,
// for when the integration global setup does not provide one.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const account = 'devstoreaccount1';
// Azurite's well-known development key (public, documented by Microsoft).
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface TestAzurite {
  readonly connectionString: string;
  stop(): Promise<void>;
}

export async function startTestAzurite(): Promise<TestAzurite> {
  const ports: number[] = [];
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  const [blob, queue, table] = ports as [number, number, number];
  const dir = mkdtempSync(join(tmpdir(), 'durable-azurite-'));
  const script = join(
    dirname(createRequire(import.meta.url).resolve('azurite/package.json')),
    'dist',
    'src',
    'azurite.js',
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      script,
      '--silent',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--loose',
      '--location',
      dir,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(blob),
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      String(queue),
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(table),
    ],
    { stdio: 'ignore', cwd: dir },
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (!((await canConnect(blob)) && (await canConnect(queue)))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error('Azurite did not start within 20 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    connectionString: [
      'DefaultEndpointsProtocol=http',
      `AccountName=${account}`,
      `AccountKey=${accountKey}`,
      `BlobEndpoint=http://127.0.0.1:${blob}/${account}`,
      `QueueEndpoint=http://127.0.0.1:${queue}/${account}`,
      `TableEndpoint=http://127.0.0.1:${table}/${account}`,
    ].join(';'),
    stop,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
