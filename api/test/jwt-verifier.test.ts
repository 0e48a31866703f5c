import { HttpRequest, InvocationContext } from '@azure/functions';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { JwtVerifier } from '../src/adapters/identity/jwt-verifier';
import type { UserProfile } from '../src/domain/identity/model';
import type { ResolveCaller } from '../src/domain/identity/use-cases';
import type { Logger } from '../src/domain/ports';
import { ok } from '../src/domain/result';
import { makeAuthenticate } from '../src/functions/auth/authenticate';
import { access, wrapRoute } from '../src/functions/http-kit';

const issuer = 'https://idp.test';
const audience = 'api://soins-api';
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Key {
  privateKey: CryptoKey;
  jwk: JWK;
  spki: string;
}

async function makeKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    spki: await exportSPKI(publicKey),
  };
}

let current: Key;
let rotated: Key;
let stranger: Key;

beforeAll(async () => {
  [current, rotated, stranger] = await Promise.all([makeKey('k1'), makeKey('k2'), makeKey('k1')]);
});

function verifierServing(keys: () => JWK[], fetches: string[] = []): JwtVerifier {
  return new JwtVerifier({
    issuer,
    audience,
    jwksUri: 'https://idp.test/jwks',
    clockToleranceSeconds: 30,
    minRefreshIntervalMs: 0,
    logger: silent,
    fetchJson: (url) => {
      fetches.push(url);
      return Promise.resolve({ keys: keys() });
    },
  });
}

const now = () => Math.floor(Date.now() / 1000);

