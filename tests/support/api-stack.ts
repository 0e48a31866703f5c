// The api as it runs for real, for integration tests: the bundle built from main.ts in the local
// Functions host, against the emulators of the global setup and the local identity provider, with
// the demo users seeded and signed in through the provider's login form.
//
// Stacks share the emulators (one after another: integration files do not run in parallel), so each one
// keeps its work to itself: its own Durable task hub, and `stop()` waits for its queues to drain and its
// orchestrations to end, so a certificate started by one test file never finishes in the next one.
import type { Role } from '@soins/shared';
import { QueueServiceClient } from '@azure/storage-queue';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'undici';
import { resources } from '../../api/src/adapters/resources';
import type { Composition } from '../../api/src/main';
import { startFunctionsHost, type FunctionsHost } from '../../local/functions-host/host';
import { SPA_ORIGIN, tlsAgent } from '../../local/identity/oidc-test-client';
import { startIdentityProvider, type RunningIdentityProvider } from '../../local/identity/provider';
import { findFreePort, repoRoot } from '../../local/lib/service';
import { seedLegalDocuments } from '../../local/seed/legal';
import { seedDemoDiplomas } from '../../local/seed/seed-demo-diplomas';
import { readDemoUsers, seedDemoUsers } from '../../local/seed/seed-demo-users';
import type { EmulatorEnv } from '../setup/emulator-env';
import { signIn } from './sign-in';

export type Caller = 'anonymous' | 'learner' | 'otherLearner' | 'trainer' | 'admin';

export interface ApiStack {
  readonly host: FunctionsHost;
  readonly idp: RunningIdentityProvider;
  readonly agent: Agent;
  readonly composition: Composition;
  readonly workDir: string;
  /** The api bundle this stack's host loaded (built once per run by the global setup). */
  readonly bundlePath: string;
  /** This host's webhook endpoint on the Stripe simulator (once the billing route is registered). */
  readonly stripeWebhook: { readonly url: string; readonly secret: string } | undefined;
  /** This stack's Durable task hub (no other stack runs its orchestrations). */
  readonly taskHub: string;
  /** Profile id of a demo caller. */
  idOf(caller: Caller): string;
  tokenOf(caller: Caller): string | undefined;
  /**
   * The e-mails this stack sent to `to`, newest first, from the shared mail sink: each stack sends with its own
   * Postmark server token, so another file's mail to the same demo learner is not counted.
   */
  mailTo(to: string): Promise<SentMail[]>;
  call(
    caller: Caller,
    method: string,
    path: string,
    init?: { json?: unknown; raw?: Uint8Array; headers?: Record<string, string> },
  ): Promise<Response>;
  /**
   * Waits until the stack's work has ended (queues drained, no orchestration pending or running), then
   * stops it; fails, naming what is still in flight, if that takes longer than `settleTimeoutMs` (60 s).
   */
  stop(options?: { settleTimeoutMs?: number }): Promise<void>;
}

/** A message as the mail sink lists it (`GET /api/messages`). */
export interface SentMail {
  readonly id: string;
  readonly To: string;
  readonly Subject: string;
  readonly Tag?: string;
  readonly HtmlBody?: string;
  readonly TextBody?: string;
  readonly Metadata?: Record<string, string>;
  readonly Headers?: { Name: string; Value: string }[];
  readonly Attachments: { Name: string; ContentType: string; ContentLength: number; url: string }[];
}

