import type { Role } from '@soins/shared';
import type { AttemptLimitPolicy, AttemptLimits } from './attempt-limits';
import type { AuditLog } from './audit';
import {
  formatInami,
  inamiIdentity,
  maskInami,
  parseInami,
  type InamiError,
  type InamiNumber,
} from './inami';
import type { Clock } from './ports';
import type { BlindIndexer, FieldEncryptor } from './ports-crypto';
import { fail, ok, type Result } from './result';

/*
 * The optional INAMI number of a user, encrypted at rest (FieldEncryptor) with a blind index
 * (BlindIndexer) over digits 1–8, which identify a professional across qualification changes.
 *
 * Uniqueness across users rests on index claims: one claim per index value, created atomically, so two
 * accounts can never both hold the same number, even when they save it at the same instant. The user's
 * record points at the claim it holds. A claim nobody's record points at (a save that crashed half way,
 * a release that failed) is an orphan; it is reclaimed once older than `staleClaimMs`, so an
 * interrupted save can never lock a number out for good, while a save in progress is never disturbed.
 *
 * Nothing here logs or returns a number except to its owner, or to an admin after an audited reveal.
 */

export interface StoredInami {
  /** FieldEncryptor token, bound to `inamiCipherContext(userId)`. */
  readonly ciphertext: string;
  readonly keyVersion: number;
  readonly blindIndex: string;
  readonly indexVersion: number;
  readonly updatedAt: string;
}

export interface InamiSnapshot {
  readonly value: StoredInami | undefined;
  /** Concurrency token of the user's record; undefined when the user has no record at all. */
  readonly etag: string | undefined;
}

export interface IndexClaim {
  readonly userId: string;
  readonly claimedAt: string;
}

export interface InamiPage {
  readonly items: readonly { readonly userId: string; readonly value: StoredInami; readonly etag: string }[];
  readonly continuationToken?: string;
}

export interface InamiStore {
  read(userId: string): Promise<InamiSnapshot>;
  /**
   * Stores (or, with `undefined`, removes) the user's number if the record still has `etag`
   * (`undefined` = the record must not exist yet). Resolves false on a concurrent change.
   */
  write(userId: string, value: StoredInami | undefined, etag: string | undefined): Promise<boolean>;
  /** Every stored number, paged with continuation tokens (maintenance only: cross-partition). */
  list(query: { continuationToken?: string; pageSize: number }): Promise<InamiPage>;
  indexOwner(index: string): Promise<IndexClaim | undefined>;
  /** Atomically claims an index value; true when claimed now or already held by `userId`. */
  claimIndex(index: string, userId: string, at: string): Promise<boolean>;
  /** Drops the claim if (and only if) `userId` still holds it. */
  releaseIndex(index: string, userId: string): Promise<void>;
}

/** AAD of the ciphertext: a token copied to another user's record does not decrypt. */
export const inamiCipherContext = (userId: string): string => `pii/inami/${userId}`;

export type Actor = { readonly id: string; readonly roles: readonly Role[] };

export type InamiTakenError = { code: 'inami_taken'; message: string; field: 'inami' };
export type SetInamiError = InamiError | InamiTakenError | { code: 'conflict'; message: string };
export type ReadInamiError =
  | { code: 'forbidden'; message: string }
  | { code: 'not_found'; message: string }
  /** The stored ciphertext failed authentication (tampering or a retired key): never shown. */
  | { code: 'inami_unreadable'; message: string };

export interface InamiView {
  readonly present: boolean;
  /** `•-•••••-••-QQQ`, for anyone allowed to see the profile. */
  readonly masked?: string;
  /** `X-XXXXX-XX-XXX`, for the owner only (admins use RevealInami). */
  readonly number?: string;
}

const defaultStaleClaimMs = 15 * 60 * 1000;
const maxAttempts = 3;

const taken = (): InamiTakenError => ({
  code: 'inami_taken',
  message: 'number registered on another account',
  field: 'inami',
});

/** Is `index` held by someone other than `userId`? Orphaned claims past the grace period are freed. */
async function heldByAnother(
  store: InamiStore,
  clock: Clock,
  staleClaimMs: number,
  index: string,
  userId: string,
): Promise<boolean> {
  const claim = await store.indexOwner(index);
  if (!claim || claim.userId === userId) return false;
  const holder = await store.read(claim.userId);
  if (holder.value?.blindIndex === index) return true;
  const age = clock.now().getTime() - Date.parse(claim.claimedAt);
  if (!(age > staleClaimMs)) return true; // maybe a save in progress: leave it alone
  await store.releaseIndex(index, claim.userId);
  const after = await store.indexOwner(index);
  return after !== undefined && after.userId !== userId;
}

function decryptStored(
  cipher: FieldEncryptor,
  userId: string,
  value: StoredInami,
): Result<InamiNumber, { code: 'inami_unreadable'; message: string }> {
  const plain = cipher.decrypt(value.ciphertext, inamiCipherContext(userId));
  if (!plain.ok) return fail({ code: 'inami_unreadable', message: plain.error.code });
  const parsed = parseInami(plain.value);
  if (!parsed.ok) return fail({ code: 'inami_unreadable', message: 'stored value is not a number' });
  return ok(parsed.value);
}

