// The api as it runs for real, for integration tests: the bundle built from main.ts in the local
// Functions host, against the emulators of the global setup and the local identity provider, with
// the demo users seeded and signed in through the provider's login form.
import type { Role } from '@soins/shared';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'undici';
import type { Composition } from '../../api/src/main';
import { startFunctionsHost, type FunctionsHost } from '../../local/functions-host/host';
import { SPA_ORIGIN, tlsAgent } from '../../local/identity/oidc-test-client';
import { startIdentityProvider, type RunningIdentityProvider } from '../../local/identity/provider';
import { findFreePort, repoRoot } from '../../local/lib/service';
import { seedLegalDocuments } from '../../local/seed/legal';
import { seedDemoDiplomas } from '../../local/seed/seed-demo-diplomas';
import { readDemoUsers, seedDemoUsers } from '../../local/seed/seed-demo-users';
import { buildApiPackage } from '../../scripts/build-api';
import type { EmulatorEnv } from '../setup/emulator-env';
import { signIn } from './sign-in';

export type Caller = 'anonymous' | 'learner' | 'otherLearner' | 'trainer' | 'admin';

export interface ApiStack {
  readonly host: FunctionsHost;
  readonly idp: RunningIdentityProvider;
  readonly agent: Agent;
  readonly composition: Composition;
  readonly workDir: string;
  /** This host's webhook endpoint on the Stripe simulator (once the billing route is registered). */
  readonly stripeWebhook: { readonly url: string; readonly secret: string } | undefined;
  /** Profile id of a demo caller. */
  idOf(caller: Caller): string;
  tokenOf(caller: Caller): string | undefined;
  call(
    caller: Caller,
    method: string,
    path: string,
    init?: { json?: unknown; raw?: Uint8Array; headers?: Record<string, string> },
  ): Promise<Response>;
  stop(): Promise<void>;
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
  const idp = await startIdentityProvider({
    port: await findFreePort(),
    dataDir: join(work, 'idp'),
    spaOrigins: [SPA_ORIGIN],
  });
  const agent = tlsAgent(idp.caCertPath);
  // Each stack has its own webhook endpoint (and secret) on the shared Stripe simulator.
  const stripeWebhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  await buildApiPackage(join(work, 'api'));
  const sample = JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };
  const host = await startFunctionsHost({
    bundlePath: join(work, 'api', 'main.cjs'),
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
      STRIPE_API_URL: emulators.stripeSimUrl,
      STRIPE_SECRET_KEY: emulators.stripeApiKey,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      // Queue consumers retry on a test-sized schedule (3 attempts, 1 s then 2 s) instead of 75 minutes.
      QUEUE_RETRY_MAX_ATTEMPTS: '3',
      QUEUE_RETRY_FIRST_DELAY_SECONDS: '1',
      QUEUE_RETRY_MAX_DELAY_SECONDS: '2',
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
    stripeWebhook: stripeWebhookUrl ? { url: stripeWebhookUrl, secret: stripeWebhookSecret } : undefined,
    idOf: (caller) => ids.get(caller) ?? '',
    tokenOf: (caller) => tokens.get(caller),
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
    stop: async () => {
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
