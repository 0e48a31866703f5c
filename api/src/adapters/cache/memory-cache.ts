import type { JsonCache } from '../../domain/catalogue/cache';
import type { Clock } from '../../domain/ports';

interface Entry {
  readonly json: string;
  readonly expiresAt: number;
}

/**
 * In-process LRU cache with a time to live: the default when no Redis is configured. Values are kept
 * serialized, so a caller can never mutate a cached value and both adapters behave the same.
 */
export class MemoryJsonCache implements JsonCache {
  // A Map iterates in insertion order: re-inserting on read makes the first key the least recently used.
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: { maxEntries: number; clock?: Clock } = { maxEntries: 500 }) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Promise<unknown> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(undefined);
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return Promise.resolve(undefined);
    this.entries.set(key, entry);
    return Promise.resolve(JSON.parse(entry.json) as unknown);
  }

  set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const json = JSON.stringify(value);
    this.entries.delete(key);
    this.entries.set(key, { json, expiresAt: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  deletePrefix(prefix: string): Promise<void> {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) this.entries.delete(key);
    }
    return Promise.resolve();
  }

  private now(): number {
    return (this.options.clock?.now() ?? new Date()).getTime();
  }
}
