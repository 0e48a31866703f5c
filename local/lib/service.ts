// Shared plumbing for the local emulators and simulators: port checks, child processes that are
// started, probed until ready and stopped cleanly, and readiness probes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A started local service. `stop()` resolves once the service has released its port. */
export interface RunningService {
  readonly name: string;
  readonly url: string;
  stop(): Promise<void>;
}

const verbose = (): boolean => process.env.SOINS_VERBOSE === '1';

// ---------------------------------------------------------------------------------------------
// Paths

let cachedRoot: string | undefined;

/** The repository root: the nearest ancestor of this file whose package.json declares workspaces. */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg)) {
        try {
          const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown };
          if (Array.isArray(parsed.workspaces)) {
            cachedRoot = dir;
            return dir;
          }
        } catch {
          // not a readable package.json: keep walking up
        }
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('Cannot find the SOINS+ repository root (a package.json with "workspaces").');
}

// ---------------------------------------------------------------------------------------------
// Ports

/**
 * Throws a clear error when `port` is already taken on `host`, e.g.
 * "Port 8081 (Cosmos emulator) is already in use. Stop the process using it or set SOINS_COSMOS_PORT."
 */
export async function assertPortFree(
  port: number,
  host: string,
  serviceName: string,
  envVar?: string,
): Promise<void> {
  const problem = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      resolve(err);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => {
        resolve(undefined);
      });
    });
  });
  if (!problem) return;
  const hint = envVar ? `set ${envVar}` : 'choose another port';
  if (problem.code === 'EADDRINUSE') {
    throw new Error(`Port ${port} (${serviceName}) is already in use. Stop the process using it or ${hint}.`);
  }
  if (problem.code === 'EACCES') {
    throw new Error(`Port ${port} (${serviceName}) cannot be opened (permission denied). Please ${hint}.`);
  }
  throw new Error(`Port ${port} (${serviceName}) on ${host} cannot be opened: ${problem.message}`);
}

/** A TCP port that was free on `host` a moment ago (the OS picks it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('Could not determine a free port'));
        return;
      }
      server.close(() => {
        resolve(address.port);
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Readiness probes

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** One attempt: can a TCP connection to host:port be opened? */
export function probeTcp(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

/**
 * One attempt: does `url` answer over HTTP? By default any status counts as an answer (the server is
 * up); pass `accept` to require particular statuses.
 */
export function probeHttp(
  url: string,
  accept: (status: number) => boolean = () => true,
  timeoutMs = 2000,
): Promise<boolean> {
  return new Promise((resolve) => {
    // A liveness probe only: a local https service's self-signed certificate is not checked here.
    const get = url.startsWith('https:')
      ? (u: string, o: https.RequestOptions, cb: (res: http.IncomingMessage) => void) =>
          https.get(u, { ...o, rejectUnauthorized: false }, cb)
      : http.get;
    const req = get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(accept(res.statusCode ?? 0));
    });
    req.once('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.once('error', () => {
      resolve(false);
    });
  });
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/** Polls `check` until it returns true; throws after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  description: string,
  { timeoutMs = 30_000, intervalMs = 100 }: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await sleep(intervalMs);
  }
}

/** Waits until a TCP connection to host:port succeeds. */
export function waitForTcp(host: string, port: number, options?: WaitOptions): Promise<void> {
  return waitUntil(() => probeTcp(host, port), `${host}:${port} to accept connections`, options);
}

/** Waits until `url` answers over HTTP (any status, unless `accept` says otherwise). */
export function waitForHttp(
  url: string,
  options?: WaitOptions & { readonly accept?: (status: number) => boolean },
): Promise<void> {
  return waitUntil(() => probeHttp(url, options?.accept), `${url} to answer`, options);
}

// ---------------------------------------------------------------------------------------------
// Child processes

