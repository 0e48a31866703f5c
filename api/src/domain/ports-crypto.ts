// Ports for field-level encryption of personal data and blind indexes; adapters/crypto implements them.
import type { Result } from './result';

export type DecryptErrorCode =
  /** Not a token this cipher wrote (wrong shape, bad encoding, wrong lengths). */
  | 'cipher_malformed'
  /** Written with a key version the keyring does not hold (retired too early, or forged). */
  | 'cipher_unknown_key'
  /** Authentication failed: tampered token, or a token moved to another context (user/field). */
  | 'cipher_tampered';

export interface DecryptError {
  readonly code: DecryptErrorCode;
  readonly message: string;
}

/**
 * Authenticated encryption of one field value. `context` is bound to the ciphertext (AAD), e.g.
 * `pii/inami/<userId>`: a token copied to another user or field does not decrypt.
 */
export interface FieldEncryptor {
  /** Version of the key new tokens are written with. */
  readonly currentKeyVersion: number;
  encrypt(plaintext: string, context: string): string;
  /** Never returns altered plaintext: any change to the token or the context is an error. */
  decrypt(token: string, context: string): Result<string, DecryptError>;
  /** Key version a token claims, or undefined when it is not a well-formed token. */
  keyVersionOf(token: string): number | undefined;
  /** True when the token was written with another key than the current one. */
  needsReencryption(token: string): boolean;
}

/**
 * Keyed, deterministic fingerprint of a normalized value, for equality lookups and uniqueness without
 * storing the value. Index values carry their key version so the index key can be rotated.
 */
export interface BlindIndexer {
  readonly currentVersion: number;
  /** The index under the current key. */
  compute(normalized: string): string;
  /** The index under every configured key, current key first (lookups during an index-key rotation). */
  computeAll(normalized: string): readonly string[];
  /** Key version of an index value, or undefined when it is not one of ours. */
  versionOf(index: string): number | undefined;
}
