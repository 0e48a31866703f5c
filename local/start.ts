// `npm start`: the whole product on this machine. Starts the emulators, the local Functions host and
// the gateway, prints every URL, and stops every child on Ctrl-C.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { spaOrigins } from '../api/src/adapters/storage/cors';
import { startGateway } from './gateway';
import { ensureTlsCertificate } from './identity/keys';
import { startIdentityProvider } from './identity/provider';
import { readDemoUsers } from './seed/seed-demo-users';
import {
  assertPortFree,
  probeHttp,
  repoRoot,
  spawnChild,
  tsNodeCommand,
  type RunningService,
} from './lib/service';
import { startAzurite, azuriteConnectionString } from './services/azurite';
import { startClamd } from './services/clamd';
import { startCosmos, COSMOS_EMULATOR_KEY } from './services/cosmos';
import { startMailSink } from './services/mail-sink';
import { startStripeSim } from './services/stripe-sim';

const root = repoRoot();
const dataDir = process.env.SOINS_DATA_DIR ?? join(root, '.data');
const envPort = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
};

export const ports = {
  gateway: envPort('SOINS_GATEWAY_PORT', 4280),
  functions: envPort('SOINS_FUNCTIONS_PORT', 7071),
  blob: envPort('SOINS_AZURITE_BLOB_PORT', 10000),
  queue: envPort('SOINS_AZURITE_QUEUE_PORT', 10001),
  table: envPort('SOINS_AZURITE_TABLE_PORT', 10002),
  cosmos: envPort('SOINS_COSMOS_PORT', 8081),
  clamd: envPort('SOINS_CLAMD_PORT', 3310),
  mail: envPort('SOINS_MAIL_PORT', 8025),
  stripe: envPort('SOINS_STRIPE_PORT', 12111),
  identity: envPort('SOINS_IDP_PORT', 8443),
};

/**
 * SOINS_GATEWAY_TLS=1 serves the app over HTTPS and HTTP/2, as Static Web Apps does (with the identity provider's
 * self-signed certificate): the bench's Lighthouse audits use it, since over plain HTTP a browser queues a page's
 * chunks and api calls on six connections where Azure multiplexes them on one.
 */
const gatewayTls = process.env.SOINS_GATEWAY_TLS === '1';
const gatewayScheme = gatewayTls ? 'https' : 'http';
/** The app's public URL (APP_PUBLIC_URL): the gateway's. */
const appUrl = `${gatewayScheme}://localhost:${ports.gateway}`;

const portNames: Record<keyof typeof ports, [string, string]> = {
  gateway: ['local gateway (SPA + /api)', 'SOINS_GATEWAY_PORT'],
  functions: ['local Functions host', 'SOINS_FUNCTIONS_PORT'],
  blob: ['Azurite blob', 'SOINS_AZURITE_BLOB_PORT'],
  queue: ['Azurite queue', 'SOINS_AZURITE_QUEUE_PORT'],
  table: ['Azurite table', 'SOINS_AZURITE_TABLE_PORT'],
  cosmos: ['Cosmos emulator', 'SOINS_COSMOS_PORT'],
  clamd: ['clamd', 'SOINS_CLAMD_PORT'],
  mail: ['mail sink', 'SOINS_MAIL_PORT'],
  stripe: ['Stripe simulator', 'SOINS_STRIPE_PORT'],
  identity: ['identity provider', 'SOINS_IDP_PORT'],
};

/**
 * local.settings.json (copied from the sample on first start), with any setting added to the sample
 * since. A blank value means "not set", so it never hides the same variable in the environment.
 */
function localSettings(): Record<string, string> {
  const file = join(root, 'local.settings.json');
  const sampleFile = join(root, 'local.settings.sample.json');
  if (!existsSync(file)) copyFileSync(sampleFile, file);
  const read = (path: string): Record<string, string> =>
    (JSON.parse(readFileSync(path, 'utf8')) as { Values?: Record<string, string> }).Values ?? {};
  return Object.fromEntries(
    Object.entries({ ...read(sampleFile), ...read(file) }).filter(([, value]) => value !== ''),
  );
}