export interface SpawnChildOptions {
  /** Short name, used as the `[name]` prefix of its output lines. */
  readonly name: string;
  readonly command: string;
  readonly args?: readonly string[];
  /** Environment; defaults to ours. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Polled (every 100 ms) until it returns true. */
  readonly ready: () => Promise<boolean>;
  /** How long the child may take to become ready; default 30 s. */
  readonly timeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 5 s. */
  readonly stopGraceMs?: number;
  /** Called when the child exits without `stop()` having been called (a crash). */
  readonly onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface ChildHandle {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** The last output lines (stdout and stderr), newest last. */
  recentOutput(): readonly string[];
  /** SIGTERM, then SIGKILL after the grace period (5 s); resolves once the process has exited. */
  stop(): Promise<void>;
}

const KEEP_LINES = 40;
const STOP_GRACE_MS = 5000;

/**
 * Spawns a child process (not detached, stdio piped), echoes its output with a `[name]` prefix when
 * SOINS_VERBOSE=1, polls `ready` until it is true and returns a handle that stops it. If the child
 * exits or is not ready in time, its last output lines are shown and the promise rejects (the child
 * is killed first).
 */
export async function spawnChild(options: SpawnChildOptions): Promise<ChildHandle> {
  const {
    name,
    command,
    args = [],
    env,
    cwd,
    ready,
    timeoutMs = 30_000,
    stopGraceMs = STOP_GRACE_MS,
  } = options;
  const child = spawn(command, [...args], {
    cwd,
    env: env ?? process.env,
    detached: false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const lines: string[] = [];
  let echo = verbose();
  const onLine = (line: string): void => {
    lines.push(line);
    if (lines.length > KEEP_LINES) lines.shift();
    if (echo) process.stdout.write(`[${name}] ${line}\n`);
  };
  // Always drain both pipes, so a chatty child never blocks on a full pipe.
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);

  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  let stopping = false;
  let readyDone = false;
  const exited = new Promise<void>((resolve) => {
    child.on('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) {
        exitInfo = { code: null, signal: null };
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve();
    });
  });
  void exited.then(() => {
    if (!stopping && readyDone) {
      process.stderr.write(
        `[${name}] exited unexpectedly (${describeExit(exitInfo)}). Last output:\n${indent(lines)}\n`,
      );
      options.onUnexpectedExit?.(exitInfo?.code ?? null, exitInfo?.signal ?? null);
    }
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    if (exitInfo) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(true);
        }, stopGraceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const deadline = Date.now() + timeoutMs;
  let failure: string | undefined;
  for (;;) {
    if (exitInfo || spawnError) {
      failure = spawnError
        ? `could not be started (${spawnError.message})`
        : `exited before it was ready (${describeExit(exitInfo)})`;
      break;
    }
    const ok = await ready().catch(() => false);
    if (ok) break;
    if (Date.now() >= deadline) {
      failure = `was not ready after ${timeoutMs} ms`;
      break;
    }
    await sleep(100);
  }

  if (failure !== undefined) {
    await stop();
    echo = false;
    const tail = lines.length ? `Last output:\n${indent(lines.slice(-20))}` : 'It printed nothing.';
    process.stdout.write(`[${name}] ${failure}. ${tail}\n`);
    throw new Error(`${name} ${failure} (${command} ${args.join(' ')}). ${tail}`);
  }

  readyDone = true;
  return {
    name,
    pid: child.pid ?? -1,
    process: child,
    recentOutput: () => [...lines],
    stop,
  };
}

function describeExit(info: { code: number | null; signal: NodeJS.Signals | null } | undefined): string {
  if (!info) return 'still running';
  return info.signal ? `signal ${info.signal}` : `exit code ${String(info.code)}`;
}

function indent(lines: readonly string[]): string {
  return lines.map((l) => `  ${l}`).join('\n');
}

/**
 * Command and arguments that run a TypeScript entry point with tsx in a single node process (no npx
 * wrapper, so signals reach the script directly).
 */
export function tsNodeCommand(
  script: string,
  args: readonly string[] = [],
): { command: string; args: string[] } {
  const tsxLoader = pathToFileURL(createRequire(join(repoRoot(), 'package.json')).resolve('tsx')).href;
  return { command: process.execPath, args: ['--import', tsxLoader, script, ...args] };
}
