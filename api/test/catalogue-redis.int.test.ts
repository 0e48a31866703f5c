// The Redis adapter against a real redis-server (Debian package), started here on a free port
// without persistence and stopped afterwards.
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, waitForTcp } from '../../local/lib/service';
import { RedisJsonCache } from '../src/adapters/cache/redis-cache';
import { catalogueQuerySchema } from '@soins/shared';
import { ReadThroughCache } from '../src/domain/catalogue/cache';
import { BrowseCatalogue } from '../src/domain/catalogue/catalogue';
import { describeJsonCacheContract } from './fakes/catalogue-cache-contract';
import { MemoryTrainingRepository, sampleTraining } from './fakes/catalogue-fakes';
import { RecordingLogger } from './fakes/logger';

let port = 0;
let server: ChildProcess | undefined;
let cache: RedisJsonCache;

async function startRedis(): Promise<void> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  server = child;
  await waitForTcp('127.0.0.1', port, { timeoutMs: 10_000 });
}

async function stopRedis(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  port = await findFreePort();
  await startRedis();
  cache = new RedisJsonCache({
    url: `redis://127.0.0.1:${port}`,
    logger: new RecordingLogger(),
    keyPrefix: `soins-test-${process.pid}:`,
  });
});

afterAll(async () => {
  await cache.close();
  await stopRedis();
});

/** Time passing for Redis: every key's remaining time to live counted down by `ms` (0 or less: gone). */
async function elapse(ms: number): Promise<void> {
  const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true });
  await redis.connect();
  try {
    for (const key of await redis.keys('*')) {
      const left = await redis.pttl(key);
      if (left >= 0) await redis.pexpire(key, Math.max(0, left - ms));
    }
  } finally {
    redis.disconnect();
  }
}

describeJsonCacheContract('RedisJsonCache', () => cache, elapse);

describe('RedisJsonCache when Redis is down', () => {
  it('fails fast when nothing listens, and the read-through answers from the source with a warning', async () => {
    const logger = new RecordingLogger();
    const nowhere = new RedisJsonCache({ url: `redis://127.0.0.1:${await findFreePort()}`, logger });
    try {
      // No offline queue: refused at once rather than held until a connection that never comes.
      await expect(nowhere.get('k')).rejects.toThrow();
      await expect(nowhere.set('k', 1, 60)).rejects.toThrow();
      const readThrough = new ReadThroughCache(nowhere, logger);
      const value = await readThrough.getOrCompute('k', { ttlSeconds: 60, parse: (v) => v as number }, () =>
        Promise.resolve(42),
      );
      expect(value).toBe(42);
      expect(logger.lines.some((l) => l.level === 'warn' && l.event === 'cache.unavailable')).toBe(true);
    } finally {
      await nowhere.close();
    }
  });

  it('falls back while the server is stopped and reconnects when it is back', async () => {
    await cache.set('outage:k', 'before', 60);
    await stopRedis();
    await expect(cache.get('outage:k')).rejects.toThrow();
    await startRedis();
    // The client reconnects in the background (every ≤ 5 s); the data is gone (no persistence).
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        expect(await cache.get('outage:k')).toBeUndefined();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    await cache.set('outage:k', 'after', 60);
    expect(await cache.get('outage:k')).toBe('after');
  }, 30_000);
});

describe('the catalogue over Redis', () => {
  it('caches the published list in Redis, and still answers from the source with a warning when Redis stops', async () => {
    if (!server) await startRedis();
    const trainings = new MemoryTrainingRepository();
    await trainings.save(sampleTraining('hand-hygiene', { status: 'published' }));
    const logger = new RecordingLogger();
    const redisCache = new RedisJsonCache({
      url: `redis://127.0.0.1:${port}`,
      logger,
      keyPrefix: 'catalogue-it:',
    });
    const browse = new BrowseCatalogue({ trainings, cache: new ReadThroughCache(redisCache, logger) });
    try {
      const query = catalogueQuerySchema.parse({});
      expect((await browse.list(query, 'fr')).items.map((i) => i.id)).toEqual(['hand-hygiene']);
      expect((await browse.list(query, 'nl')).items.map((i) => i.id)).toEqual(['hand-hygiene']);
      expect(trainings.listPublishedCalls).toBe(1);
      expect(await redisCache.get('catalogue:published:v1')).toHaveLength(1);

      await stopRedis();
      const detail = await browse.detail('hand-hygiene', 'nl');
      expect(detail.ok && detail.value.title).toBe('Opleiding hand-hygiene');
      expect(trainings.listPublishedCalls).toBe(2);
      expect(logger.lines.some((l) => l.level === 'warn' && l.event === 'cache.unavailable')).toBe(true);
      expect(logger.lines.some((l) => l.level === 'error')).toBe(false);
    } finally {
      await redisCache.close();
    }
  });
});