/** The app settings with every endpoint following the ports in use. */
function appSettings(
  values: Record<string, string>,
  identity: { issuer: string; caCertPath: string },
): Record<string, string> {
  const storage = azuriteConnectionString('127.0.0.1', {
    blob: ports.blob,
    queue: ports.queue,
    table: ports.table,
  });
  return {
    ...values,
    AzureWebJobsStorage: storage,
    STORAGE_CONNECTION_STRING: storage,
    COSMOS_ENDPOINT: `http://127.0.0.1:${ports.cosmos}/`,
    COSMOS_KEY: values.COSMOS_KEY || COSMOS_EMULATOR_KEY,
    COSMOS_ALLOW_INSECURE_EMULATOR: 'true',
    CLAMD_HOST: '127.0.0.1',
    CLAMD_PORT: String(ports.clamd),
    POSTMARK_API_URL: `http://127.0.0.1:${ports.mail}`,
    STRIPE_API_URL: `http://127.0.0.1:${ports.stripe}`,
    APP_PUBLIC_URL: appUrl,
    AUTH_ISSUER: identity.issuer,
    AUTH_AUTHORITY: identity.issuer,
    AUTH_KNOWN_AUTHORITIES: new URL(identity.issuer).host,
    AUTH_PROTOCOL_MODE: 'OIDC',
    AUTH_CA_CERT_PATH: identity.caCertPath,
  };
}

type Controllable = 'cosmos' | 'functions';
interface ControlEntry {
  readonly start: () => Promise<RunningService>;
  current?: RunningService;
}

