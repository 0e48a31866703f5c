// IdempotencyStore on the `idempotency` container (partition key /id = the key: every operation is
// a point read or a single-document write). Atomicity comes from Cosmos itself: `create` fails with
// 409 when the key exists, and takeovers/completions are `replace` guarded by the document's etag
// (412 when someone else wrote first, then we re-read and decide again).
import type { Container, CosmosClient } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  ClaimOutcome,
  IdempotencyRecord,
  IdempotencyResult,
  IdempotencyStore,
} from '../../domain/idempotency';
import type { Clock } from '../../domain/ports';
import { cosmosStatus } from './errors';

const schemaVersion = 1 as const;
const maxRaces = 5;
/** Claims this store holds in memory (the document as it wrote it), for deliveries in flight. */
const maxHeld = 1_000;

const documentSchema = z.object({
  id: z.string(),
  schemaVersion: z.literal(schemaVersion),
  state: z.enum(['in_progress', 'completed', 'failed']),
  /** Random per claim: only the current holder may release. */
  owner: z.string(),
  attempts: z.number().int().min(1),
  claimedAt: z.string(),
  leaseUntil: z.string(),
  completedAt: z.string().optional(),
  result: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  _etag: z.string(),
});
type IdempotencyDocument = z.infer<typeof documentSchema>;

function toRecord(doc: IdempotencyDocument): IdempotencyRecord {
  return {
    key: doc.id,
    state: doc.state,
    attempts: doc.attempts,
    claimedAt: doc.claimedAt,
    leaseUntil: doc.leaseUntil,
    ...(doc.completedAt ? { completedAt: doc.completedAt } : {}),
    ...(doc.result ? { result: doc.result } : {}),
  };
}

/** The stored fields, without Cosmos' system properties. */
function body(doc: Omit<IdempotencyDocument, '_etag'>): Record<string, unknown> {
  return { ...doc };
}

export class CosmosIdempotencyStore implements IdempotencyStore {
  private readonly container: Container;
  /**
   * The claims this store acquired, as written: completing or releasing one tries a write guarded by that
   * document's etag before reading it (no other writer meanwhile: one request instead of two). Any change
   * by another writer fails the guard, and the usual read-and-decide follows.
   */
  private readonly held = new Map<string, IdempotencyDocument>();

  constructor(
    client: CosmosClient,
    database: string,
    private readonly clock: Clock,
    containerName = 'idempotency',
  ) {
    this.container = client.database(database).container(containerName);
  }

  async claim(key: string, options: { leaseMs: number }): Promise<ClaimOutcome> {
    for (let race = 0; race < maxRaces; race++) {
      const now = this.clock.now();
      const owner = randomUUID();
      const leaseUntil = new Date(now.getTime() + options.leaseMs).toISOString();
      const fresh = {
        id: key,
        schemaVersion,
        state: 'in_progress' as const,
        owner,
        attempts: 1,
        claimedAt: now.toISOString(),
        leaseUntil,
      };
      const created = await this.tryCreate(fresh);
      if (created) {
        this.hold(created);
        return { kind: 'acquired', token: owner, takeover: false, record: toRecord(created) };
      }

      const existing = await this.read(key);
      if (!existing) continue; // deleted in between: create again
      if (existing.state !== 'in_progress') return { kind: 'done', record: toRecord(existing) };
      if (Date.parse(existing.leaseUntil) > now.getTime())
        return { kind: 'busy', record: toRecord(existing) };

      // The holder's lease ran out without an outcome: take over (guarded by the etag we read).
      const { _etag, ...stored } = existing;
      const replaced = await this.tryReplace(
        {
          ...stored,
          owner,
          attempts: existing.attempts + 1,
          claimedAt: now.toISOString(),
          leaseUntil,
        },
        _etag,
      );
      if (replaced) {
        this.hold(replaced);
        return { kind: 'acquired', token: owner, takeover: true, record: toRecord(replaced) };
      }
    }
    throw new Error('idempotency claim: too many concurrent writers');
  }

