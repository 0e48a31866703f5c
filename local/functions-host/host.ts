// The local Functions host: loads the api bundle built from main.ts (the artifact deployed to Azure),
// captures its registrations and serves them: HTTP, timers, queues and Durable Functions.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDurableEngine, type DurableEngine } from './durable/engine';
import { createHttpDispatcher, sendProblem } from './http-trigger';
import { queueSettings } from '../../api/src/adapters/resources';
import { SERVICE_BUS_DEFAULT_MAX_DELIVERY_COUNT, startQueueWorkers, type QueueWorkers } from './queues';
import { loadRegistrations, type RegisteredFunction, type Registry } from './registry';
import { startTimers, type TimerScheduler } from './timers';

export interface FunctionsHostOptions {
  readonly bundlePath: string;
  readonly hostJsonPath: string;
  /** App settings, as local.settings.json `Values` would provide them. */
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  readonly host?: string;
  /** Arm timer schedules (off in tests, which fire timers by hand). */
  readonly scheduleTimers?: boolean;
  /** Per queue; by default the api's resource manifest, as Service Bus keeps it on the queue. */
  readonly maxDeliveryCount?: (queue: string) => number;
  readonly queuePollIntervalMs?: number;
  readonly durablePollIntervalMs?: number;
  readonly log?: (line: string) => void;
  /**
   * Runs after the registrations are loaded and before the functions are served (local bootstrap and
   * seeding); until it resolves, the open port answers 503.
   */
  readonly beforeReady?: (registry: Registry) => Promise<void>;
}

export interface FunctionsHost {
  readonly url: string;
  readonly registry: Registry;
  readonly timers: TimerScheduler;
  readonly queues: QueueWorkers;
  readonly durable: DurableEngine;
  stop(): Promise<void>;
}

interface HostJson {
  extensions?: {
    http?: { routePrefix?: string };
    durableTask?: {
      hubName?: string;
      maxConcurrentActivityFunctions?: number;
      maxConcurrentOrchestratorFunctions?: number;
    };
    serviceBus?: { maxConcurrentCalls?: number };
  };
}

/** The app setting that overrides host.json's `extensions.<path>`, as Azure reads it. */
const overrideName = (path: readonly [string, string]): string =>
  `AzureFunctionsJobHost__extensions__${path.join('__')}`;

/**
 * A positive whole-number setting: the app setting `AzureFunctionsJobHost__extensions__<path>` when set
 * (it overrides host.json in Azure), else host.json's value; anything else is refused at start, as the
 * real host refuses a host.json it cannot bind.
 */
export function countSetting(
  env: Readonly<Record<string, string | undefined>>,
  path: readonly [string, string],
  fromHostJson: number | undefined,
): number | undefined {
  const name = overrideName(path);
  const raw = env[name] ?? fromHostJson;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`host.json extensions.${path.join('.')} (or ${name}) must be a whole number ≥ 1`);
  }
  return value;
}

