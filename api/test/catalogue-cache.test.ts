import { describe, expect, it } from 'vitest';
import { MemoryJsonCache } from '../src/adapters/cache/memory-cache';
import { RedisJsonCache } from '../src/adapters/cache/redis-cache';
import { ConfigError, loadConfig } from '../src/config';
import { makeJsonCache } from '../src/functions/catalogue/compose';
import { ReadThroughCache, type JsonCache } from '../src/domain/catalogue/cache';
import { describeJsonCacheContract } from './fakes/catalogue-cache-contract';
import { ManualClock } from './fakes/email-fakes';

import { localTestEnvironment } from './fixtures/config-env';
import { RecordingLogger } from './fakes/logger';

const sharedClock = new ManualClock();
const shared = new MemoryJsonCache({ maxEntries: 100, clock: sharedClock });
describeJsonCacheContract(
  'MemoryJsonCache',
  () => shared,
  (ms) => {
    sharedClock.advance(ms);
    return Promise.resolve();
  },
);

describe('MemoryJsonCache', () => {
  it('evicts the least recently used entry beyond its size', async () => {
    const cache = new MemoryJsonCache({ maxEntries: 2 });
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    expect(await cache.get('a')).toBe(1); // a is now the most recently used
    await cache.set('c', 3, 60);
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
  });

  it('expires on the injected clock', async () => {
    const clock = new ManualClock();
    const cache = new MemoryJsonCache({ maxEntries: 10, clock });
    await cache.set('k', 'v', 60);
    clock.advance(59_999);
    expect(await cache.get('k')).toBe('v');
    clock.advance(1);
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

class BrokenCache implements JsonCache {
  calls = 0;
  private fail(): Promise<never> {
    this.calls++;
    return Promise.reject(new Error('ECONNREFUSED'));
  }
  get(): Promise<unknown> {
    return this.fail();
  }
  set(): Promise<void> {
    return this.fail();
  }
  delete(): Promise<void> {
    return this.fail();
  }
  deletePrefix(): Promise<void> {
    return this.fail();
  }
}

describe('ReadThroughCache', () => {
  const parseNumber = (value: unknown): number => {
    if (typeof value !== 'number') throw new Error('not a number');
    return value;
  };

  it('computes once, then serves the cached value until invalidated', async () => {
    const cache = new ReadThroughCache(new MemoryJsonCache({ maxEntries: 10 }), new RecordingLogger());
    let computed = 0;
    const read = () =>
      cache.getOrCompute('catalogue:x', { ttlSeconds: 60, parse: parseNumber }, () =>
        Promise.resolve(++computed),
      );
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    await cache.invalidatePrefix('catalogue:');
    expect(await read()).toBe(2);
  });

  it('recomputes an entry of the wrong shape and logs it', async () => {
    const memory = new MemoryJsonCache({ maxEntries: 10 });
    await memory.set('k', 'not a number', 60);
    const logger = new RecordingLogger();
    const cache = new ReadThroughCache(memory, logger);
    expect(
      await cache.getOrCompute('k', { ttlSeconds: 60, parse: parseNumber }, () => Promise.resolve(7)),
    ).toBe(7);
    expect(await memory.get('k')).toBe(7);
    expect(logger.lines.map((l) => l.event)).toEqual(['cache.invalid_entry']);
  });

  it('answers from the source with a warning when the cache fails, and never throws', async () => {
    const broken = new BrokenCache();
    const logger = new RecordingLogger();
    const cache = new ReadThroughCache(broken, logger);
    expect(
      await cache.getOrCompute('k', { ttlSeconds: 60, parse: parseNumber }, () => Promise.resolve(3)),
    ).toBe(3);
    await cache.invalidatePrefix('catalogue:');
    expect(broken.calls).toBe(3);
    expect(logger.lines.every((l) => l.level === 'warn' && l.event === 'cache.unavailable')).toBe(true);
    expect(logger.lines).toHaveLength(3);
  });

  it('does not store a value read before an invalidation that came while it was computed', async () => {
    const memory = new MemoryJsonCache({ maxEntries: 10 });
    const cache = new ReadThroughCache(memory, new RecordingLogger());
    let release: () => void = () => undefined;
    const slowRead = cache.getOrCompute('catalogue:x', { ttlSeconds: 60, parse: parseNumber }, async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return 1; // read from the source before the change below
    });
    await cache.invalidatePrefix('catalogue:'); // the change
    release();
    expect(await slowRead).toBe(1);
    expect(await memory.get('catalogue:x')).toBeUndefined();
    expect(
      await cache.getOrCompute('catalogue:x', { ttlSeconds: 60, parse: parseNumber }, () =>
        Promise.resolve(2),
      ),
    ).toBe(2);
    expect(await memory.get('catalogue:x')).toBe(2);
  });

  it('does not cache an undefined result', async () => {
    const memory = new MemoryJsonCache({ maxEntries: 10 });
    const cache = new ReadThroughCache(memory, new RecordingLogger());
    const result = await cache.getOrCompute('k', { ttlSeconds: 60, parse: parseNumber }, () =>
      Promise.resolve(undefined),
    );
    expect(result).toBeUndefined();
    expect(memory.size).toBe(0);
  });
});

describe('REDIS_URL', () => {
  const valid = localTestEnvironment;

  it('is optional; unset or blank selects the in-process cache', () => {
    const logger = new RecordingLogger();
    expect(makeJsonCache(loadConfig(valid), logger)).toBeInstanceOf(MemoryJsonCache);
    expect(makeJsonCache(loadConfig({ ...valid, REDIS_URL: '' }), logger)).toBeInstanceOf(MemoryJsonCache);
  });

  it('accepts redis:// and rediss:// URLs and selects the Redis adapter', () => {
    const logger = new RecordingLogger();
    for (const url of ['redis://127.0.0.1:6379', 'rediss://:secret@cache.example.net:6380/0']) {
      expect(makeJsonCache(loadConfig({ ...valid, REDIS_URL: url }), logger)).toBeInstanceOf(RedisJsonCache);
    }
  });

  it('refuses other URLs, naming the key', () => {
    for (const url of ['http://127.0.0.1:6379', 'localhost:6379', 'not a url']) {
      expect(() => loadConfig({ ...valid, REDIS_URL: url })).toThrow(ConfigError);
      try {
        loadConfig({ ...valid, REDIS_URL: url });
      } catch (error) {
        expect((error as ConfigError).problems.join('\n')).toMatch(/^REDIS_URL: /m);
      }
    }
  });
});
