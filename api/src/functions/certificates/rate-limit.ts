// Per-client token bucket for the anonymous verification route. In process: each Functions instance
// counts on its own (an attacker spread over instances gets a multiple of the rate), which is enough to
// stop enumeration from one address, since codes carry 160 random bits and cannot be guessed anyway.
import type { HttpRequest } from '@azure/functions';

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

/**
 * The client address as the trusted front end saw it. Static Web Apps / Front Door (and the local
 * gateway, which overwrites the header) append the connecting address to X-Forwarded-For, so only the
 * RIGHT-most entry is trustworthy: everything before it is whatever the client chose to send. Without
 * the header: X-Client-IP, then X-Azure-ClientIP. Ports are dropped (Azure appends them).
 */
export function clientAddressOf(request: Pick<HttpRequest, 'headers'>): string {
  const forwarded = request.headers
    .get('x-forwarded-for')
    ?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .at(-1);
  const raw =
    forwarded ||
    request.headers.get('x-client-ip')?.trim() ||
    request.headers.get('x-azure-clientip')?.trim() ||
    'unknown';
  return withoutPort(raw).slice(0, 64).toLowerCase();
}

/** `203.0.113.7:52144` → `203.0.113.7`, `[2001:db8::1]:443` → `2001:db8::1`; bare IPv6 is kept whole. */
function withoutPort(address: string): string {
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  if (ipv4WithPort?.[1]) return ipv4WithPort[1];
  const bracketedIpv6 = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(address);
  if (bracketedIpv6?.[1]) return bracketedIpv6[1];
  return address;
}