export async function startFunctionsHost(options: FunctionsHostOptions): Promise<FunctionsHost> {
  const log = options.log ?? ((line: string) => process.stdout.write(`[functions] ${line}\n`));
  const hostJson = JSON.parse(readFileSync(options.hostJsonPath, 'utf8')) as HostJson;
  const routePrefix = hostJson.extensions?.http?.routePrefix ?? 'api';
  // An app setting overrides host.json as in Azure (`AzureFunctionsJobHost__path__to__setting`): each
  // integration stack runs its own task hub in the shared Azurite this way.
  const taskHub =
    options.env[overrideName(['durableTask', 'hubName'])] ??
    hostJson.extensions?.durableTask?.hubName ??
    'soins';

  // Like the real host, the port answers from the moment it is open: until the functions are ready,
  // every request gets a 503 with Retry-After (the real host holds it up to 30 s, then answers 503
  // "Function host is not running.": azure-functions-host, HostAvailabilityCheckMiddleware.cs).
  let serve: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const server = createServer((req, res) => {
    if (!serve) {
      req.resume();
      sendProblem(res, 503, 'dependency_unavailable', 'Function host is not running.', 'host', {
        'Retry-After': '1',
      });
      return;
    }
    void serve(req, res).catch(() => {
      if (!res.headersSent) sendProblem(res, 500, 'internal', 'Internal error', 'host');
      else res.destroy();
    });
  });
  const bindHost = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const closeServer = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  };
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost}:${port}`;

  // Whatever started before a failing step is stopped again, so a failed start leaves nothing behind;
  // stop() stops the same things, in the order they started, and closes the port last.
  const stops: (() => Promise<void> | void)[] = [];
  let stopping: Promise<void> | undefined;
  const stopStarted = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const stop of stops) await stop();
      await closeServer();
    })());
  try {
    // App settings become environment variables before the api's composition root reads them.
    Object.assign(process.env, options.env);
    const registry = loadRegistrations(options.bundlePath);
    const functions = [...registry.functions.values()];
    const ofType = (type: string): RegisteredFunction[] => functions.filter((f) => f.trigger.type === type);

    const storage = options.env.AzureWebJobsStorage ?? options.env.STORAGE_CONNECTION_STRING;
    if (!storage) throw new Error('AzureWebJobsStorage (or STORAGE_CONNECTION_STRING) must be set');
    await options.beforeReady?.(registry);

    const durableTask = hostJson.extensions?.durableTask;
    const maxConcurrentActivities = countSetting(
      options.env,
      ['durableTask', 'maxConcurrentActivityFunctions'],
      durableTask?.maxConcurrentActivityFunctions,
    );
    const maxConcurrentOrchestrations = countSetting(
      options.env,
      ['durableTask', 'maxConcurrentOrchestratorFunctions'],
      durableTask?.maxConcurrentOrchestratorFunctions,
    );
    const maxConcurrentCalls = countSetting(
      options.env,
      ['serviceBus', 'maxConcurrentCalls'],
      hostJson.extensions?.serviceBus?.maxConcurrentCalls,
    );
    const durable = createDurableEngine({
      registry,
      connectionString: storage,
      taskHub,
      baseUrl: `${baseUrl}/runtime/webhooks/durabletask/`,
      log,
      ...(options.durablePollIntervalMs ? { pollIntervalMs: options.durablePollIntervalMs } : {}),
      ...(maxConcurrentActivities ? { maxConcurrentActivities } : {}),
      ...(maxConcurrentOrchestrations ? { maxConcurrentOrchestrations } : {}),
    });
    const extraInputFor = (_fn: RegisteredFunction, bindingType: string): unknown =>
      bindingType === 'durableClient' ? durable.clientBindingValue() : undefined;

    const dispatcher = createHttpDispatcher({
      functions: ofType('httpTrigger'),
      routePrefix,
      extraInputFor,
      log,
    });
    const timers = startTimers({
      functions: ofType('timerTrigger'),
      env: process.env,
      extraInputFor,
      log,
      schedule: options.scheduleTimers ?? true,
    });
    stops.push(() => {
      timers.stop();
    });
    const queues = startQueueWorkers({
      functions: [...ofType('serviceBusTrigger'), ...ofType('queueTrigger')],
      connectionString: storage,
      maxDeliveryCount:
        options.maxDeliveryCount ??
        ((queue) => queueSettings.get(queue)?.maxDeliveryCount ?? SERVICE_BUS_DEFAULT_MAX_DELIVERY_COUNT),
      extraInputFor,
      log,
      ...(options.queuePollIntervalMs ? { pollIntervalMs: options.queuePollIntervalMs } : {}),
      ...(maxConcurrentCalls ? { maxConcurrentCalls } : {}),
    });
    stops.push(() => queues.stop());
    stops.push(() => durable.stop());
    await durable.start();

    async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      // Same admin API as the real host for running a non-HTTP function by hand.
      const admin = /^\/admin\/functions\/([^/]+)$/i.exec(path);
      if (admin?.[1] && req.method === 'POST') {
        const name = decodeURIComponent(admin[1]);
        if (!timers.names.some((n) => n.toLowerCase() === name.toLowerCase())) {
          sendProblem(res, 404, 'not_found', `No timer function named ${name}`, 'host');
          return;
        }
        req.resume();
        await timers.fire(name).then(
          () => {
            res.writeHead(202).end();
          },
          () => {
            sendProblem(res, 500, 'internal', `Function ${name} failed`, 'host');
          },
        );
        return;
      }
      if (path === '/admin/host/status') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            state: 'Running',
            functions: functions.map((f) => ({ name: f.name, trigger: f.trigger.type })),
          }),
        );
        return;
      }
      if (await durable.handleDurableHttp(req, res)) return;
      if (await dispatcher.handle(req, res)) return;
      sendProblem(res, 404, 'not_found', 'Not found', 'host');
    }

    log(
      `loaded ${functions.length} functions: ${functions.map((f) => `${f.name} (${f.trigger.type})`).join(', ')}`,
    );
    serve = route;

    return {
      url: baseUrl,
      registry,
      timers,
      queues,
      durable,
      stop: stopStarted,
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}
