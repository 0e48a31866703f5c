// The JsonCache contract, run against every adapter (in-process in the unit tests, Redis in the
// integration tests), so both behave the same behind the port.
import { describe, expect, it } from 'vitest';
import type { JsonCache } from '../../src/domain/catalogue/cache';

/**
 * `elapse` makes time pass for the cache under test without waiting: the in-process cache's injected
 * clock, or Redis's own count-down of each key's remaining time to live (expiry stays Redis's job).
 */
export function describeJsonCacheContract(
  name: string,
  cache: () => JsonCache,
  elapse: (ms: number) => Promise<void>,
): void {
  describe(`${name} (JsonCache contract)`, () => {
    it('stores and returns JSON values, and a missing key is undefined', async () => {
      const value = { items: [{ id: 'a', hours: 1.5, tags: ['x'], nested: { ok: true } }], none: null };
      await cache().set('contract:json', value, 60);
      expect(await cache().get('contract:json')).toEqual(value);
      expect(await cache().get('contract:missing')).toBeUndefined();
    });

    it('returns a copy: mutating a value read or written does not change the cache', async () => {
      const value = { list: [1, 2] };
      await cache().set('contract:copy', value, 60);
      value.list.push(3);
      const read = (await cache().get('contract:copy')) as { list: number[] };
      read.list.push(4);
      expect(await cache().get('contract:copy')).toEqual({ list: [1, 2] });
    });

    it('overwrites a key', async () => {
      await cache().set('contract:over', 1, 60);
      await cache().set('contract:over', 2, 60);
      expect(await cache().get('contract:over')).toBe(2);
    });

    it('expires entries after their time to live', async () => {
      await cache().set('contract:ttl', 'soon gone', 60);
      await elapse(50_000);
      expect(await cache().get('contract:ttl')).toBe('soon gone');
      await elapse(10_000);
      expect(await cache().get('contract:ttl')).toBeUndefined();
    });

    it('deletes one key', async () => {
      await cache().set('contract:del', true, 60);
      await cache().delete('contract:del');
      expect(await cache().get('contract:del')).toBeUndefined();
      await cache().delete('contract:never-set');
    });

    it('deletes by prefix only the keys that start with it, glob characters included', async () => {
      await cache().set('contract:p:a', 1, 60);
      await cache().set('contract:p:b*', 2, 60);
      await cache().set('contract:p*x', 3, 60);
      await cache().set('contract:q:a', 4, 60);
      await cache().deletePrefix('contract:p:');
      expect(await cache().get('contract:p:a')).toBeUndefined();
      expect(await cache().get('contract:p:b*')).toBeUndefined();
      expect(await cache().get('contract:p*x')).toBe(3);
      expect(await cache().get('contract:q:a')).toBe(4);
      await cache().deletePrefix('contract:p*');
      expect(await cache().get('contract:p*x')).toBeUndefined();
      expect(await cache().get('contract:q:a')).toBe(4);
    });
  });
}
