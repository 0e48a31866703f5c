import type { Redis } from 'ioredis';
import type { JsonCache } from '../../domain/catalogue/cache';
import type { Logger } from '../../domain/ports';

export class CacheUnavailableError extends Error {
  constructor() {
    super('the cache is not connected');
    this.name = 'CacheUnavailableError';
  }
}

/** Redis glob characters in a prefix must match literally in SCAN … MATCH. */
const globEscaped = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Redis behind the cache port. `ioredis` is imported on first use so the api's cold start does not
 * pay for it. Commands fail fast while Redis is down (no offline queue, short timeouts) and the
 * client reconnects in the background; callers fall back to the source (ReadThroughCache).
 */
export class RedisJsonCache implements JsonCache {
  private client: Redis | undefined;
  private firstConnect: Promise<void> | undefined;
  private lastErrorLoggedAt = 0;

  constructor(
    private readonly options: {
      url: string;
      logger: Logger;
      /** Namespace of every key, so several apps or tests can share one Redis. */
      keyPrefix?: string;
      commandTimeoutMs?: number;
    },
  ) {}

  async get(key: string): Promise<unknown> {
    const redis = await this.connected();
    const json = await redis.get(this.key(key));
    return json === null ? undefined : (JSON.parse(json) as unknown);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const redis = await this.connected();
    await redis.set(this.key(key), JSON.stringify(value), 'EX', Math.max(1, Math.round(ttlSeconds)));
  }

  async delete(key: string): Promise<void> {
    const redis = await this.connected();
    await redis.del(this.key(key));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const redis = await this.connected();
    const pattern = `${globEscaped(this.key(prefix))}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.firstConnect = undefined;
    if (!client) return;
    if (client.status === 'ready') {
      await client.quit().catch(() => undefined);
    }
    client.disconnect();
  }

  private key(key: string): string {
    return `${this.options.keyPrefix ?? 'soins:'}${key}`;
  }

  private async connected(): Promise<Redis> {
    if (!this.client) {
      const { Redis } = await import('./redis-library');
      const timeout = this.options.commandTimeoutMs ?? 500;
      const client = new Redis(this.options.url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        commandTimeout: timeout,
        // Keep reconnecting in the background, at most every 5 s.
        retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
      });
      client.on('error', (error: Error) => {
        this.logError(error);
      });
      this.client = client;
      this.firstConnect = client.connect().catch((error: unknown) => {
        this.logError(error);
      });
    }
    // Only the very first request waits for the connection; later ones fail fast while it is down.
    const client = this.client;
    if (this.firstConnect) await this.firstConnect;
    this.firstConnect = undefined;
    if (client.status !== 'ready') throw new CacheUnavailableError();
    return client;
  }

  private logError(error: unknown): void {
    // A down Redis emits an error per reconnect attempt: one warning a minute is enough.
    const now = Date.now();
    if (now - this.lastErrorLoggedAt < 60_000) return;
    this.lastErrorLoggedAt = now;
    this.options.logger.warn('cache.redis_error', {
      errorName: error instanceof Error ? error.name : typeof error,
    });
  }
}
