// Per-client token bucket for anonymous routes (certificate verification, SPA error reports), keyed by
// `ctx.clientAddress`. In process: each Functions instance counts on its own (an attacker spread over
// instances gets a multiple of the rate), which is what these routes need: verification codes carry
// 160 random bits and cannot be guessed anyway, and each instance protects its own log volume. Limits
// that must hold per person across instances and restarts are stored (see domain/attempt-limits.ts).

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Seconds until one more request is allowed (when refused). */
  readonly retryAfterSeconds: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: { capacity: number; refillPerSecond: number; maxClients?: number },
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(client: string): RateLimitDecision {
    const now = this.now();
    const { capacity, refillPerSecond } = this.options;
    const bucket = this.buckets.get(client) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) };
    }
    this.buckets.delete(client); // re-insert: Map order = least recently used first
    this.buckets.set(client, { tokens: tokens - 1, at: now });
    this.evict();
    return { allowed: true, retryAfterSeconds: 0 };
  }

  private evict(): void {
    const max = this.options.maxClients ?? 10_000;
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= max) return;
      this.buckets.delete(key);
    }
  }
}
