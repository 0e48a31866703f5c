// Starts the whole local runtime (`local/start.ts`: emulators, Functions host, gateway) once per Playwright
// worker, each on its own free ports with its own throw-away data directory, so workers never share state
// and e2e runs never collide with a developer's `npm start`. Each worker picks its runtime by its parallel
// index (playwright.config.ts, e2eStackFor). Set SOINS_E2E_BASE_URL to run the specs against an already
// running instance instead (one worker then).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { findFreePort, repoRoot, tsNodeCommand } from '../../local/lib/service';
import { E2E_STACKS_VARIABLE, type E2eStack } from './stacks';

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

export interface Runtime {
  readonly stack: E2eStack;
  readonly child: ChildProcess;
  readonly dataDir: string;
}

/** Free ports for every service of one local runtime (picked one after another: the OS hands out distinct ones). */
export async function freeRuntimePorts(): Promise<Record<string, string>> {
  const ports: Record<string, string> = {};
  for (const variable of portVariables) ports[variable] = String(await findFreePort());
  return ports;
}

/** One local runtime (`local/start.ts`) on the given ports; resolves once it prints that it is running. */
export async function startRuntime(root: string, ports: Record<string, string>): Promise<Runtime> {
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
  try {
    await new Promise<void>((resolve, reject) => {
      // Generous: several runtimes start side by side on two cores.
      const timer = setTimeout(() => {
        reject(new Error(`local runtime not ready in 180 s:\n${output.join('')}`));
      }, 180_000);
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
  } catch (error) {
    await stopRuntime({ child, dataDir });
    throw error;
  }
  const port = (name: (typeof portVariables)[number]): string => ports[name] ?? '';
  return {
    child,
    dataDir,
    stack: {
      // SOINS_GATEWAY_TLS=1 (the Lighthouse bench): HTTPS and HTTP/2, as Static Web Apps serves the app.
      SOINS_E2E_BASE_URL: `${process.env.SOINS_GATEWAY_TLS === '1' ? 'https' : 'http'}://localhost:${port('SOINS_GATEWAY_PORT')}`,
      SOINS_E2E_FUNCTIONS_URL: `http://127.0.0.1:${port('SOINS_FUNCTIONS_PORT')}`,
      SOINS_E2E_MAIL_URL: `http://127.0.0.1:${port('SOINS_MAIL_PORT')}`,
      SOINS_E2E_AZURITE_BLOB_PORT: port('SOINS_AZURITE_BLOB_PORT'),
      SOINS_E2E_COSMOS_URL: `http://127.0.0.1:${port('SOINS_COSMOS_PORT')}/`,
      SOINS_DATA_DIR: dataDir,
      SOINS_E2E_IDP_URL: `https://localhost:${port('SOINS_IDP_PORT')}`,
    },
  };
}

/**
 * A local runtime on the given ports, or on free ones; again on new ports if another process took one between the
 * check and the listen (an outgoing connection can be given any free port).
 */
export async function startRuntimeOnFreePorts(
  root: string,
  first?: Record<string, string>,
): Promise<{ readonly runtime: Runtime; readonly ports: Record<string, string> }> {
  for (let attempt = 1; ; attempt++) {
    const ports = attempt === 1 && first ? first : await freeRuntimePorts();
    try {
      return { runtime: await startRuntime(root, ports), ports };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !/EADDRINUSE|address already in use|is in use/i.test(message)) throw error;
    }
  }
}

export async function stopRuntime({ child, dataDir }: Pick<Runtime, 'child' | 'dataDir'>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
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
  }
  rmSync(dataDir, { recursive: true, force: true });
}

export default async function globalSetup(config: FullConfig): Promise<(() => Promise<void>) | undefined> {
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
  // One runtime per worker; ports are picked one after another so the OS hands out distinct ones.
  const portSets: Record<string, string>[] = [];
  for (let i = 0; i < Math.max(1, config.workers); i++) portSets.push(await freeRuntimePorts());
  const started = await Promise.allSettled(
    portSets.map(async (ports) => (await startRuntimeOnFreePorts(root, ports)).runtime),
  );
  const runtimes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(runtimes.map((runtime) => stopRuntime(runtime)));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  // Workers (their own processes) inherit this; the first stack also serves this process.
  process.env[E2E_STACKS_VARIABLE] = JSON.stringify(runtimes.map((r) => r.stack));
  Object.assign(process.env, runtimes[0]?.stack);
  return stopAll;
}
