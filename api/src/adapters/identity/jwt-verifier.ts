import { readFileSync } from 'node:fs';
import https from 'node:https';
import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type JWTPayload,
} from 'jose';
import type { TokenVerifier, VerifiedIdentity } from '../../domain/identity/model';
import type { Logger } from '../../domain/ports';
import { entraV2TenantOf } from './entra';

export interface JwtVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  /** JWKS URL; discovered from `${issuer}/.well-known/openid-configuration` when absent. */
  readonly jwksUri?: string;
  /** Extra CA (PEM file) to trust when fetching keys: the local provider's self-signed certificate. */
  readonly caCertPath?: string;
  readonly clockToleranceSeconds: number;
  readonly algorithms?: readonly string[];
  /** Least time between two JWKS refreshes triggered by an unknown `kid` (a cheap DoS guard). */
  readonly minRefreshIntervalMs?: number;
  /** Keys are re-read after this long, so a key the provider withdrew stops being trusted. */
  readonly maxKeyAgeMs?: number;
  /** The delegated scope a user token must carry (`scp` in Entra), e.g. `access_as_user`. */
  readonly requiredScope?: string;
  /** The SPA's client id: tokens issued to other clients (`azp`/`client_id`) are refused. */
  readonly clientId?: string;
  readonly logger: Logger;
  readonly fetchJson?: (url: string) => Promise<unknown>;
}

/**
 * Verifies access tokens with jose: signature from the issuer's JWKS (cached, refreshed when an
 * unknown `kid` shows up), issuer, audience, expiry and not-before with a small clock skew, and an
 * algorithm allow-list (so `alg: none` and HS256-with-the-public-key are refused). When the issuer is
 * Entra External ID's v2.0 issuer, tokens must also be v2.0-shaped (see ./entra.ts): `ver` "2.0",
 * `tid` the issuer's tenant, `azp` the client (a v1 token's `appid` is not accepted).
 */
export class JwtVerifier implements TokenVerifier {
  private keys: JWTVerifyGetKey | undefined;
  private loading: Promise<JWTVerifyGetKey> | undefined;
  private lastRefresh = 0;
  private readonly fetchJson: (url: string) => Promise<unknown>;
  private readonly entraTenant: string | undefined;

  constructor(private readonly options: JwtVerifierOptions) {
    const ca = options.caCertPath ? readFileSync(options.caCertPath, 'utf8') : undefined;
    this.fetchJson = options.fetchJson ?? ((url) => getJson(url, ca));
    this.entraTenant = entraV2TenantOf(options.issuer);
  }

  async verify(token: string): Promise<VerifiedIdentity | undefined> {
    if (token.length > 8192 || token.split('.').length !== 3) return undefined;
    try {
      const stale = Date.now() - this.lastRefresh > (this.options.maxKeyAgeMs ?? 15 * 60_000);
      return this.accept(await this.verifyWith(await this.keySet(stale), token));
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey && this.mayRefresh()) {
        try {
          return this.accept(await this.verifyWith(await this.keySet(true), token));
        } catch {
          return undefined;
        }
      }
      if (!(error instanceof errors.JOSEError)) {
        this.options.logger.warn('auth.verifier_error', {
          errorName: error instanceof Error ? error.name : 'unknown',
        });
      }
      return undefined;
    }
  }

  /** Only delegated user tokens for this api and this SPA: app-only tokens and other clients are refused. */
  private accept(payload: JWTPayload): VerifiedIdentity | undefined {
    if (payload.idtyp === 'app') return undefined;
    if (this.entraTenant) {
      if (payload.ver !== '2.0') return undefined;
      if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== this.entraTenant) return undefined;
      if (typeof payload.azp !== 'string') return undefined;
    }
    if (this.options.requiredScope) {
      const scopes = [payload.scp, payload.scope]
        .filter((value): value is string => typeof value === 'string')
        .flatMap((value) => value.split(' '))
        .map((scope) => scope.split('/').pop());
      if (!scopes.includes(this.options.requiredScope)) return undefined;
    }
    if (this.options.clientId) {
      const client = typeof payload.azp === 'string' ? payload.azp : payload.client_id;
      if (client !== this.options.clientId) return undefined;
    }
    return toIdentity(payload);
  }

  /** Warms the JWKS cache (used by benchmarks and readiness). */
  async warm(): Promise<void> {
    await this.keySet(false);
  }

  private async verifyWith(keys: JWTVerifyGetKey, token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, keys, {
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: [...(this.options.algorithms ?? ['RS256'])],
      clockTolerance: this.options.clockToleranceSeconds,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    return payload;
  }

  private mayRefresh(): boolean {
    return Date.now() - this.lastRefresh >= (this.options.minRefreshIntervalMs ?? 30_000);
  }

  private async keySet(refresh: boolean): Promise<JWTVerifyGetKey> {
    if (this.keys && !refresh) return this.keys;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    this.keys = await this.loading;
    return this.keys;
  }

  private async load(): Promise<JWTVerifyGetKey> {
    this.lastRefresh = Date.now();
    let jwksUri = this.options.jwksUri;
    if (!jwksUri) {
      const discovery = (await this.fetchJson(
        `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      )) as {
        jwks_uri?: unknown;
      };
      if (typeof discovery.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
      jwksUri = discovery.jwks_uri;
    }
    const jwks = (await this.fetchJson(jwksUri)) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error('JWKS has no keys');
    return createLocalJWKSet(jwks);
  }
}

function toIdentity(payload: JWTPayload): VerifiedIdentity | undefined {
  if (!payload.iss || !payload.sub) return undefined;
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.length <= 320 ? value : undefined;
  const email = text(payload.email) ?? text(payload.preferred_username);
  const name = text(payload.name);
  const locale = text(payload.locale);
  const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : undefined;
  const objectId = text(payload.oid);
  return {
    issuer: payload.iss,
    subject: payload.sub,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    ...(locale ? { locale } : {}),
    ...(authTime !== undefined ? { authTime } : {}),
    ...(objectId ? { objectId } : {}),
  };
}

function getJson(url: string, ca: string | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      { ...(ca ? { ca } : {}), timeout: 5_000, headers: { accept: 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if ((response.statusCode ?? 500) >= 400) {
            reject(new Error(`key endpoint answered ${String(response.statusCode)}`));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error('invalid JSON'));
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('key endpoint timeout')));
    request.on('error', reject);
  });
}
