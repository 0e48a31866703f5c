import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync } from 'node:crypto';
import type { BlindIndexer, DecryptError, FieldEncryptor } from '../../domain/ports-crypto';
import { fail, ok, type Result } from '../../domain/result';

/*
 * Field-level encryption (AES-256-GCM) and blind indexes (HMAC-SHA-256) with versioned keys.
 *
 * Token: `v<keyVersion>.<iv>.<ciphertext>.<tag>`, each part base64url without padding; random 12-byte
 * IV, 16-byte tag; the AAD is `v<keyVersion>|<context>`, so the version prefix and the context (e.g.
 * `pii/inami/<userId>`) are authenticated: a token moved to another user, or relabelled with another
 * key version, fails authentication. Any change to the token fails too: parts must be canonical
 * base64url (no ignored trailing bits), so a tampered character can never decode to the same bytes.
 *
 * Keys come from settings as `<version>:<key>[,<version>:<key>...]`, where `<key>` is either 32 random
 * bytes in base64/base64url, or `scrypt:<passphrase>` (at least 20 characters, no commas), derived
 * with scrypt (N=2^15, r=8, p=1) over a salt naming the purpose and version, on first use (keeps
 * start-up fast). Rotation: add the new key to every instance first, then switch `..._CURRENT` to it,
 * then run `npm run inami:rotate-keys`; retire the old key only after the rotation reports nothing left.
 */

const keyLength = 32;
const ivLength = 12;
const tagLength = 16;
const maxTokenLength = 8192;
const minPassphraseLength = 20;

export type KeyPurpose = 'inami-encryption' | 'inami-index';

/** Versioned 32-byte keys; `current` is the version new values are written with. */
export interface Keyring {
  readonly current: number;
  readonly versions: readonly number[];
  /** The 32-byte key of a version, or undefined when the keyring does not hold it. */
  key(version: number): Buffer | undefined;
}

/** Bad key settings; lists every problem by setting name, never a key or passphrase. */
export class KeyConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid key configuration, fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KeyConfigError';
  }
}

/** A keyring from raw keys (tests, tools). Throws on a missing current key or a key of the wrong size. */
export function keyringFromKeys(current: number, keys: Readonly<Record<number, Buffer>>): Keyring {
  const map = new Map<number, Buffer>();
  for (const [version, key] of Object.entries(keys)) {
    if (key.length !== keyLength) throw new KeyConfigError([`key version ${version}: must be 32 bytes`]);
    map.set(Number(version), Buffer.from(key));
  }
  if (!map.has(current)) throw new KeyConfigError([`current key version ${current} is not in the keyring`]);
  return { current, versions: [...map.keys()].sort((a, b) => a - b), key: (v) => map.get(v) };
}

const versionPattern = /^[1-9]\d{0,8}$/;
const base64Pattern = /^[A-Za-z0-9+/_-]+={0,2}$/;

function decodeKey(text: string): Buffer | undefined {
  if (!base64Pattern.test(text)) return undefined;
  const normalized = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bytes = Buffer.from(normalized, 'base64');
  // Canonical only: a typo that Buffer would silently skip is an error, not another key.
  return bytes.toString('base64').replace(/=+$/, '') === normalized ? bytes : undefined;
}

/**
 * Parses `<version>:<key>,...` plus the current version. Problems are collected (setting names and
 * versions only) and thrown together as a KeyConfigError.
 */
