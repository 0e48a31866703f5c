// Idempotency records for queue consumers whose side effect cannot be undone or deduplicated by the
// provider (an email, a payment call). One record per key, in three states:
//
//   in_progress  a consumer claimed the key and holds a lease until `leaseUntil`
//   completed    the side effect happened (`result` says how: e.g. the provider's message id)
//   failed       it can never happen (e.g. recipient rejected); redeliveries stop here too
//
// `claim` is atomic (create-if-absent, then etag-guarded takeover): two consumers never both hold a
// live lease on one key. A lease that expired without `complete` means its holder crashed or gave up
// mid-way, so the side effect may or may not have happened: the next claim is a *takeover*, and the
// caller must find out (e.g. ask the provider) before doing it again.

export type IdempotencyState = 'in_progress' | 'completed' | 'failed';

/** Small, non-personal facts about the outcome (ids, codes), never contents or addresses. */
export type IdempotencyResult = Readonly<Record<string, string | number | boolean>>;

export interface IdempotencyRecord {
  readonly key: string;
  readonly state: IdempotencyState;
  /** How many times the key was claimed (1 = first claim; more = takeovers after an expired lease). */
  readonly attempts: number;
  readonly claimedAt: string;
  readonly leaseUntil: string;
  readonly completedAt?: string;
  readonly result?: IdempotencyResult;
}

export type ClaimOutcome =
  /** The caller owns the key until the lease ends. `takeover`: an earlier holder may have acted. */
  | {
      readonly kind: 'acquired';
      readonly token: string;
      readonly takeover: boolean;
      readonly record: IdempotencyRecord;
    }
  /** Someone else holds a live lease: try again later. */
  | { readonly kind: 'busy'; readonly record: IdempotencyRecord }
  /** Already completed or failed: nothing to do. */
  | { readonly kind: 'done'; readonly record: IdempotencyRecord };

export interface IdempotencyStore {
  /** Claims `key` for `leaseMs`; see ClaimOutcome. */
  claim(key: string, options: { readonly leaseMs: number }): Promise<ClaimOutcome>;
  /**
   * Records the final state. Idempotent: a key that is already completed or failed keeps its first
   * outcome (the effect happened once; a late writer must not overwrite the record of it).
   */
  complete(
    key: string,
    outcome: { readonly state: 'completed' | 'failed'; readonly result: IdempotencyResult },
  ): Promise<void>;
  /**
   * Gives a claim back without completing it, so another delivery can take over `retryAfterMs`
   * from now (0 = at once). Only the holder of `token` can release; otherwise a no-op.
   */
  release(key: string, token: string, options?: { readonly retryAfterMs?: number }): Promise<void>;
  status(key: string): Promise<IdempotencyRecord | undefined>;
}
