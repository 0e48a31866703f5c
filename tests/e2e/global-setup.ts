// Starts the whole local runtime (`local/start.ts`: emulators, Functions host, gateway) on free ports
// with a throw-away data directory, so e2e runs never collide with a developer's `npm start`.
// Set SOINS_E2E_BASE_URL to run the specs against an already running instance instead.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, repoRoot, tsNodeCommand } from '../../local/lib/service';

const portVariables = [
  'SOINS_GATEWAY_PORT',
  'SOINS_FUNCTIONS_PORT',
  'SOINS_AZURITE_BLOB_PORT',
  'SOINS_AZURITE_QUEUE_PORT',
  'SOINS_AZURITE_TABLE_PORT',
  'SOINS_COSMOS_PORT',
  'SOINS_CLAMD_PORT',
  'SOINS_MAIL_PORT',
  'SOINS_STRIPE_PORT',
  'SOINS_IDP_PORT',
] as const;

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.SOINS_E2E_BASE_URL) return undefined;
  const root = repoRoot();
  if (
    !existsSync(join(root, 'web', 'dist', 'index.html')) ||
    // The gateway serves the build output's copy of the config only (the web build writes it).
    !existsSync(join(root, 'web', 'dist', 'staticwebapp.config.json')) ||
    !existsSync(join(root, 'api', 'dist', 'main.cjs'))
  ) {
    throw new Error('Build first: npm run build (npm test does it for you).');
  }
  const ports: Record<string, string> = {};
  for (const variable of portVariables) ports[variable] = String(await findFreePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'soins-e2e-'));
  const { command, args } = tsNodeCommand(join(root, 'local', 'start.ts'));
  const child = spawn(command, args, {
    cwd: root,
    // A short access-token life lets the specs prove silent renewal.
    env: {
      ...process.env,
      ...ports,
      SOINS_DATA_DIR: dataDir,
      SOINS_IDP_ACCESS_TTL: process.env.SOINS_IDP_ACCESS_TTL ?? '20',
      // A Clarity project id, so the SPA asks for analytics consent; the specs stub https://www.clarity.ms.
      CLARITY_PROJECT_ID: process.env.CLARITY_PROJECT_ID ?? 'soinse2e',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`local runtime not ready in 90 s:\n${output.join('')}`));
    }, 90_000);
    const onData = (chunk: Buffer): void => {
      output.push(chunk.toString());
      if (output.join('').includes('SOINS+ is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local runtime exited (${String(code)}):\n${output.join('')}`));
    });
  });
  process.env.SOINS_E2E_BASE_URL = `http://localhost:${ports.SOINS_GATEWAY_PORT ?? ''}`;
  process.env.SOINS_E2E_FUNCTIONS_URL = `http://127.0.0.1:${ports.SOINS_FUNCTIONS_PORT ?? ''}`;
  process.env.SOINS_E2E_MAIL_URL = `http://127.0.0.1:${ports.SOINS_MAIL_PORT ?? ''}`;
  process.env.SOINS_E2E_AZURITE_BLOB_PORT = ports.SOINS_AZURITE_BLOB_PORT ?? '';
  process.env.SOINS_E2E_COSMOS_URL = `http://127.0.0.1:${ports.SOINS_COSMOS_PORT ?? ''}/`;
  process.env.SOINS_DATA_DIR = dataDir;
  process.env.SOINS_E2E_IDP_URL = `https://localhost:${ports.SOINS_IDP_PORT ?? ''}`;

  return async () => {
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.kill('SIGINT');
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => {
        resolve('timeout');
      }, 20_000),
    );
    if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