function sign(
  key: Key,
  claims: Record<string, unknown> = {},
  options: { iss?: string; aud?: string; exp?: number; nbf?: number; kid?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ email: 'marie@example.be', name: 'Marie', locale: 'fr', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? key.jwk.kid ?? 'k1', typ: 'at+jwt' })
    .setSubject('subject-1')
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? now() + 900);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(key.privateKey);
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('JwtVerifier', () => {
  it('accepts a valid token and returns the identity claims', async () => {
    const identity = await verifierServing(() => [current.jwk]).verify(await sign(current));
    expect(identity).toEqual({
      issuer,
      subject: 'subject-1',
      email: 'marie@example.be',
      name: 'Marie',
      locale: 'fr',
    });
  });

  it('tolerates a small clock skew but not more', async () => {
    const verifier = verifierServing(() => [current.jwk]);
    expect(await verifier.verify(await sign(current, {}, { exp: now() - 10 }))).toBeDefined();
    expect(await verifier.verify(await sign(current, {}, { exp: now() - 120 }))).toBeUndefined();
    expect(await verifier.verify(await sign(current, {}, { nbf: now() + 10 }))).toBeDefined();
    expect(await verifier.verify(await sign(current, {}, { nbf: now() + 120 }))).toBeUndefined();
  });

  it.each([
    ['wrong issuer', { iss: 'https://evil.test' }],
    ['wrong audience', { aud: 'api://other' }],
  ])('rejects a %s', async (_label, options) => {
    expect(
      await verifierServing(() => [current.jwk]).verify(await sign(current, {}, options)),
    ).toBeUndefined();
  });

  it('rejects alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: issuer, aud: audience, sub: 'x', iat: now(), exp: now() + 60 })}.`;
    expect(await verifierServing(() => [current.jwk]).verify(token)).toBeUndefined();
  });

  it('rejects HS256 signed with the public key as the secret', async () => {
    const header = b64({ alg: 'HS256', kid: 'k1', typ: 'JWT' });
    const payload = b64({ iss: issuer, aud: audience, sub: 'x', iat: now(), exp: now() + 60 });
    const signature = createHmac('sha256', current.spki).update(`${header}.${payload}`).digest('base64url');
    expect(
      await verifierServing(() => [current.jwk]).verify(`${header}.${payload}.${signature}`),
    ).toBeUndefined();
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await sign(current)).split('.');
    const forged = b64({ iss: issuer, aud: audience, sub: 'admin', iat: now(), exp: now() + 900 });
    expect(
      await verifierServing(() => [current.jwk]).verify(`${header ?? ''}.${forged}.${signature ?? ''}`),
    ).toBeUndefined();
  });

  it('rejects a token signed by another key that reuses a known kid', async () => {
    expect(await verifierServing(() => [current.jwk]).verify(await sign(stranger))).toBeUndefined();
  });

  it('refreshes the key set once for an unknown kid (key rotation) and rejects kids it never finds', async () => {
    let published = [current.jwk];
    const fetches: string[] = [];
    const verifier = verifierServing(() => published, fetches);
    expect(await verifier.verify(await sign(current))).toBeDefined();
    expect(fetches).toHaveLength(1);
    expect(await verifier.verify(await sign(current))).toBeDefined();
    expect(fetches).toHaveLength(1); // cached

    published = [current.jwk, rotated.jwk];
    expect(await verifier.verify(await sign(rotated))).toBeDefined();
    expect(fetches).toHaveLength(2);

    expect(await verifier.verify(await sign(rotated, {}, { kid: 'unknown' }))).toBeUndefined();
    expect(fetches).toHaveLength(3);
  });

  it('rate-limits refreshes triggered by unknown kids', async () => {
    const fetches: string[] = [];
    const verifier = new JwtVerifier({
      issuer,
      audience,
      jwksUri: 'https://idp.test/jwks',
      clockToleranceSeconds: 30,
      minRefreshIntervalMs: 60_000,
      logger: silent,
      fetchJson: (url) => {
        fetches.push(url);
        return Promise.resolve({ keys: [current.jwk] });
      },
    });
    for (let i = 0; i < 5; i++) await verifier.verify(await sign(current, {}, { kid: `unknown-${i}` }));
    expect(fetches).toHaveLength(1);
  });

  it('accepts only delegated user tokens for the SPA when a scope and client are required', async () => {
    const strict = new JwtVerifier({
      issuer,
      audience,
      jwksUri: 'https://idp.test/jwks',
      clockToleranceSeconds: 30,
      requiredScope: 'access_as_user',
      clientId: 'soins-spa',
      logger: silent,
      fetchJson: () => Promise.resolve({ keys: [current.jwk] }),
    });
    expect(
      await strict.verify(await sign(current, { scp: 'access_as_user', azp: 'soins-spa' })),
    ).toBeDefined();
    expect(
      await strict.verify(
        await sign(current, { scope: 'openid api://soins-api/access_as_user', client_id: 'soins-spa' }),
      ),
    ).toBeDefined();
    expect(await strict.verify(await sign(current, { azp: 'soins-spa' }))).toBeUndefined(); // no scope
    expect(
      await strict.verify(await sign(current, { scp: 'access_as_user', azp: 'other-app' })),
    ).toBeUndefined();
    expect(
      await strict.verify(await sign(current, { scp: 'access_as_user', azp: 'soins-spa', idtyp: 'app' })),
    ).toBeUndefined();
  });

  it('re-reads the key set once it is older than the maximum age', async () => {
    const fetches: string[] = [];
    const verifier = new JwtVerifier({
      issuer,
      audience,
      jwksUri: 'https://idp.test/jwks',
      clockToleranceSeconds: 30,
      maxKeyAgeMs: 0,
      logger: silent,
      fetchJson: (url) => {
        fetches.push(url);
        return Promise.resolve({ keys: [current.jwk] });
      },
    });
    const token = await sign(current);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await verifier.verify(token);
      expect(fetches).toHaveLength(1);
      // The key set is now 1 ms old, over the maximum age of 0: time moved on the clock, not waited for.
      vi.advanceTimersByTime(1);
      await verifier.verify(token);
      expect(fetches).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', `${'x'.repeat(9000)}.y.z`])(
    'rejects malformed token %#',
    async (token) => {
      expect(await verifierServing(() => [current.jwk]).verify(token)).toBeUndefined();
    },
  );
});

