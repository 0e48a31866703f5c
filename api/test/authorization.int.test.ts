// Authorization in one place, proven against the real stack: the api bundle in the local host, the
// Cosmos emulator, and access tokens from the local identity provider obtained through its login form.
import { problemSchema, profileSchema, type Role } from '@soins/shared';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../../local/lib/service';
import { SPA_ORIGIN, tlsAgent } from '../../local/identity/oidc-test-client';
import { startIdentityProvider, type RunningIdentityProvider } from '../../local/identity/provider';
import { startFunctionsHost, type FunctionsHost } from '../../local/functions-host/host';
import { readDemoUsers, seedDemoUsers } from '../../local/seed/seed-demo-users';
import type { Composition } from '../src/main';
import { signIn } from '../../tests/support/sign-in';

const root = join(import.meta.dirname, '..', '..');
const emulators = inject('emulators');
const work = mkdtempSync(join(tmpdir(), 'soins-authz-'));
let idp: RunningIdentityProvider;
let agent: Agent;
let host: FunctionsHost;
let composition: Composition;

type Caller = 'anonymous' | 'learner' | 'otherLearner' | 'trainer' | 'admin';
const callers: readonly Caller[] = ['anonymous', 'learner', 'otherLearner', 'trainer', 'admin'];
const tokens = new Map<Caller, string>();
const ids = new Map<Caller, string>();

beforeAll(async () => {
  idp = await startIdentityProvider({
    port: await findFreePort(),
    dataDir: join(work, 'idp'),
    spaOrigins: [SPA_ORIGIN],
  });
  agent = tlsAgent(idp.caCertPath);
  execFileSync(process.execPath, [join(root, 'scripts', 'build-api.mjs'), '--out', join(work, 'api')], {
    stdio: 'pipe',
  });
  const sample = JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };
  host = await startFunctionsHost({
    bundlePath: join(work, 'api', 'main.cjs'),
    hostJsonPath: join(root, 'host.json'),
    env: {
      ...sample.Values,
      SOINS_ENV: 'test',
      LOG_LEVEL: 'error',
      AzureWebJobsStorage: emulators.storageConnectionString,
      STORAGE_CONNECTION_STRING: emulators.storageConnectionString,
      COSMOS_ENDPOINT: emulators.cosmosEndpoint,
      COSMOS_KEY: emulators.cosmosKey,
      COSMOS_DATABASE: 'soins-authz',
      CLAMD_HOST: emulators.clamdHost,
      CLAMD_PORT: String(emulators.clamdPort),
      AUTH_ISSUER: idp.issuer,
      AUTH_AUTHORITY: idp.issuer,
      AUTH_KNOWN_AUTHORITIES: new URL(idp.issuer).host,
      AUTH_CA_CERT_PATH: idp.caCertPath,
    },
    port: 0,
    scheduleTimers: false,
    log: () => undefined,
  });
  composition = (host.registry.exports as { composition: Composition }).composition;
  await composition.bootstrap();
  await seedDemoUsers({ users: composition.users, userIdFor: composition.userIdFor, issuer: idp.issuer });

  const demo = readDemoUsers();
  const account = (role: Role, index = 0) => {
    const user = demo.filter((u) => u.role === role)[index];
    if (!user) throw new Error(`no demo ${role}`);
    return user;
  };
  const accounts: [Caller, ReturnType<typeof account>][] = [
    ['learner', account('learner', 0)],
    ['otherLearner', account('learner', 1)],
    ['trainer', account('trainer')],
    ['admin', account('admin')],
  ];
  for (const [caller, user] of accounts) {
    const result = await signIn(agent, idp.issuer, { email: user.email, password: user.password });
    tokens.set(caller, result.access_token);
    ids.set(caller, composition.userIdFor(idp.issuer, user.sub));
  }
}, 120_000);

afterAll(async () => {
  await host.stop();
  await idp.stop();
  await agent.close();
  rmSync(work, { recursive: true, force: true });
});

