import { describe, expect, it } from 'vitest';
import { decodeReturnState, encodeReturnState, sanitizeReturnTo } from './return-to';

describe('returnTo', () => {
  it.each([
    ['/admin', '/admin'],
    ['/admin?q=marie#top', '/admin?q=marie#top'],
    ['/dashboard/', '/dashboard/'],
    ['/a/../admin', '/admin'],
  ])('keeps same-origin path %s', (value, expected) => {
    expect(sanitizeReturnTo(value)).toBe(expected);
  });

  it.each([
    'https://evil.example/admin',
    '//evil.example/admin',
    '/\\evil.example',
    'javascript:alert(1)',
    'admin',
    '',
    '/',
    '/auth/callback',
    '/auth/sign-in?returnTo=/admin',
    '/admin\nSet-Cookie: x',
    `/${'a'.repeat(2001)}`,
    42,
    undefined,
  ])('drops %j', (value) => {
    expect(sanitizeReturnTo(value)).toBeUndefined();
  });

  it('round-trips through the OAuth state', () => {
    const state = encodeReturnState('/admin?q=jan peeters');
    expect(state).toBeDefined();
    expect(state).not.toContain('|');
    expect(decodeReturnState(state)).toBe('/admin?q=jan%20peeters');
    expect(encodeReturnState('https://evil.example')).toBeUndefined();
    expect(decodeReturnState(encodeURIComponent('//evil.example'))).toBeUndefined();
    expect(decodeReturnState('%E0%A4%A')).toBeUndefined();
    expect(decodeReturnState(null)).toBeUndefined();
  });
});