/** Sets (or replaces) the caller's own number: validated, unique across accounts, encrypted. */
export class SetMyInami {
  constructor(
    private readonly store: InamiStore,
    private readonly cipher: FieldEncryptor,
    private readonly index: BlindIndexer,
    private readonly clock: Clock,
    private readonly staleClaimMs: number = defaultStaleClaimMs,
  ) {}

  async execute(input: {
    userId: string;
    inami: string;
  }): Promise<Result<{ masked: string; number: string }, SetInamiError>> {
    const parsed = parseInami(input.inami);
    if (!parsed.ok) return parsed;
    const inami = parsed.value;
    const { userId } = input;
    const indexes = this.index.computeAll(inamiIdentity(inami));
    const current = this.index.compute(inamiIdentity(inami));

    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const snapshot = await this.store.read(userId);
      // Every key version: during an index-key rotation a holder may still be indexed under the old key.
      for (const index of indexes) {
        if (await heldByAnother(this.store, this.clock, this.staleClaimMs, index, userId))
          return fail(taken());
      }
      const now = this.clock.now().toISOString();
      if (!(await this.store.claimIndex(current, userId, now))) return fail(taken()); // lost a race
      const value: StoredInami = {
        ciphertext: this.cipher.encrypt(inami, inamiCipherContext(userId)),
        keyVersion: this.cipher.currentKeyVersion,
        blindIndex: current,
        indexVersion: this.index.currentVersion,
        updatedAt: now,
      };
      if (await this.store.write(userId, value, snapshot.etag)) {
        const previous = snapshot.value?.blindIndex;
        if (previous !== undefined && previous !== current) await this.store.releaseIndex(previous, userId);
        return ok({ masked: maskInami(inami), number: formatInami(inami) });
      }
      // Concurrent change of the same record: read again. The claim we hold is reused or, if the
      // other write changed the number, becomes an orphan that is freed after the grace period.
    }
    return fail({ code: 'conflict', message: 'concurrent update' });
  }
}

/**
 * Saving a valid number tells the caller whether another account holds it: a lookup that must not
 * become an oracle for collecting who is registered. Each person gets a few lookups a day, counted
 * in stored counters (AttemptLimits) so scripted calls spread over instances or restarts do not get more.
 * Numbers refused for their format or checksum are not looked up, so they do not count.
 */
export const inamiLookupPolicy: AttemptLimitPolicy = {
  action: 'inami-lookup',
  limit: 10,
  windowMs: 24 * 60 * 60_000,
};

export type RateLimitedError = { code: 'rate_limited'; message: string; retryAfterSeconds: number };

/** `SetMyInami` behind the per-person lookup budget (`inamiLookupPolicy`). */
export class SetMyInamiWithinLimit {
  constructor(
    private readonly set: Pick<SetMyInami, 'execute'>,
    private readonly limits: AttemptLimits,
    private readonly policy: AttemptLimitPolicy = inamiLookupPolicy,
  ) {}

  async execute(input: {
    userId: string;
    inami: string;
  }): Promise<Result<{ masked: string; number: string }, SetInamiError | RateLimitedError>> {
    const parsed = parseInami(input.inami);
    if (!parsed.ok) return parsed;
    const decision = await this.limits.take(input.userId, this.policy);
    if (!decision.allowed) {
      return fail({
        code: 'rate_limited',
        message: 'too many INAMI numbers checked today',
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    return this.set.execute(input);
  }
}

/** Removes the caller's own number (it is optional) and frees it for another account. */
export class RemoveMyInami {
  constructor(private readonly store: InamiStore) {}

  async execute(input: { userId: string }): Promise<Result<void, { code: 'conflict'; message: string }>> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const snapshot = await this.store.read(input.userId);
      if (!snapshot.value) return ok(undefined);
      if (await this.store.write(input.userId, undefined, snapshot.etag)) {
        await this.store.releaseIndex(snapshot.value.blindIndex, input.userId);
        return ok(undefined);
      }
    }
    return fail({ code: 'conflict', message: 'concurrent update' });
  }
}

/** What a profile page shows: the full number to its owner, the masked number to admins. */
export class GetInami {
  constructor(
    private readonly store: InamiStore,
    private readonly cipher: FieldEncryptor,
  ) {}