function call(
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const token = tokens.get(caller);
  return fetch(`${host.url}/api/${path}`, {
    method,
    headers: {
      ...(token ? { 'x-authorization': `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const id = (caller: Caller): string => ids.get(caller) ?? '';

interface Case {
  readonly method: string;
  readonly path: () => string;
  readonly body?: unknown;
  /** Expected status per caller, written out explicitly (not derived from the route declarations). */
  readonly expect: Record<Caller, number>;
}

const everyone = (status: number): Record<Caller, number> => ({
  anonymous: status,
  learner: status,
  otherLearner: status,
  trainer: status,
  admin: status,
});
const signedIn = { anonymous: 401, learner: 200, otherLearner: 200, trainer: 200, admin: 200 };
const adminOnly = { anonymous: 401, learner: 403, otherLearner: 403, trainer: 403, admin: 200 };

const matrix: Record<string, Case> = {
  'ops-healthz': { method: 'GET', path: () => 'healthz', expect: everyone(200) },
  'ops-readyz': { method: 'GET', path: () => 'readyz', expect: everyone(200) },
  'ops-client-errors': {
    method: 'POST',
    path: () => 'client-errors',
    body: { message: 'x', route: '/' },
    expect: everyone(202),
  },
  'auth-config': { method: 'GET', path: () => 'auth/config', expect: everyone(200) },
  'me-get': { method: 'GET', path: () => 'me', expect: signedIn },
  'me-update': { method: 'PATCH', path: () => 'me', body: { language: 'fr' }, expect: signedIn },
  'admin-users-list': { method: 'GET', path: () => 'admin/users', expect: adminOnly },
  'admin-users-role-grant': {
    method: 'PUT',
    path: () => `admin/users/${id('otherLearner')}/roles/trainer`,
    expect: adminOnly,
  },
  'admin-users-role-revoke': {
    method: 'DELETE',
    path: () => `admin/users/${id('otherLearner')}/roles/trainer`,
    expect: adminOnly,
  },
  'admin-users-status': {
    method: 'PUT',
    path: () => `admin/users/${id('otherLearner')}/status`,
    body: { status: 'active' },
    expect: adminOnly,
  },
  'trainer-sessions-list': {
    method: 'GET',
    path: () => 'trainer/sessions',
    expect: { anonymous: 401, learner: 403, otherLearner: 403, trainer: 200, admin: 200 },
  },
  // The catch-all answers 404 to everyone for unknown paths.
  'ops-fallback': { method: 'GET', path: () => 'no/such/route', expect: everyone(404) },
};

describe('authorization matrix', () => {
  it('every registered HTTP route declares an access rule and is in the matrix', () => {
    const registered = [...host.registry.functions.values()]
      .filter((f) => f.trigger.type === 'httpTrigger')
      .map((f) => f.name);
    const declared = new Map(composition.routes.map((r) => [r.name, r.access]));
    expect(
      registered.filter((name) => !declared.has(name)),
      'routes without a declared rule',
    ).toEqual([]);
    expect(
      registered.filter((name) => !(name in matrix)),
      'routes missing from the matrix',
    ).toEqual([]);
    expect(registered.length).toBe(Object.keys(matrix).length);
  });

  for (const [name, test] of Object.entries(matrix)) {
    it(`${name}: ${test.method} as ${callers.join(', ')}`, async () => {
      const actual: Record<string, number> = {};
      for (const caller of callers) {
        const response = await call(caller, test.method, test.path(), test.body);
        actual[caller] = response.status;
        if (response.status >= 400) {
          const problem = problemSchema.parse(await response.json());
          expect(problem.status).toBe(response.status);
        } else {
          await response.arrayBuffer();
        }
      }
      expect(actual).toEqual(test.expect);
    });
  }
});

describe('profiles and roles', () => {
  it('creates a learner profile on the first call and reports roles from the profile', async () => {
    const me = profileSchema.parse(await (await call('learner', 'GET', 'me')).json());
    expect(me.roles).toEqual(['learner']);
    expect(me.language).toBe('fr');
    const admin = profileSchema.parse(await (await call('admin', 'GET', 'me')).json());
    expect(admin.roles).toContain('admin');
  });

  it('stores the language choice in the profile', async () => {
    const updated = profileSchema.parse(
      await (await call('otherLearner', 'PATCH', 'me', { language: 'de' })).json(),
    );
    expect(updated.language).toBe('de');
    expect(profileSchema.parse(await (await call('otherLearner', 'GET', 'me')).json()).language).toBe('de');
    await call('otherLearner', 'PATCH', 'me', { language: 'nl' });
  });

  it('refuses an invalid language with a field error', async () => {
    const response = await call('learner', 'PATCH', 'me', { language: 'xx' });
    expect(response.status).toBe(400);
    expect(problemSchema.parse(await response.json()).errors?.[0]?.path).toBe('language');
  });

  it('lets an admin grant a role that takes effect on the next call, then revoke it', async () => {
    expect((await call('learner', 'GET', 'trainer/sessions')).status).toBe(403);
    expect((await call('admin', 'PUT', `admin/users/${id('learner')}/roles/trainer`)).status).toBe(200);
    expect((await call('learner', 'GET', 'trainer/sessions')).status).toBe(200);
    expect((await call('admin', 'DELETE', `admin/users/${id('learner')}/roles/trainer`)).status).toBe(200);
    expect((await call('learner', 'GET', 'trainer/sessions')).status).toBe(403);
  });

  it('refuses to let an admin remove their own admin role', async () => {
    const response = await call('admin', 'DELETE', `admin/users/${id('admin')}/roles/admin`);
    expect(response.status).toBe(409);
    expect(problemSchema.parse(await response.json()).code).toBe('cannot_remove_own_admin');
  });

  it('refuses unknown roles and users', async () => {
    expect((await call('admin', 'PUT', `admin/users/${id('learner')}/roles/learner`)).status).toBe(400);
    expect((await call('admin', 'PUT', 'admin/users/u_nobodyhere123/roles/trainer')).status).toBe(404);
  });

  it('finds users by name or e-mail, case-insensitively', async () => {
    const found = (await (await call('admin', 'GET', 'admin/users?q=PEETERS')).json()) as {
      items: { email: string }[];
    };
    expect(found.items.map((u) => u.email)).toEqual(['jan.peeters@demo.soins.plus']);
    const all = (await (await call('admin', 'GET', 'admin/users')).json()) as { items: unknown[] };
    expect(all.items.length).toBeGreaterThanOrEqual(4);
  });

  it('shuts out a disabled user (403) even with a valid token, and lets them back in', async () => {
    expect(
      (await call('admin', 'PUT', `admin/users/${id('otherLearner')}/status`, { status: 'disabled' })).status,
    ).toBe(200);
    const refused = await call('otherLearner', 'GET', 'me');
    expect(refused.status).toBe(403);
    expect(problemSchema.parse(await refused.json()).code).toBe('account_disabled');
    expect(
      (await call('admin', 'PUT', `admin/users/${id('otherLearner')}/status`, { status: 'active' })).status,
    ).toBe(200);
    expect((await call('otherLearner', 'GET', 'me')).status).toBe(200);
  });

  it('shuts out a deleted user (401) even with a valid token', async () => {
    const learnerId = id('learner');
    const stored = await composition.users.get(learnerId);
    if (!stored) throw new Error('no profile');
    expect(await composition.users.replace({ ...stored.value, status: 'deleted' }, stored.etag)).toBe(true);
    try {
      expect((await call('learner', 'GET', 'me')).status).toBe(401);
    } finally {
      const deleted = await composition.users.get(learnerId);
      if (deleted) await composition.users.replace({ ...deleted.value, status: 'active' }, deleted.etag);
    }
  });
});

describe('token attacks get 401 with no detail', () => {
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);

  async function providerKey(): Promise<{
    sign: (claims: Record<string, unknown>) => Promise<string>;
    spki: string;
    kid: string;
  }> {
    const jwks = JSON.parse(readFileSync(join(work, 'idp', 'jwks.json'), 'utf8')) as {
      keys: (JWK & { kid: string })[];
    };
    const jwk = jwks.keys[0];
    if (!jwk) throw new Error('no provider key');
    const privateKey = await importJWK(jwk, 'RS256');
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    const publicKey = await importJWK(publicJwk, 'RS256', { extractable: true });
    return {
      kid: jwk.kid,
      spki: await exportSPKI(publicKey as CryptoKey),
      sign: (claims) =>
        new SignJWT({ email: 'x@example.be', ...claims })
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'at+jwt' })
          .sign(privateKey),
    };
  }

  const base = () => ({
    iss: idp.issuer,
    aud: 'api://soins-api',
    sub: 'demo-learner-marie',
    iat: now(),
    exp: now() + 600,
  });

  async function expect401(headers: Record<string, string>): Promise<void> {
    const response = await fetch(`${host.url}/api/me`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const problem = problemSchema.parse(await response.json());
    expect(problem.code).toBe('unauthorized');
    expect(problem.detail).toBeUndefined();
  }
  const bearer = (token: string) => ({ 'x-authorization': `Bearer ${token}` });

  it('a correctly signed token is accepted (control)', async () => {
    const key = await providerKey();
    const response = await fetch(`${host.url}/api/me`, { headers: bearer(await key.sign(base())) });
    expect(response.status).toBe(200);
  });

  it('no token, or a token only in Authorization (which Static Web Apps overwrites)', async () => {
    await expect401({});
    await expect401({ authorization: `Bearer ${tokens.get('learner') ?? ''}` });
    await expect401({ 'x-authorization': tokens.get('learner') ?? '' }); // no Bearer scheme
  });

  it('expired, not yet valid, wrong issuer, wrong audience', async () => {
    const key = await providerKey();
    await expect401(bearer(await key.sign({ ...base(), iat: now() - 3600, exp: now() - 120 })));
    await expect401(bearer(await key.sign({ ...base(), nbf: now() + 600 })));
    await expect401(bearer(await key.sign({ ...base(), iss: 'https://evil.example' })));
    await expect401(bearer(await key.sign({ ...base(), aud: 'api://other' })));
  });

  it('alg none, HS256 signed with the public key, tampered payload', async () => {
    const key = await providerKey();
    await expect401(bearer(`${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(base())}.`));
    const header = b64({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' });
    const payload = b64(base());
    const mac = createHmac('sha256', key.spki).update(`${header}.${payload}`).digest('base64url');
    await expect401(bearer(`${header}.${payload}.${mac}`));
    const [h, , s] = (tokens.get('learner') ?? '').split('.');
    await expect401(bearer(`${h ?? ''}.${b64({ ...base(), sub: 'demo-admin' })}.${s ?? ''}`));
  });

  it('a key the provider never published (unknown kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(base())
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker', typ: 'at+jwt' })
      .sign(privateKey);
    await expect401(bearer(forged));
  });
});
