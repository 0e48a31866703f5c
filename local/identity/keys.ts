// Key material of the local identity provider, generated on first start and kept under the data
// directory: the self-signed TLS certificate for https://localhost (Debian's `openssl` CLI), the RSA
// signing key (private JWKS, so tokens survive restarts) and the cookie signing keys.
import { execFile } from 'node:child_process';
import {
  X509Certificate,
  createHash,
  generateKeyPair,
  randomBytes,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../lib/json-store';

export const TLS_CERT_FILE = 'tls-cert.pem';
export const TLS_KEY_FILE = 'tls-key.pem';
export const JWKS_FILE = 'jwks.json';
export const COOKIE_KEYS_FILE = 'cookie-keys.json';

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  readonly certPath: string;
}

/** Writes a file only its owner may read (private keys, secrets). */
export function writePrivateFile(file: string, content: string): void {
  writeFileAtomic(file, content);
  chmodSync(file, 0o600);
}

/** Days a generated certificate is valid; it is regenerated when fewer than 30 days remain. */
const CERT_DAYS = 825;
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

function runOpenssl(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (!err) {
        resolve();
        return;
      }
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new Error(
          missing
            ? 'The local identity provider needs the `openssl` command to create its TLS certificate (Debian: apt-get install openssl).'
            : `openssl failed: ${stderr.trim() || err.message}`,
        ),
      );
    });
  });
}

function certificateUsable(certPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const validTo = Date.parse(cert.validTo);
    return (
      Number.isFinite(validTo) &&
      validTo - Date.now() > RENEW_BEFORE_MS &&
      cert.checkHost('localhost') !== undefined &&
      cert.checkIP('127.0.0.1') !== undefined
    );
  } catch {
    return false;
  }
}

/**
 * The self-signed certificate for `localhost` (SANs: localhost, 127.0.0.1, ::1), created on first use
 * and reused while it is valid for at least 30 more days.
 */
export async function ensureTlsCertificate(dataDir: string): Promise<TlsMaterial> {
  mkdirSync(dataDir, { recursive: true });
  const certPath = join(dataDir, TLS_CERT_FILE);
  const keyPath = join(dataDir, TLS_KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    if (certificateUsable(cert)) return { cert, key: readFileSync(keyPath, 'utf8'), certPath };
  }
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmpCert = `${certPath}.${suffix}.tmp`;
  const tmpKey = `${keyPath}.${suffix}.tmp`;
  try {
    await runOpenssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      String(CERT_DAYS),
      '-subj',
      '/O=SOINS+ local development/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-addext',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      '-addext',
      'extendedKeyUsage=serverAuth',
      '-keyout',
      tmpKey,
      '-out',
      tmpCert,
    ]);
    const cert = readFileSync(tmpCert, 'utf8');
    const key = readFileSync(tmpKey, 'utf8');
    writePrivateFile(keyPath, key);
    writeFileAtomic(certPath, cert);
    return { cert, key, certPath };
  } finally {
    rmSync(tmpCert, { force: true });
    rmSync(tmpKey, { force: true });
  }
}

export interface SigningJwk extends JsonWebKey {
  kid: string;
  alg: 'RS256';
  use: 'sig';
  kty: 'RSA';
}

function isSigningJwk(value: unknown): value is SigningJwk {
  if (typeof value !== 'object' || value === null) return false;
  const k = value as Record<string, unknown>;
  return (
    k.kty === 'RSA' &&
    k.alg === 'RS256' &&
    typeof k.kid === 'string' &&
    typeof k.n === 'string' &&
    typeof k.d === 'string'
  );
}

/** RFC 7638 thumbprint of an RSA public key. */
function rsaThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The private signing JWKS (one RS256 key), created on first use. */
export async function ensureSigningKeys(dataDir: string): Promise<{ keys: SigningJwk[] }> {
  const file = join(dataDir, JWKS_FILE);
  const saved = readJsonFile(file);
  if (typeof saved === 'object' && saved !== null) {
    const keys = (saved as { keys?: unknown }).keys;
    if (Array.isArray(keys) && keys.length > 0 && keys.every(isSigningJwk)) {
      return { keys };
    }
  }
  const { privateKey } = await new Promise<{ privateKey: KeyObject }>((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _publicKey, key) => {
      if (err) reject(err);
      else resolve({ privateKey: key });
    });
  });
  const jwk = privateKey.export({ format: 'jwk' });
  const key: SigningJwk = { ...jwk, kty: 'RSA', kid: rsaThumbprint(jwk), alg: 'RS256', use: 'sig' };
  const jwks = { keys: [key] };
  writePrivateFile(file, JSON.stringify(jwks));
  return jwks;
}

/** Secrets that sign oidc-provider's cookies, created on first use. */
export function ensureCookieKeys(dataDir: string): string[] {
  const file = join(dataDir, COOKIE_KEYS_FILE);
  const saved = readJsonFile(file);
  if (
    Array.isArray(saved) &&
    saved.length > 0 &&
    saved.every((k) => typeof k === 'string' && k.length >= 32)
  ) {
    return saved as string[];
  }
  const keys = [randomBytes(32).toString('base64url')];
  writePrivateFile(file, JSON.stringify(keys));
  return keys;
}
