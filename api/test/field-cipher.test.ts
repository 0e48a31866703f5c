import { describe, expect, it } from 'vitest';
import {
  BlindIndex,
  createInamiCrypto,
  FieldCipher,
  generateKey,
  inamiKeyProblems,
  KeyConfigError,
  keyringFromKeys,
  parseKeyring,
} from '../src/adapters/crypto/field-cipher';

const key = (fill: number) => Buffer.alloc(32, fill);
const b64 = (fill: number) => key(fill).toString('base64');
const context = 'pii/inami/u_123';

const v1 = new FieldCipher(keyringFromKeys(1, { 1: key(1) }));
const v2 = new FieldCipher(keyringFromKeys(2, { 1: key(1), 2: key(2) }));

function parts(token: string): [string, Buffer, Buffer, Buffer] {
  const [version = '', iv = '', ciphertext = '', tag = ''] = token.split('.');
  return [
    version,
    Buffer.from(iv, 'base64url'),
    Buffer.from(ciphertext, 'base64url'),
    Buffer.from(tag, 'base64url'),
  ];
}

const join = (version: string, iv: Buffer, ciphertext: Buffer, tag: Buffer): string =>
  [version, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');

function errorCode(result: { ok: boolean; error?: { code: string } }): string | undefined {
  return result.ok ? undefined : result.error?.code;
}

describe('FieldCipher', () => {
  it('round-trips and writes v<version>.<iv>.<ciphertext>.<tag> with a 12-byte IV and a 16-byte tag', () => {
    const token = v1.encrypt('41234502401', context);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(token).not.toContain('41234502401');
    expect(v1.decrypt(token, context)).toEqual({ ok: true, value: '41234502401' });
    const [, iv, ciphertext, tag] = parts(token);
    expect([iv.length, ciphertext.length, tag.length]).toEqual([12, 11, 16]);
  });

  it('uses a fresh random IV every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => v1.encrypt('41234502401', context)));
    expect(tokens.size).toBe(50);
    const ivs = new Set([...tokens].map((t) => t.split('.')[1]));
    expect(ivs.size).toBe(50);
  });

  it('detects a change to any byte of the IV, the ciphertext or the tag (every bit position)', () => {
    const token = v1.encrypt('41234502401', context);
    const [version, iv, ciphertext, tag] = parts(token);
    const codes = new Set<string | undefined>();
    const flips = [
      ...[...iv.keys()].map((i) => (bit: number) => {
        const copy = Buffer.from(iv);
        copy[i] = (copy[i] ?? 0) ^ bit;
        return join(version, copy, ciphertext, tag);
      }),
      ...[...ciphertext.keys()].map((i) => (bit: number) => {
        const copy = Buffer.from(ciphertext);
        copy[i] = (copy[i] ?? 0) ^ bit;
        return join(version, iv, copy, tag);
      }),
      ...[...tag.keys()].map((i) => (bit: number) => {
        const copy = Buffer.from(tag);
        copy[i] = (copy[i] ?? 0) ^ bit;
        return join(version, iv, ciphertext, copy);
      }),
    ];
    let tried = 0;
    for (const flip of flips) {
      for (let bit = 1; bit < 256; bit <<= 1) {
        tried++;
        codes.add(errorCode(v1.decrypt(flip(bit), context)));
      }
    }
    expect(tried).toBe((12 + 11 + 16) * 8);
    expect([...codes]).toEqual(['cipher_tampered']);
  });

  it('rejects any single-character change of the token string (no non-canonical spellings)', () => {
    const token = v1.encrypt('41234502401', context);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.v';
    let accepted = 0;
    for (let i = 0; i < token.length; i++) {
      for (const char of alphabet) {
        if (char === token[i]) continue;
        const changed = `${token.slice(0, i)}${char}${token.slice(i + 1)}`;
        if (v1.decrypt(changed, context).ok) accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it('rejects truncation and extension', () => {
    const token = v1.encrypt('41234502401', context);
    expect(v1.decrypt(token.slice(0, -1), context).ok).toBe(false);
    expect(v1.decrypt(`${token}A`, context).ok).toBe(false);
    const [version, iv, ciphertext, tag] = parts(token);
    expect(errorCode(v1.decrypt(join(version, iv, ciphertext.subarray(0, 10), tag), context))).toBe(
      'cipher_tampered',
    );
    expect(errorCode(v1.decrypt(join(version, iv, ciphertext, tag.subarray(0, 12)), context))).toBe(
      'cipher_malformed',
    );
  });

  it('binds the context: a token moved to another user or field does not decrypt', () => {
    const token = v1.encrypt('41234502401', context);
    expect(errorCode(v1.decrypt(token, 'pii/inami/u_124'))).toBe('cipher_tampered');
    expect(errorCode(v1.decrypt(token, 'pii/other/u_123'))).toBe('cipher_tampered');
    expect(errorCode(v1.decrypt(token, ''))).toBe('cipher_tampered');
  });

  it('authenticates the version label: relabelling a token to another held key fails', () => {
    const token = v2.encrypt('41234502401', context);
    expect(errorCode(v2.decrypt(token.replace(/^v2\./, 'v1.'), context))).toBe('cipher_tampered');
  });

  it('reports an unknown key version as such', () => {
    const token = v2.encrypt('41234502401', context);
    expect(errorCode(v1.decrypt(token, context))).toBe('cipher_unknown_key');
    expect(errorCode(v1.decrypt(token.replace(/^v2\./, 'v7.'), context))).toBe('cipher_unknown_key');
  });

  it.each([
    '',
    'v1',
    'v1...',
    'v0.AAAAAAAAAAAAAAAA..AAAAAAAAAAAAAAAAAAAAAA',
    'x1.a.b.c',
    'v01.a.b.c',
    'v1.a.b.c.d',
  ])('reports malformed tokens: %j', (token) => {
    expect(errorCode(v1.decrypt(token, context))).toBe('cipher_malformed');
  });

  it('rejects an oversized token without parsing it', () => {
    expect(errorCode(v1.decrypt(`v1.${'A'.repeat(10_000)}`, context))).toBe('cipher_malformed');
  });

  it('decrypts old versions after rotation and flags them for re-encryption', () => {
    const old = v1.encrypt('41234502401', context);
    const fresh = v2.encrypt('41234502401', context);
    expect(v2.decrypt(old, context)).toEqual({ ok: true, value: '41234502401' });
    expect(v2.keyVersionOf(old)).toBe(1);
    expect(v2.keyVersionOf(fresh)).toBe(2);
    expect(v2.needsReencryption(old)).toBe(true);
    expect(v2.needsReencryption(fresh)).toBe(false);
    expect(v2.keyVersionOf('garbage')).toBeUndefined();
  });
});

describe('parseKeyring', () => {
  const parse = (value: string | undefined, current: string | undefined) =>
    parseKeyring({ name: 'KEYS', value }, { name: 'CURRENT', value: current }, 'inami-encryption');

  function problemsOf(run: () => unknown): readonly string[] {
    try {
      run();
    } catch (error) {
      if (error instanceof KeyConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it('reads versions and keys in base64 or base64url', () => {
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    const ring = parse(`1:${b64(1)}, 2:${urlSafe}`, '2');
    expect(ring.current).toBe(2);
    expect(ring.versions).toEqual([1, 2]);
    expect(ring.key(1)).toEqual(key(1));
    expect(ring.key(2)).toEqual(Buffer.alloc(32, 0xfb));
    expect(ring.key(3)).toBeUndefined();
  });

  it('lists every problem, by setting and version, never echoing a key', () => {
    const secretish = Buffer.alloc(16, 7).toString('base64');
    const problems = problemsOf(() => parse(`1:${secretish},x:${b64(2)},3:not*base64,3:${b64(3)},4`, '9'));
    expect(problems).toEqual([
      'KEYS entry 1 (version 1): key must be 32 bytes (got 16)',
      'KEYS entry 2: expected "<version>:<key>" with a positive integer version',
      'KEYS entry 3 (version 3): key is not valid base64',
      'KEYS entry 5: expected "<version>:<key>" with a positive integer version',
    ]);
    expect(problems.join(' ')).not.toContain(secretish);
  });

  it('requires the keys and a current version that is in the keyring', () => {
    expect(problemsOf(() => parse(undefined, undefined))).toEqual([
      'KEYS: required, format "<version>:<base64 of 32 random bytes>[,...]"',
      'CURRENT: required, the key version new values are written with',
    ]);
    expect(problemsOf(() => parse(`1:${b64(1)}`, '2'))).toEqual(['CURRENT: key version 2 is not in KEYS']);
    expect(problemsOf(() => parse(`1:${b64(1)},1:${b64(2)}`, '1'))).toEqual([
      'KEYS entry 2: key version 1 appears twice',
    ]);
  });

  it('rejects a base64 key with a typo that a lenient decoder would skip', () => {
    const typo = `${b64(1).slice(0, 10)}!${b64(1).slice(11)}`;
    expect(problemsOf(() => parse(`1:${typo}`, '1'))).toHaveLength(1);
  });

  it('derives passphrase keys with scrypt, per purpose and version, on first use', () => {
    const passphrase = 'correct horse battery staple';
    const ring = parse(`1:scrypt:${passphrase}`, '1');
    const again = parse(`1:scrypt:${passphrase}`, '1');
    const index = parseKeyring(
      { name: 'K', value: `1:scrypt:${passphrase}` },
      { name: 'C', value: 1 },
      'inami-index',
    );
    const k = ring.key(1);
    expect(k).toHaveLength(32);
    expect(again.key(1)).toEqual(k);
    expect(index.key(1)).not.toEqual(k);
    expect(problemsOf(() => parse('1:scrypt:too short', '1'))).toEqual([
      'KEYS entry 1 (version 1): passphrase must have at least 20 characters',
    ]);
  });
});

describe('createInamiCrypto', () => {
  it('builds the cipher and the index from the four settings', () => {
    const crypto = createInamiCrypto({
      INAMI_ENCRYPTION_KEYS: `1:${b64(1)},2:${b64(2)}`,
      INAMI_ENCRYPTION_CURRENT: '2',
      INAMI_INDEX_KEYS: `1:${b64(9)}`,
      INAMI_INDEX_CURRENT: 1,
    });
    expect(crypto.cipher.currentKeyVersion).toBe(2);
    expect(crypto.index.currentVersion).toBe(1);
  });

  it('lists problems of both keyrings together and refuses a reused key', () => {
    expect(() => createInamiCrypto({})).toThrow(KeyConfigError);
    try {
      createInamiCrypto({ INAMI_ENCRYPTION_KEYS: `1:${b64(1)}`, INAMI_ENCRYPTION_CURRENT: '1' });
    } catch (error) {
      expect((error as KeyConfigError).problems).toEqual([
        'INAMI_INDEX_KEYS: required, format "<version>:<base64 of 32 random bytes>[,...]"',
        'INAMI_INDEX_CURRENT: required, the key version new values are written with',
      ]);
    }
    const reused = () =>
      createInamiCrypto({
        INAMI_ENCRYPTION_KEYS: `1:${b64(1)}`,
        INAMI_ENCRYPTION_CURRENT: '1',
        INAMI_INDEX_KEYS: `3:${key(1).toString('base64url')}`,
        INAMI_INDEX_CURRENT: '3',
      });
    expect(reused).toThrow(/must not reuse a key/);
  });

  it('lists the same problems without throwing, for a config schema', () => {
    expect(inamiKeyProblems({ INAMI_ENCRYPTION_KEYS: `1:${b64(1)}`, INAMI_ENCRYPTION_CURRENT: '2' })).toEqual(
      [
        'INAMI_ENCRYPTION_CURRENT: key version 2 is not in INAMI_ENCRYPTION_KEYS',
        'INAMI_INDEX_KEYS: required, format "<version>:<base64 of 32 random bytes>[,...]"',
        'INAMI_INDEX_CURRENT: required, the key version new values are written with',
      ],
    );
    expect(
      inamiKeyProblems({
        INAMI_ENCRYPTION_KEYS: `1:${b64(1)}`,
        INAMI_ENCRYPTION_CURRENT: '1',
        INAMI_INDEX_KEYS: `1:${b64(2)}`,
        INAMI_INDEX_CURRENT: '1',
      }),
    ).toEqual([]);
  });

  it('generates fresh 32-byte keys in the settings format', () => {
    const a = generateKey();
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(a).not.toBe(generateKey());
    expect(() =>
      parseKeyring({ name: 'K', value: `1:${a}` }, { name: 'C', value: '1' }, 'inami-index'),
    ).not.toThrow();
  });
});

describe('BlindIndex', () => {
  const index = new BlindIndex(keyringFromKeys(1, { 1: key(11) }));
  const rotated = new BlindIndex(keyringFromKeys(2, { 1: key(11), 2: key(12) }));
  const otherKey = new BlindIndex(keyringFromKeys(1, { 1: key(13) }));

  it('is stable, versioned and safe as a Cosmos id', () => {
    const value = index.compute('41234502');
    expect(value).toBe(index.compute('41234502'));
    expect(value).toMatch(/^v1\.[A-Za-z0-9_-]{43}$/);
    expect(value).not.toMatch(/[/\\?#]/);
    expect(value).not.toContain('41234502');
    expect(index.versionOf(value)).toBe(1);
    expect(index.versionOf('41234502')).toBeUndefined();
  });

  it('depends on the key and on the value', () => {
    expect(otherKey.compute('41234502')).not.toBe(index.compute('41234502'));
    expect(index.compute('41234503')).not.toBe(index.compute('41234502'));
  });

  it('computes under every key, current first, during an index-key rotation', () => {
    const all = rotated.computeAll('41234502');
    expect(all).toHaveLength(2);
    expect(all[0]).toBe(rotated.compute('41234502'));
    expect(rotated.versionOf(all[0] ?? '')).toBe(2);
    expect(all[1]).toBe(index.compute('41234502'));
  });

  it('matches HMAC-SHA-256 computed independently', async () => {
    const cryptoKey = await crypto.subtle.importKey(
      'raw',
      key(11),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = Buffer.from(
      await crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode('41234502')),
    );
    expect(index.compute('41234502')).toBe(`v1.${mac.toString('base64url')}`);
  });
});
