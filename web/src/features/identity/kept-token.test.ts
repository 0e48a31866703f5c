import { describe, expect, it } from 'vitest';
import { forgetKeptToken, keepToken, readKeptToken } from './kept-token';
import { MemoryStorage } from './memory-storage';

const account = { name: 'Marie Dubois', username: 'marie.dubois@demo.soins.plus' };

describe('the token a tab keeps for its next page load', () => {
  it('is read back until it is due for renewal, then no more', () => {
    const storage = new MemoryStorage();
    keepToken(storage, { value: 'at', renewAt: 1_000, account });
    expect(readKeptToken(storage, 999)).toEqual({ value: 'at', renewAt: 1_000, account });
    expect(readKeptToken(storage, 1_000)).toBeNull();
  });

  it('is gone once forgotten', () => {
    const storage = new MemoryStorage();
    keepToken(storage, { value: 'at', renewAt: 1_000, account });
    forgetKeptToken(storage);
    expect(readKeptToken(storage, 0)).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('ignores anything malformed, and storage that cannot be used', () => {
    for (const raw of [
      'not json',
      'null',
      '{"value":"at","renewAt":"soon","account":{"username":"u"}}',
      '{"value":"","renewAt":5,"account":{"username":"u"}}',
      '{"value":"at","renewAt":5}',
      '{"value":"at","renewAt":5,"account":{"name":3,"username":"u"}}',
    ]) {
      expect(readKeptToken(new MemoryStorage({ 'soins.token': raw }), 0)).toBeNull();
    }
    const denied = {
      getItem: (): string => {
        throw new Error('denied');
      },
      setItem: (): void => {
        throw new Error('denied');
      },
      removeItem: (): void => {
        throw new Error('denied');
      },
    };
    expect(readKeptToken(denied, 0)).toBeNull();
    expect(() => {
      keepToken(denied, { value: 'at', renewAt: 1, account });
      forgetKeptToken(denied);
    }).not.toThrow();
    expect(readKeptToken(undefined, 0)).toBeNull();
  });
});