describe('Entra External ID v2.0 access tokens', () => {
  const tenant = '6d3e3b8a-4c1f-4a57-9d2e-0b7f5c1a2e90';
  const apiClientId = 'a1b2c3d4-1111-4222-8333-944455566677';
  const spaClientId = 'f0e1d2c3-aaaa-4bbb-8ccc-ddd0eee1fff2';
  const v2Issuer = `https://${tenant}.ciamlogin.com/${tenant}/v2.0`;

  // As main.ts builds it in Azure: AUTH_ISSUER, AUTH_AUDIENCE (the api's client id), the SPA's client id.
  const entra = (): JwtVerifier =>
    new JwtVerifier({
      issuer: v2Issuer,
      audience: apiClientId,
      jwksUri: `https://${tenant}.ciamlogin.com/${tenant}/discovery/v2.0/keys`,
      clockToleranceSeconds: 30,
      requiredScope: 'access_as_user',
      clientId: spaClientId,
      logger: silent,
      fetchJson: () => Promise.resolve({ keys: [current.jwk] }),
    });

  const v2Claims = {
    azp: spaClientId,
    azpacr: '0',
    scp: 'access_as_user',
    tid: tenant,
    ver: '2.0',
    oid: '0c2a5d3e-7b41-4f0e-9a3c-5d6e7f8a9b0c',
    name: 'Marie Dubois',
  };
  const signV2 = (claims: Record<string, unknown> = {}, options: { iss?: string; aud?: string } = {}) =>
    sign(current, { ...v2Claims, ...claims }, { iss: v2Issuer, aud: apiClientId, ...options });
  /** A v1.0 token of the same tenant: sts.windows.net issuer, Application ID URI audience, appid. */
  const signV1 = () =>
    sign(
      current,
      {
        appid: spaClientId,
        appidacr: '0',
        scp: 'access_as_user',
        tid: tenant,
        ver: '1.0',
        name: 'Marie Dubois',
      },
      { iss: `https://sts.windows.net/${tenant}/`, aud: `api://${apiClientId}` },
    );

  it('accepts a v2.0 token: aud the api client id, azp the SPA, scp, tid, ver 2.0', async () => {
    expect(await entra().verify(await signV2())).toMatchObject({ issuer: v2Issuer, subject: 'subject-1' });
  });

  it('refuses a v1.0 token of the same tenant', async () => {
    expect(await entra().verify(await signV1())).toBeUndefined();
  });

  it.each([
    ['ver 1.0', { ver: '1.0' }, {}],
    ['no ver', { ver: undefined }, {}],
    ['appid instead of azp', { azp: undefined, appid: spaClientId }, {}],
    ['the Application ID URI as aud', {}, { aud: `api://${apiClientId}` }],
    ['the v1.0 issuer', {}, { iss: `https://sts.windows.net/${tenant}/` }],
    ['another tenant', { tid: 'b0b0b0b0-1111-4222-8333-944455566677' }, {}],
    ['no tid', { tid: undefined }, {}],
    ['another client', { azp: 'b0b0b0b0-1111-4222-8333-944455566677' }, {}],
    ['no scope', { scp: undefined }, {}],
  ])('refuses an otherwise v2.0 token with %s', async (_label, claims, options) => {
    expect(await entra().verify(await signV2(claims, options))).toBeUndefined();
  });

  it('answers 401 to a v1.0 token and lets the v2.0 one through, at the HTTP boundary', async () => {
    const profile = { id: 'u_1', roles: ['learner'], status: 'active' } as unknown as UserProfile;
    const resolveCaller = { execute: () => Promise.resolve(ok(profile)) } as unknown as ResolveCaller;
    const handler = wrapRoute(
      {
        name: 'me-probe',
        methods: ['GET'],
        route: 'me/probe',
        access: access.signedIn,
        handle: () => Promise.resolve({ body: { ok: true } }),
      },
      {
        logger: silent,
        maxBodyBytes: 1024,
        authenticate: makeAuthenticate({ verifier: entra(), resolveCaller }),
        hasPendingLegal: () => Promise.resolve(false),
      },
    );
    const call = async (token: string) =>
      (
        await handler(
          new HttpRequest({
            method: 'GET',
            url: 'http://localhost/api/me/probe',
            headers: { 'x-authorization': `Bearer ${token}` },
          }),
          new InvocationContext(),
        )
      ).status ?? 200;
    expect(await call(await signV1())).toBe(401);
    expect(await call(await signV2({ ver: '1.0' }))).toBe(401);
    expect(await call(await signV2())).toBe(200);
  });

  it('keeps tokens of other issuers (the local provider) as they are: no ver or tid required', async () => {
    expect(await verifierServing(() => [current.jwk]).verify(await sign(current))).toBeDefined();
  });
});
