import { describe, expect, it } from 'vitest';
import { validateUsersSearch } from '../admin/search';
import { validateSignInSearch } from './search';

describe('search params', () => {
  it('sign-in keeps a safe returnTo and a signup flag only', () => {
    expect(validateSignInSearch({ returnTo: '/admin?q=x', signup: true })).toEqual({
      returnTo: '/admin?q=x',
      signup: true,
    });
    expect(validateSignInSearch({ returnTo: 'https://evil.example', signup: 'yes' })).toEqual({});
    expect(validateSignInSearch({ signup: 'true' })).toEqual({ signup: true });
  });

  it('users search trims and limits q like userListQuerySchema', () => {
    expect(validateUsersSearch({ q: '  marie ' })).toEqual({ q: 'marie' });
    expect(validateUsersSearch({ q: '   ' })).toEqual({});
    expect(validateUsersSearch({ q: 123 })).toEqual({ q: '123' });
    expect(validateUsersSearch({ q: ['a'] })).toEqual({});
    expect(validateUsersSearch({ q: 'x'.repeat(150) }).q).toHaveLength(100);
  });
});
