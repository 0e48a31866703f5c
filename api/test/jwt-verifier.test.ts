import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier } from '../src/adapters/identity/jwt-verifier';
import type { Logger } from '../src/domain/ports';

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
    await verifier.verify(await sign(current));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await verifier.verify(await sign(current));
    expect(fetches).toHaveLength(2);
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', `${'x'.repeat(9000)}.y.z`])(
    'rejects malformed token %#',
    async (token) => {
      expect(await verifierServing(() => [current.jwk]).verify(token)).toBeUndefined();
    },
  );
});