  async complete(
    key: string,
    outcome: { state: 'completed' | 'failed'; result: IdempotencyResult },
  ): Promise<void> {
    const held = this.unhold(key);
    if (held) {
      const { _etag, ...stored } = held;
      const now = this.clock.now().toISOString();
      const done = { ...stored, state: outcome.state, completedAt: now, result: { ...outcome.result } };
      if (await this.tryReplace(done, _etag)) return;
    }
    for (let race = 0; race < maxRaces; race++) {
      const now = this.clock.now().toISOString();
      const existing = await this.read(key);
      if (existing && existing.state !== 'in_progress') return; // the first outcome stays
      if (!existing) {
        // Completing a key nobody claimed (or whose record was removed): record it anyway.
        const created = await this.tryCreate({
          id: key,
          schemaVersion,
          state: outcome.state,
          owner: randomUUID(),
          attempts: 1,
          claimedAt: now,
          leaseUntil: now,
          completedAt: now,
          result: { ...outcome.result },
        });
        if (created) return;
        continue;
      }
      const { _etag, ...stored } = existing;
      const replaced = await this.tryReplace(
        { ...stored, state: outcome.state, completedAt: now, result: { ...outcome.result } },
        _etag,
      );
      if (replaced) return;
    }
    throw new Error('idempotency complete: too many concurrent writers');
  }

  async release(key: string, token: string, options: { retryAfterMs?: number } = {}): Promise<void> {
    const leaseEnd = (): string =>
      new Date(this.clock.now().getTime() + (options.retryAfterMs ?? 0)).toISOString();
    const held = this.held.get(key);
    if (held?.owner === token) {
      this.unhold(key);
      const { _etag, ...stored } = held;
      if (await this.tryReplace({ ...stored, leaseUntil: leaseEnd() }, _etag)) return;
    }
    for (let race = 0; race < maxRaces; race++) {
      const existing = await this.read(key);
      if (existing?.state !== 'in_progress' || existing.owner !== token) return;
      const { _etag, ...stored } = existing;
      if (await this.tryReplace({ ...stored, leaseUntil: leaseEnd() }, _etag)) return;
    }
  }

  async status(key: string): Promise<IdempotencyRecord | undefined> {
    const doc = await this.read(key);
    return doc ? toRecord(doc) : undefined;
  }

  private hold(doc: IdempotencyDocument): void {
    this.held.delete(doc.id);
    // The oldest claim is forgotten first (its delivery long over or lost): it only costs a read later.
    if (this.held.size >= maxHeld) this.held.delete(this.held.keys().next().value ?? '');
    this.held.set(doc.id, doc);
  }

  private unhold(key: string): IdempotencyDocument | undefined {
    const held = this.held.get(key);
    this.held.delete(key);
    return held;
  }

  private async read(key: string): Promise<IdempotencyDocument | undefined> {
    const { resource, statusCode } = await this.container.item(key, key).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return documentSchema.parse(resource);
  }

  private async tryCreate(doc: Omit<IdempotencyDocument, '_etag'>): Promise<IdempotencyDocument | undefined> {
    try {
      const { resource } = await this.container.items.create(body(doc));
      return documentSchema.parse(resource);
    } catch (error) {
      if (cosmosStatus(error) === 409) return undefined;
      throw error;
    }
  }

  private async tryReplace(
    doc: Omit<IdempotencyDocument, '_etag'>,
    etag: string,
  ): Promise<IdempotencyDocument | undefined> {
    try {
      const { resource } = await this.container
        .item(doc.id, doc.id)
        .replace(body(doc), { accessCondition: { type: 'IfMatch', condition: etag } });
      return documentSchema.parse(resource);
    } catch (error) {
      const status = cosmosStatus(error);
      if (status === 412 || status === 404) return undefined;
      throw error;
    }
  }
}