async function main(): Promise<void> {
  const started = performance.now();
  try {
    for (const [key, [label, variable]] of Object.entries(portNames) as [
      keyof typeof ports,
      [string, string],
    ][]) {
      await assertPortFree(ports[key], '127.0.0.1', label, variable);
    }
  } catch (error) {
    process.stderr.write(
      `\nSOINS+ cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  mkdirSync(dataDir, { recursive: true });
  const local = localSettings();
  const running: RunningService[] = [];
  const controllable = new Map<Controllable, ControlEntry>();
  let shuttingDown = false;

  const shutdown = async (code: number): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write('\nStopping SOINS+ …\n');
    control?.close();
    const all = [...running, ...[...controllable.values()].flatMap((c) => (c.current ? [c.current] : []))];
    await Promise.allSettled(all.reverse().map((service) => service.stop()));
    rmSync(join(dataDir, 'supervisor.sock'), { force: true });
    process.stdout.write('All processes stopped.\n');
    process.exit(code);
  };
  let control: Server | undefined;
  const startControllable = async (
    name: Controllable,
    start: () => Promise<RunningService>,
  ): Promise<void> => {
    const entry: ControlEntry = { start };
    controllable.set(name, entry);
    entry.current = await start();
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    // Each service is tracked as soon as it is up, so a failure or Ctrl-C during start-up stops the others.
    const track = <T extends RunningService>(service: Promise<T>): Promise<T> =>
      service.then((started) => {
        running.push(started);
        return started;
      });
    // In TLS mode the gateway serves the identity provider's certificate (created now on a first start).
    const gatewayCertificate = gatewayTls ? await ensureTlsCertificate(join(dataDir, 'identity')) : undefined;
    const startedServices = await Promise.allSettled([
      track(
        startAzurite({
          blobPort: ports.blob,
          queuePort: ports.queue,
          tablePort: ports.table,
          dataDir: join(dataDir, 'azurite'),
        }),
      ),
      startControllable('cosmos', () =>
        startCosmos({ port: ports.cosmos, dataDir: join(dataDir, 'cosmos') }),
      ),
      track(startClamd({ port: ports.clamd, dataDir: join(dataDir, 'clamd') })),
      track(startMailSink({ port: ports.mail, dataDir: join(dataDir, 'mail') })),
      track(
        startStripeSim({
          port: ports.stripe,
          dataDir: join(dataDir, 'stripe'),
          // Stripe calls the public URL, which Static Web Apps forwards to the api: here, the gateway.
          webhooks: [
            {
              url: `${gatewayScheme}://127.0.0.1:${ports.gateway}/api/billing/stripe-webhook`,
              secret: local.STRIPE_WEBHOOK_SECRET ?? 'whsec_soins_local',
              ...(gatewayCertificate ? { ca: gatewayCertificate.cert } : {}),
            },
          ],
        }),
      ),
    ]);
    const failed = startedServices.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    const accessTtl = process.env.SOINS_IDP_ACCESS_TTL ? Number(process.env.SOINS_IDP_ACCESS_TTL) : undefined;
    const identity = await startIdentityProvider({
      port: ports.identity,
      dataDir: join(dataDir, 'identity'),
      // The app's origin and its 127.0.0.1 twin, as the api allows them for storage CORS.
      spaOrigins: spaOrigins(appUrl),
      ...(accessTtl ? { accessTokenTtlSeconds: accessTtl } : {}),
      // The api's erasure deletes accounts there (LOCAL_IDP_MANAGEMENT_KEY, as in local.settings.json).
      ...(local.LOCAL_IDP_MANAGEMENT_KEY ? { managementKey: local.LOCAL_IDP_MANAGEMENT_KEY } : {}),
    });
    running.push(identity);
    const settings = appSettings(local, identity);

    const startFunctions = async (): Promise<RunningService> => {
      const { command, args } = tsNodeCommand(join(root, 'local', 'functions-host', 'cli.ts'), [
        '--port',
        String(ports.functions),
        '--bootstrap',
        '--seed-demo',
      ]);
      const healthz = `http://127.0.0.1:${ports.functions}/api/healthz`;
      const handle = await spawnChild({
        name: 'functions',
        command,
        args,
        cwd: root,
        // A blank setting means "not set": it must not hide a value given in the environment
        // (e.g. the e2e setup's CLARITY_PROJECT_ID), as in tests/support/api-stack.ts.
        env: {
          ...process.env,
          ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== '')),
        },
        ready: () => probeHttp(healthz, (status) => status === 200),
        timeoutMs: 60_000,
        onUnexpectedExit: (exitCode) => {
          process.stderr.write(
            `The local Functions host exited (code ${String(exitCode)}). Run with SOINS_VERBOSE=1 for its logs.\n`,
          );
        },
      });
      return { name: 'functions', url: `http://localhost:${ports.functions}/api`, stop: () => handle.stop() };
    };
    await startControllable('functions', startFunctions);

    const gateway = await startGateway({
      port: ports.gateway,
      // Serves web/dist with the staticwebapp.config.json the web build wrote there (a local build: no origins).
      webRoot: join(root, 'web', 'dist'),
      apiTarget: `http://127.0.0.1:${ports.functions}`,
      ...(gatewayCertificate ? { tls: gatewayCertificate } : {}),
      // The two origins an Azure build takes from SOINS_CSP_BLOB_ORIGIN and SOINS_CSP_AUTH_ORIGIN: here the
      // video links point at Azurite (which the course builder also uploads to) and MSAL talks to the local
      // identity provider.
      cspAdditions: {
        'media-src': [`http://127.0.0.1:${ports.blob}`],
        'connect-src': [new URL(identity.issuer).origin, `http://127.0.0.1:${ports.blob}`],
      },
    });
    running.push(gateway);

    control = await startControl(controllable);
    const demoUsers = readDemoUsers();
    const demoPassword = demoUsers[0]?.password ?? '';
    const demoAccounts = demoUsers.map((u) => `${u.email} (${u.role})`).join(', ');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      [
        '',
        `SOINS+ is running (ready in ${seconds} s). Press Ctrl-C to stop everything.`,
        '',
        `  App (SPA + /api)      ${appUrl}${gatewayTls ? '   (HTTP/2, self-signed)' : ''}`,
        `  Functions host        http://localhost:${ports.functions}/api   (healthz, readyz)`,
        `  Identity provider     https://localhost:${ports.identity}   (self-signed: accept it once in your browser)`,
        `  Mail outbox           http://localhost:${ports.mail}`,
        `  Stripe simulator      http://localhost:${ports.stripe}`,
        `  Cosmos emulator       http://localhost:${ports.cosmos}`,
        `  Azurite               blob :${ports.blob}  queue :${ports.queue}  table :${ports.table}`,
        `  clamd                 127.0.0.1:${ports.clamd}`,
        '',
        `  Demo accounts (password ${demoPassword}): ${demoAccounts}`,
        '',
        '  Stop/start one part:  npm run local:ctl -- stop cosmos   |   npm run local:ctl -- start cosmos',
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown(1);
  }
}

/** A Unix socket under .data/ so `npm run local:ctl` can stop/start one component (e.g. to see readyz fail). */
async function startControl(controllable: Map<Controllable, ControlEntry>): Promise<Server> {
  const socket = join(dataDir, 'supervisor.sock');
  rmSync(socket, { force: true });
  const server = createServer((req, res) => {
    const match = /^\/(stop|start)\/(cosmos|functions)$/.exec(req.url ?? '');
    const entry = match ? controllable.get(match[2] as Controllable) : undefined;
    if (!match || !entry || req.method !== 'POST') {
      res.writeHead(404).end('unknown command\n');
      return;
    }
    const action = match[1];
    const run = async (): Promise<string> => {
      if (action === 'stop') {
        if (!entry.current) return `${match[2]} is already stopped\n`;
        await entry.current.stop();
        entry.current = undefined;
        return `${match[2]} stopped\n`;
      }
      if (entry.current) return `${match[2]} is already running\n`;
      entry.current = await entry.start();
      return `${match[2]} started\n`;
    };
    run().then(
      (message) => {
        process.stdout.write(`[control] ${message}`);
        res.writeHead(200).end(message);
      },
      (error: unknown) => {
        res.writeHead(500).end(`${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return server;
}

void main();
