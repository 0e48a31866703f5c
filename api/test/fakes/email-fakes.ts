// In-memory ports for email and idempotency tests (integration tests use Cosmos and the mail sink).
import type { EmailSender, OutboundEmail } from '../../src/domain/email/ports';
import { EmailProviderError } from '../../src/domain/email/ports';
import type {
  ClaimOutcome,
  IdempotencyRecord,
  IdempotencyResult,
  IdempotencyStore,
} from '../../src/domain/idempotency';
import type { Clock } from '../../src/domain/ports';

export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-25T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Same semantics as the Cosmos store, single-threaded. `failNextComplete`: one write fails (a Cosmos
 * blip); `crashed`: every complete/release fails, like a process that died after claiming.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord & { owner: string }>();
  failNextComplete = false;
  crashed = false;
  private tokens = 0;

  constructor(private readonly clock: Clock) {}

  claim(key: string, options: { leaseMs: number }): Promise<ClaimOutcome> {
    const now = this.clock.now();
    const owner = `t${++this.tokens}`;
    const leaseUntil = new Date(now.getTime() + options.leaseMs).toISOString();
    const existing = this.records.get(key);
    if (!existing) {
      const record = {
        key,
        state: 'in_progress' as const,
        attempts: 1,
        claimedAt: now.toISOString(),
        leaseUntil,
        owner,
      };
      this.records.set(key, record);
      return Promise.resolve({ kind: 'acquired', token: owner, takeover: false, record: strip(record) });
    }
    if (existing.state !== 'in_progress') return Promise.resolve({ kind: 'done', record: strip(existing) });
    if (Date.parse(existing.leaseUntil) > now.getTime()) {
      return Promise.resolve({ kind: 'busy', record: strip(existing) });
    }
    const record = {
      ...existing,
      owner,
      attempts: existing.attempts + 1,
      claimedAt: now.toISOString(),
      leaseUntil,
    };
    this.records.set(key, record);
    return Promise.resolve({ kind: 'acquired', token: owner, takeover: true, record: strip(record) });
  }

  complete(
    key: string,
    outcome: { state: 'completed' | 'failed'; result: IdempotencyResult },
  ): Promise<void> {
    if (this.crashed) return Promise.reject(new Error('process died before recording'));
    if (this.failNextComplete) {
      this.failNextComplete = false;
      return Promise.reject(new Error('store unavailable'));
    }
    const existing = this.records.get(key);
    if (existing && existing.state !== 'in_progress') return Promise.resolve();
    const now = this.clock.now().toISOString();
    this.records.set(key, {
      key,
      attempts: existing?.attempts ?? 1,
      claimedAt: existing?.claimedAt ?? now,
      leaseUntil: existing?.leaseUntil ?? now,
      owner: existing?.owner ?? '',
      state: outcome.state,
      completedAt: now,
      result: outcome.result,
    });
    return Promise.resolve();
  }

  release(key: string, token: string, options: { retryAfterMs?: number } = {}): Promise<void> {
    if (this.crashed) return Promise.reject(new Error('process died'));
    const existing = this.records.get(key);
    if (existing?.state === 'in_progress' && existing.owner === token) {
      const leaseUntil = new Date(this.clock.now().getTime() + (options.retryAfterMs ?? 0)).toISOString();
      this.records.set(key, { ...existing, leaseUntil });
    }
    return Promise.resolve();
  }

  status(key: string): Promise<IdempotencyRecord | undefined> {
    const record = this.records.get(key);
    return Promise.resolve(record ? strip(record) : undefined);
  }
}

function strip(record: IdempotencyRecord & { owner: string }): IdempotencyRecord {
  const { owner: _owner, ...rest } = record;
  return rest;
}

type SendScript = 'ok' | EmailProviderError | { acceptThen: EmailProviderError };

/** Records accepted emails like a provider would; each `send` consumes the next scripted outcome. */
export class FakeEmailSender implements EmailSender {
  readonly accepted: (OutboundEmail & { messageId: string })[] = [];
  readonly attempts: OutboundEmail[] = [];
  readonly searches: { name: string; value: string; stream: string }[] = [];
  script: SendScript[] = [];
  searchFailures = 0;

  send(email: OutboundEmail): Promise<{ messageId: string }> {
    this.attempts.push(email);
    const next = this.script.shift() ?? 'ok';
    if (next instanceof EmailProviderError) return Promise.reject(next);
    const messageId = `pm-${this.accepted.length + 1}`;
    this.accepted.push({ ...email, messageId });
    // Accepted, but the caller never hears about it (timeout after Postmark took the message).
    if (next !== 'ok') return Promise.reject(next.acceptThen);
    return Promise.resolve({ messageId });
  }

  findByMetadata(name: string, value: string, stream: string): Promise<{ messageId: string } | undefined> {
    this.searches.push({ name, value, stream });
    if (this.searchFailures > 0) {
      this.searchFailures--;
      return Promise.reject(new EmailProviderError('unavailable', { status: 503 }));
    }
    const found = this.accepted.find((m) => m.messageStream === stream && m.metadata[name] === value);
    return Promise.resolve(found ? { messageId: found.messageId } : undefined);
  }
}