export async function startApiStack(
  emulators: EmulatorEnv,
  database: string,
  options: {
    acceptLegal?: boolean;
    /** Settings that differ from the test defaults (e.g. SCANNER_MODE=defender). */
    env?: Readonly<Record<string, string>>;
    /**
     * The demo learners' approved diplomas, as `npm start` seeds them (certificates need one). Off by
     * default: suites that upload a diploma for a demo learner need none there.
     */
    approvedDiplomas?: boolean;
  } = {},
): Promise<ApiStack> {
  const root = repoRoot();
  const work = mkdtempSync(join(tmpdir(), 'soins-api-stack-'));
  const sample = JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };
  const idp = await startIdentityProvider({
    port: await findFreePort(),
    dataDir: join(work, 'idp'),
    spaOrigins: [SPA_ORIGIN],
    // The erasure deletes accounts through it, with the key the api reads from the same sample.
    managementKey: options.env?.LOCAL_IDP_MANAGEMENT_KEY ?? sample.Values.LOCAL_IDP_MANAGEMENT_KEY,
  });
  const agent = tlsAgent(idp.caCertPath);
  // Each stack has its own webhook endpoint (and secret) on the shared Stripe simulator.
  const stripeWebhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  // Durable task hub names: 3-45 letters and digits, starting with a letter.
  const taskHub = `it${randomBytes(6).toString('hex')}`;
  const host = await startFunctionsHost({
    bundlePath: join(emulators.apiPackageDir, 'main.cjs'),
    hostJsonPath: join(root, 'host.json'),
    env: {
      // Blank sample values mean "not set": they must not hide what a test set in process.env.
      ...Object.fromEntries(Object.entries(sample.Values).filter(([, value]) => value !== '')),
      SOINS_ENV: 'test',
      LOG_LEVEL: 'error',
      AzureWebJobsStorage: emulators.storageConnectionString,
      STORAGE_CONNECTION_STRING: emulators.storageConnectionString,
      COSMOS_ENDPOINT: emulators.cosmosEndpoint,
      COSMOS_KEY: emulators.cosmosKey,
      COSMOS_DATABASE: database,
      CLAMD_HOST: emulators.clamdHost,
      CLAMD_PORT: String(emulators.clamdPort),
      AUTH_ISSUER: idp.issuer,
      AUTH_AUTHORITY: idp.issuer,
      AUTH_KNOWN_AUTHORITIES: new URL(idp.issuer).host,
      AUTH_CA_CERT_PATH: idp.caCertPath,
      POSTMARK_API_URL: emulators.mailSinkUrl,
      POSTMARK_SERVER_TOKEN: `postmark-${taskHub}`,
      STRIPE_API_URL: emulators.stripeSimUrl,
      STRIPE_SECRET_KEY: emulators.stripeApiKey,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      // Queue consumers retry on a test-sized schedule (3 attempts, 1 s then 2 s) instead of 75 minutes.
      QUEUE_RETRY_MAX_ATTEMPTS: '3',
      QUEUE_RETRY_FIRST_DELAY_SECONDS: '1',
      QUEUE_RETRY_MAX_DELAY_SECONDS: '2',
      // host.json's hub name overridden by an app setting, as Azure allows.
      AzureFunctionsJobHost__extensions__durableTask__hubName: taskHub,
      // host.json runs background work one at a time (one instance's worth, see README); the tests run
      // it as a scaled-out app would, several at once, so a handler that relies on order or on running
      // alone fails here.
      AzureFunctionsJobHost__extensions__serviceBus__maxConcurrentCalls: '4',
      AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions: '4',
      AzureFunctionsJobHost__extensions__durableTask__maxConcurrentOrchestratorFunctions: '8',
      ...options.env,
    },
    port: 0,
    scheduleTimers: false,
    queuePollIntervalMs: 100,
    log: () => undefined,
  });
  const composition = (host.registry.exports as { composition: Composition }).composition;
  await composition.bootstrap();
  // Stripe delivers signed events to this host once the billing webhook route is registered.
  const stripeWebhookUrl = composition.routes.some((r) => r.route === 'billing/stripe-webhook')
    ? `${host.url}/api/billing/stripe-webhook`
    : undefined;
  if (stripeWebhookUrl) {
    const registered = await fetch(`${emulators.stripeSimUrl}/_sim/webhook-endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: stripeWebhookUrl, secret: stripeWebhookSecret, initial_delay_ms: 200 }),
    });
    if (registered.status !== 201)
      throw new Error(`registering the Stripe webhook failed: ${registered.status}`);
  }
  await seedDemoUsers({ users: composition.users, userIdFor: composition.userIdFor, issuer: idp.issuer });
  await seedLegalDocuments(composition.legal);
  if (options.approvedDiplomas) {
    await seedDemoDiplomas({
      diplomas: composition.diplomas,
      userIdFor: composition.userIdFor,
      issuer: idp.issuer,
    });
  }

  const demo = readDemoUsers();
  const account = (role: Role, index = 0) => {
    const user = demo.filter((u) => u.role === role)[index];
    if (!user) throw new Error(`no demo ${role}`);
    return user;
  };
  const accounts: [Exclude<Caller, 'anonymous'>, ReturnType<typeof account>][] = [
    ['learner', account('learner', 0)],
    ['otherLearner', account('learner', 1)],
    ['trainer', account('trainer')],
    ['admin', account('admin')],
  ];
  const tokens = new Map<Caller, string>();
  const ids = new Map<Caller, string>();
  for (const [caller, user] of accounts) {
    const result = await signIn(agent, idp.issuer, { email: user.email, password: user.password });
    tokens.set(caller, result.access_token);
    ids.set(caller, composition.userIdFor(idp.issuer, user.sub));
  }

  const stack: ApiStack = {
    host,
    idp,
    agent,
    composition,
    workDir: work,
    bundlePath: join(emulators.apiPackageDir, 'main.cjs'),
    taskHub,
    stripeWebhook: stripeWebhookUrl ? { url: stripeWebhookUrl, secret: stripeWebhookSecret } : undefined,
    idOf: (caller) => ids.get(caller) ?? '',
    tokenOf: (caller) => tokens.get(caller),
    mailTo: async (to) => {
      const query = new URLSearchParams({ to, server: `postmark-${taskHub}` });
      const response = await fetch(`${emulators.mailSinkUrl}/api/messages?${query.toString()}`);
      if (!response.ok) throw new Error(`mail sink: HTTP ${String(response.status)}`);
      return (await response.json()) as SentMail[];
    },
    call: (caller, method, path, init = {}) => {
      const token = tokens.get(caller);
      const body = init.json !== undefined ? JSON.stringify(init.json) : init.raw;
      return fetch(`${host.url}/api/${path}`, {
        method,
        headers: {
          ...(token ? { 'x-authorization': `Bearer ${token}` } : {}),
          ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.raw !== undefined ? { 'content-type': 'application/octet-stream' } : {}),
          ...init.headers,
        },
        ...(body === undefined ? {} : { body }),
      });
    },
    stop: async ({ settleTimeoutMs = 60_000 } = {}) => {
      const unsettled = await settle(emulators, host, settleTimeoutMs);
      if (stripeWebhookUrl) {
        await fetch(
          `${emulators.stripeSimUrl}/_sim/webhook-endpoints?url=${encodeURIComponent(stripeWebhookUrl)}`,
          {
            method: 'DELETE',
          },
        );
      }
      await host.stop();
      await idp.stop();
      await agent.close();
      rmSync(work, { recursive: true, force: true });
      if (unsettled) throw new Error(unsettled);
    },
  };
  if (options.acceptLegal ?? true) {
    // Most tests exercise features, not the legal gate: accept the current documents for every caller.
    const current = (await composition.legal.current('terms')) ? ['terms', 'privacy'] : [];
    for (const caller of accounts.map(([c]) => c)) {
      for (const type of current) {
        const doc = await composition.legal.current(type as 'terms' | 'privacy');
        const response = await stack.call(caller, 'POST', 'me/legal/acceptances', {
          json: { type, version: doc?.version },
        });
        if (response.status !== 201) throw new Error(`accepting ${type} failed: ${response.status}`);
      }
    }
  }
  return stack;
}

/**
 * Waits until this stack has nothing in flight: every queue of the manifest empty (scheduled retries
 * included: Azure Storage counts invisible messages) and no orchestration of its task hub pending or
 * running. Returns what was still in flight after `timeoutMs`, or undefined once settled.
 */
async function settle(
  emulators: EmulatorEnv,
  host: FunctionsHost,
  timeoutMs: number,
): Promise<string | undefined> {
  const queues = QueueServiceClient.fromConnectionString(emulators.storageConnectionString);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const busy: string[] = [];
    for (const { name } of resources.queues) {
      const count = await queues
        .getQueueClient(name)
        .getProperties()
        .then((p) => p.approximateMessagesCount ?? 0)
        .catch(() => 0);
      if (count > 0) busy.push(`queue ${name}: ${count} message(s)`);
    }
    const running = await host.durable.listInstances({ runtimeStatus: ['Pending', 'Running'] });
    for (const instance of running)
      busy.push(`orchestration ${instance.name} ${instance.instanceId}: ${instance.runtimeStatus}`);
    if (busy.length === 0) return undefined;
    if (performance.now() > deadline) {
      return `work still in flight ${Math.round(timeoutMs / 1000)} s after the test file ended (it would finish in the next file's stack):\n- ${busy.join('\n- ')}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