  async execute(input: { actor: Actor; userId: string }): Promise<Result<InamiView, ReadInamiError>> {
    const owner = input.actor.id === input.userId;
    if (!owner && !input.actor.roles.includes('admin')) {
      return fail({ code: 'forbidden', message: 'not your profile' });
    }
    const { value } = await this.store.read(input.userId);
    if (!value) return ok({ present: false });
    const inami = decryptStored(this.cipher, input.userId, value);
    if (!inami.ok) return inami;
    return ok({
      present: true,
      masked: maskInami(inami.value),
      ...(owner ? { number: formatInami(inami.value) } : {}),
    });
  }
}

/** Shows the full number: to its owner, or to an admin who asks explicitly (audited before shown). */
export class RevealInami {
  constructor(
    private readonly store: InamiStore,
    private readonly cipher: FieldEncryptor,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(input: {
    actor: Actor;
    userId: string;
  }): Promise<Result<{ number: string }, ReadInamiError>> {
    const owner = input.actor.id === input.userId;
    if (!owner && !input.actor.roles.includes('admin')) {
      return fail({ code: 'forbidden', message: 'only the owner or an admin can reveal a number' });
    }
    const { value } = await this.store.read(input.userId);
    if (!value) return fail({ code: 'not_found', message: 'no number on file' });
    if (!owner) {
      // Fail closed: if the audit entry cannot be written, the number is not revealed.
      await this.audit.record({
        actor: input.actor.id,
        action: 'inami.reveal',
        target: { type: 'user', id: input.userId },
        at: this.clock.now().toISOString(),
      });
    }
    const inami = decryptStored(this.cipher, input.userId, value);
    if (!inami.ok) return inami;
    return ok({ number: formatInami(inami.value) });
  }
}

export interface RotationReport {
  /** Records read. */
  readonly scanned: number;
  /** Records rewritten (re-encrypted and/or re-indexed). */
  readonly updated: number;
  readonly reencrypted: number;
  readonly reindexed: number;
  /** Already on the current key and index versions. */
  readonly unchanged: number;
  /** Ciphertexts that failed authentication or did not hold a number (left untouched). */
  readonly failed: number;
  /** New index already held by another account (a duplicate to review; left untouched). */
  readonly conflicts: number;
  /** Records that kept changing concurrently (left for the next run). */
  readonly skipped: number;
  /** User ids (opaque ids, never numbers) of failed and conflicting records, for follow-up. */
  readonly attention: readonly string[];
}

type Outcome = 'unchanged' | 'failed' | 'conflict' | 'skipped' | { reencrypted: boolean; reindexed: boolean };

/**
 * Rewrites every stored number whose ciphertext uses an older encryption key or whose blind index uses
 * an older index key. Idempotent: a second run finds nothing to do. Index-key rotation recomputes the
 * index from the decrypted number, claims the new index value, then releases the old one; while it
 * runs, SetMyInami checks both key versions, so uniqueness holds throughout.
 */
export class RotateInamiKeys {
  constructor(
    private readonly store: InamiStore,
    private readonly cipher: FieldEncryptor,
    private readonly index: BlindIndexer,
    private readonly clock: Clock,
  ) {}

  async execute(options: { pageSize?: number } = {}): Promise<RotationReport> {
    const counts = {
      scanned: 0,
      updated: 0,
      reencrypted: 0,
      reindexed: 0,
      unchanged: 0,
      failed: 0,
      conflicts: 0,
      skipped: 0,
    };
    const attention: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.store.list({
        pageSize: options.pageSize ?? 100,
        ...(continuationToken ? { continuationToken } : {}),
      });
      for (const item of page.items) {
        counts.scanned++;
        const outcome = await this.rotateOne(item.userId, { value: item.value, etag: item.etag });
        if (outcome === 'unchanged') counts.unchanged++;
        else if (outcome === 'skipped') counts.skipped++;
        else if (outcome === 'failed' || outcome === 'conflict') {
          if (outcome === 'failed') counts.failed++;
          else counts.conflicts++;
          attention.push(item.userId);
        } else {
          counts.updated++;
          if (outcome.reencrypted) counts.reencrypted++;
          if (outcome.reindexed) counts.reindexed++;
        }
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return { ...counts, attention };
  }

  private async rotateOne(userId: string, first: InamiSnapshot): Promise<Outcome> {
    let snapshot = first;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const value = snapshot.value;
      if (!value) return 'unchanged'; // removed meanwhile
      const reencrypt = this.cipher.needsReencryption(value.ciphertext);
      const reindex = this.index.versionOf(value.blindIndex) !== this.index.currentVersion;
      if (!reencrypt && !reindex) return 'unchanged';
      const inami = decryptStored(this.cipher, userId, value);
      if (!inami.ok) return 'failed';
      const blindIndex = reindex ? this.index.compute(inamiIdentity(inami.value)) : value.blindIndex;
      if (reindex && !(await this.store.claimIndex(blindIndex, userId, this.clock.now().toISOString()))) {
        return 'conflict';
      }
      const next: StoredInami = {
        ...value,
        ...(reencrypt
          ? {
              ciphertext: this.cipher.encrypt(inami.value, inamiCipherContext(userId)),
              keyVersion: this.cipher.currentKeyVersion,
            }
          : {}),
        blindIndex,
        indexVersion: reindex ? this.index.currentVersion : value.indexVersion,
      };
      if (await this.store.write(userId, next, snapshot.etag)) {
        if (reindex) await this.store.releaseIndex(value.blindIndex, userId);
        return { reencrypted: reencrypt, reindexed: reindex };
      }
      snapshot = await this.store.read(userId);
    }
    return 'skipped';
  }
}