export function parseKeyring(
  setting: { name: string; value: string | undefined },
  currentSetting: { name: string; value: string | number | undefined },
  purpose: KeyPurpose,
): Keyring {
  const problems: string[] = [];
  const keys = new Map<number, () => Buffer>();
  const raw = setting.value?.trim() ?? '';
  if (raw === '') {
    problems.push(`${setting.name}: required, format "<version>:<base64 of 32 random bytes>[,...]"`);
  }
  for (const [position, entry] of raw === '' ? [] : raw.split(',').entries()) {
    const item = entry.trim();
    const colon = item.indexOf(':');
    const versionText = colon > 0 ? item.slice(0, colon).trim() : '';
    const material = colon > 0 ? item.slice(colon + 1).trim() : '';
    const where = `${setting.name} entry ${position + 1}`;
    if (!versionPattern.test(versionText)) {
      problems.push(`${where}: expected "<version>:<key>" with a positive integer version`);
      continue;
    }
    const version = Number(versionText);
    if (keys.has(version)) {
      problems.push(`${where}: key version ${version} appears twice`);
      continue;
    }
    if (material.startsWith('scrypt:')) {
      const passphrase = material.slice('scrypt:'.length);
      if (passphrase.length < minPassphraseLength) {
        problems.push(
          `${where} (version ${version}): passphrase must have at least ${minPassphraseLength} characters`,
        );
        continue;
      }
      let derived: Buffer | undefined;
      keys.set(version, () => {
        derived ??= scryptSync(passphrase, `soins-plus/${purpose}/v${version}`, keyLength, {
          N: 2 ** 15,
          r: 8,
          p: 1,
          maxmem: 64 * 1024 * 1024,
        });
        return derived;
      });
      continue;
    }
    const key = decodeKey(material);
    if (!key) {
      problems.push(`${where} (version ${version}): key is not valid base64`);
    } else if (key.length !== keyLength) {
      problems.push(`${where} (version ${version}): key must be 32 bytes (got ${key.length})`);
    } else {
      keys.set(version, () => key);
    }
  }
  const currentText = String(currentSetting.value ?? '').trim();
  let current = 0;
  if (!versionPattern.test(currentText)) {
    problems.push(`${currentSetting.name}: required, the key version new values are written with`);
  } else {
    current = Number(currentText);
    if (raw !== '' && !keys.has(current) && problems.length === 0) {
      problems.push(`${currentSetting.name}: key version ${current} is not in ${setting.name}`);
    }
  }
  if (problems.length > 0) throw new KeyConfigError(problems);
  return {
    current,
    versions: [...keys.keys()].sort((a, b) => a - b),
    key: (version) => keys.get(version)?.(),
  };
}

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

/** Strict base64url: only canonical encodings decode, so no two strings map to the same bytes. */
function fromB64url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return b64url(bytes) === text ? bytes : undefined;
}

const tokenPattern = /^v([1-9]\d{0,8})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)$/;
const aadFor = (version: number, context: string): Buffer => Buffer.from(`v${version}|${context}`, 'utf8');

const malformed = (message: string) => fail<DecryptError>({ code: 'cipher_malformed', message });

/** AES-256-GCM field encryption with a versioned keyring (see the header for the token format). */
export class FieldCipher implements FieldEncryptor {
  constructor(private readonly keyring: Keyring) {
    if (!keyring.key(keyring.current))
      throw new KeyConfigError(['current key version is not in the keyring']);
  }

  get currentKeyVersion(): number {
    return this.keyring.current;
  }

