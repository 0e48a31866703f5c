// The cache port the catalogue, the news and the legal gate read through: an in-process LRU by default, Redis when
// configured (adapters/cache). A cache is an optimisation: when it fails, answers come from Cosmos.
import type { Logger } from '../ports';

/** A key/value cache of JSON values with a time to live. Adapters may throw when unreachable. */
export interface JsonCache {
  /** The value stored under `key`, or undefined when missing or expired. */
  get(key: string): Promise<unknown>;
  /** Stores a JSON-serializable value for `ttlSeconds`. */
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key that starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
}

/** Key prefixes; each module invalidates its own prefix on every change. */
export const cachePrefixes = { catalogue: 'catalogue:', news: 'news:', legal: 'legal:' } as const;

/** How long a cached answer may be served after a change another instance could not invalidate. */
export const cacheTtlSeconds = 60;

/**
 * Read-through over a JsonCache that never lets the cache fail a request: errors are logged as
 * warnings and the value is computed from the source instead.
 */
export class ReadThroughCache {
  /** Bumped by every invalidation: a value computed across one is not stored (it may predate the change). */
  private generation = 0;

  constructor(
    private readonly cache: JsonCache,
    private readonly logger: Logger,
  ) {}

  /**
   * The cached value when present and valid for `parse` (which throws on a stale shape), else the
   * computed one, stored for `ttlSeconds`. `undefined` results are not cached.
   */
  async getOrCompute<T>(
    key: string,
    options: { ttlSeconds: number; parse: (value: unknown) => T },
    compute: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const generation = this.generation;
    const cached = await this.attempt('get', () => this.cache.get(key));
    if (cached !== undefined) {
      try {
        return options.parse(cached);
      } catch {
        // The key's first part only: some keys name a person.
        this.logger.warn('cache.invalid_entry', { keyPrefix: key.split(':')[0] ?? '' });
      }
    }
    const value = await compute();
    if (value !== undefined && generation === this.generation) {
      await this.attempt('set', () => this.cache.set(key, value, options.ttlSeconds));
    }
    return value;
  }

  async invalidatePrefix(prefix: string): Promise<void> {
    this.generation += 1;
    await this.attempt('delete', () => this.cache.deletePrefix(prefix));
  }

  private async attempt<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      this.logger.warn('cache.unavailable', {
        operation,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return undefined;
    }
  }
}