  encrypt(plaintext: string, context: string): string {
    const version = this.keyring.current;
    const key = this.keyring.key(version);
    if (!key) throw new KeyConfigError(['current key version is not in the keyring']);
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    cipher.setAAD(aadFor(version, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v${version}.${b64url(iv)}.${b64url(ciphertext)}.${b64url(cipher.getAuthTag())}`;
  }

  decrypt(token: string, context: string): Result<string, DecryptError> {
    if (token.length > maxTokenLength) return malformed('token too long');
    const match = tokenPattern.exec(token);
    if (!match) return malformed('not a field token');
    const [, versionText = '', ivText = '', ciphertextText = '', tagText = ''] = match;
    const iv = fromB64url(ivText);
    const ciphertext = fromB64url(ciphertextText);
    const tag = fromB64url(tagText);
    if (iv?.length !== ivLength || !ciphertext || tag?.length !== tagLength) {
      return malformed('bad token encoding');
    }
    const version = Number(versionText);
    const key = this.keyring.key(version);
    if (!key) return fail({ code: 'cipher_unknown_key', message: `no key version ${version}` });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
      decipher.setAAD(aadFor(version, context));
      decipher.setAuthTag(tag);
      // final() verifies the tag before anything is returned: no unauthenticated plaintext escapes.
      const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      return ok(plaintext.toString('utf8'));
    } catch {
      return fail({ code: 'cipher_tampered', message: 'authentication failed' });
    }
  }

  keyVersionOf(token: string): number | undefined {
    const match = tokenPattern.exec(token.length > maxTokenLength ? '' : token);
    return match ? Number(match[1]) : undefined;
  }

  needsReencryption(token: string): boolean {
    return this.keyVersionOf(token) !== this.keyring.current;
  }
}

const indexPattern = /^v([1-9]\d{0,8})\.[A-Za-z0-9_-]{43}$/;

/**
 * `v<version>.<base64url(HMAC-SHA-256(indexKey, normalized))>`: deterministic per key, useless without
 * the key (the INAMI space is small enough to enumerate, so the key, not the hash, is the protection).
 * Safe as a Cosmos document id (no `/ \ ? #`).
 */
export class BlindIndex implements BlindIndexer {
  constructor(private readonly keyring: Keyring) {
    if (!keyring.key(keyring.current))
      throw new KeyConfigError(['current index key version is not in the keyring']);
  }

  get currentVersion(): number {
    return this.keyring.current;
  }

  compute(normalized: string): string {
    return this.under(this.keyring.current, normalized);
  }

  computeAll(normalized: string): readonly string[] {
    const others = this.keyring.versions.filter((v) => v !== this.keyring.current);
    return [this.keyring.current, ...others].map((version) => this.under(version, normalized));
  }

  versionOf(index: string): number | undefined {
    const match = indexPattern.exec(index);
    return match ? Number(match[1]) : undefined;
  }

  private under(version: number, normalized: string): string {
    const key = this.keyring.key(version);
    if (!key) throw new KeyConfigError([`index key version ${version} is not in the keyring`]);
    return `v${version}.${createHmac('sha256', key).update(normalized, 'utf8').digest('base64url')}`;
  }
}

/** The settings the INAMI crypto reads (same names in the api and the rotation command). */
export const inamiKeySettingNames = [
  'INAMI_ENCRYPTION_KEYS',
  'INAMI_ENCRYPTION_CURRENT',
  'INAMI_INDEX_KEYS',
  'INAMI_INDEX_CURRENT',
] as const;

export type InamiKeySettings = Partial<Record<(typeof inamiKeySettingNames)[number], string | number>>;

export interface InamiCrypto {
  readonly cipher: FieldCipher;
  readonly index: BlindIndex;
}

/**
 * Builds the cipher and the blind index from settings; throws one KeyConfigError listing every
 * problem. The index keys must differ from the encryption keys.
 */
export function createInamiCrypto(settings: InamiKeySettings): InamiCrypto {
  const problems: string[] = [];
  const attempt = <T>(build: () => T): T | undefined => {
    try {
      return build();
    } catch (error) {
      if (error instanceof KeyConfigError) {
        problems.push(...error.problems);
        return undefined;
      }
      throw error;
    }
  };
  const str = (v: string | number | undefined) => (v === undefined ? undefined : String(v));
  const encryption = attempt(() =>
    parseKeyring(
      { name: 'INAMI_ENCRYPTION_KEYS', value: str(settings.INAMI_ENCRYPTION_KEYS) },
      { name: 'INAMI_ENCRYPTION_CURRENT', value: settings.INAMI_ENCRYPTION_CURRENT },
      'inami-encryption',
    ),
  );
  const index = attempt(() =>
    parseKeyring(
      { name: 'INAMI_INDEX_KEYS', value: str(settings.INAMI_INDEX_KEYS) },
      { name: 'INAMI_INDEX_CURRENT', value: settings.INAMI_INDEX_CURRENT },
      'inami-index',
    ),
  );
  if (encryption && index) {
    // Compare decoded keys (base64 and base64url spellings of one key are the same key).
    const secretsOf = (value: string | number | undefined) =>
      new Set(
        (str(value) ?? '')
          .split(',')
          .map((entry) => entry.slice(entry.indexOf(':') + 1).trim())
          .filter(Boolean)
          .map((secret) =>
            secret.startsWith('scrypt:') ? secret : (decodeKey(secret)?.toString('hex') ?? secret),
          ),
      );
    const encryptionSecrets = secretsOf(settings.INAMI_ENCRYPTION_KEYS);
    if ([...secretsOf(settings.INAMI_INDEX_KEYS)].some((secret) => encryptionSecrets.has(secret))) {
      problems.push('INAMI_INDEX_KEYS: must not reuse a key or passphrase of INAMI_ENCRYPTION_KEYS');
    }
  }
  if (problems.length > 0 || !encryption || !index) throw new KeyConfigError(problems);
  return { cipher: new FieldCipher(encryption), index: new BlindIndex(index) };
}

/** A fresh random key in the settings format (`npm run inami:rotate-keys -- --new-key`). */
export function generateKey(): string {
  return randomBytes(keyLength).toString('base64');
}

/**
 * The problems `createInamiCrypto` would throw, as a list (empty when the settings are fine), for a
 * config schema's superRefine. Cheap: passphrase keys are not derived here.
 */
export function inamiKeyProblems(settings: InamiKeySettings): readonly string[] {
  try {
    createInamiCrypto(settings);
    return [];
  } catch (error) {
    if (error instanceof KeyConfigError) return error.problems;
    throw error;
  }
}
