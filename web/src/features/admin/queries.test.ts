import type { Profile, UserList } from '@soins/shared';
import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client';
import { meQueryKey } from '../identity/queries';
import { setUserRole, setUserStatus, storeUpdatedUser, usersQueryOptions } from './queries';
import { validateUsersSearch } from './search';

const user = (id: string, roles: Profile['roles'] = ['learner']): Profile => ({
  id,
  email: `${id}@example.be`,
  displayName: id,
  roles,
  language: 'fr',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  profileComplete: true,
});

function fakeApi(pages: Record<string, UserList>) {
  const request = vi.fn((_path: string, options?: { query?: Record<string, string | undefined> }) =>
    Promise.resolve(pages[options?.query?.continuationToken ?? 'first'] as UserList),
  );
  return { api: { request } as unknown as ApiClient, request };
}

describe('users list paging', () => {
  it('pages through continuation tokens, keeping the search', async () => {
    const { api, request } = fakeApi({
      first: { items: [user('a'), user('b')], continuationToken: 'tok-2' },
      'tok-2': { items: [user('c')] },
    });
    const queryClient = new QueryClient();
    const options = usersQueryOptions(api, { q: 'jan', profession: 'midwife' });
    const first = await queryClient.infiniteQuery({ ...options, staleTime: 'static' });
    expect(first.pages).toHaveLength(1);
    expect(options.getNextPageParam(first.pages[0] as UserList, first.pages, undefined, [undefined])).toBe(
      'tok-2',
    );
    await queryClient.infiniteQuery({ ...options, pages: 2 });
    expect(request).toHaveBeenLastCalledWith(
      '/manage/users',
      expect.objectContaining({
        query: {
          q: 'jan',
          role: undefined,
          status: undefined,
          profession: 'midwife',
          subscription: undefined,
          continuationToken: 'tok-2',
        },
      }),
    );
    const data = queryClient.getQueryData<InfiniteData<UserList>>(options.queryKey);
    expect(data?.pages.flatMap((p) => p.items.map((u) => u.id))).toEqual(['a', 'b', 'c']);
    expect(options.getNextPageParam({ items: [] }, [], 'tok-2', ['tok-2'])).toBeUndefined();
  });

  it('puts an updated user into every cached page and into the own profile', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData<InfiniteData<UserList>>(['admin', 'users', '', '', '', '', ''], {
      pages: [{ items: [user('a'), user('me', ['learner', 'admin'])] }],
      pageParams: [undefined],
    });
    queryClient.setQueryData<InfiniteData<UserList>>(['admin', 'users', 'a'], {
      pages: [{ items: [user('a')] }],
      pageParams: [undefined],
    });
    queryClient.setQueryData(meQueryKey, user('me', ['learner', 'admin']));
    storeUpdatedUser(queryClient, { ...user('a', ['learner', 'trainer']) });
    storeUpdatedUser(queryClient, { ...user('me', ['learner', 'admin']), language: 'nl' });
    const all = queryClient.getQueryData<InfiniteData<UserList>>(['admin', 'users', '', '', '', '', '']);
    expect(all?.pages[0]?.items[0]?.roles).toEqual(['learner', 'trainer']);
    expect(
      queryClient.getQueryData<InfiniteData<UserList>>(['admin', 'users', 'a'])?.pages[0]?.items[0]?.roles,
    ).toEqual(['learner', 'trainer']);
    expect(queryClient.getQueryData<Profile>(meQueryKey)?.language).toBe('nl');
  });

  it('calls the role and status routes with the user id encoded', async () => {
    const request = vi.fn(() => Promise.resolve(user('x')));
    const api = { request } as unknown as ApiClient;
    await setUserRole(api, 'a/b c', 'trainer', true);
    expect(request).toHaveBeenLastCalledWith('/manage/users/a%2Fb%20c/roles/trainer', { method: 'PUT' });
    await setUserRole(api, 'u1', 'admin', false);
    expect(request).toHaveBeenLastCalledWith('/manage/users/u1/roles/admin', { method: 'DELETE' });
    await setUserStatus(api, 'u1', 'disabled');
    expect(request).toHaveBeenLastCalledWith('/manage/users/u1/status', {
      method: 'PUT',
      body: { status: 'disabled' },
    });
  });

  it('validates the search params: q trimmed, filters from their lists only', () => {
    expect(validateUsersSearch({ q: ' x ' })).toEqual({ q: 'x' });
    expect(
      validateUsersSearch({
        role: 'trainer',
        status: 'disabled',
        profession: 'midwife',
        subscription: 'past_due',
      }),
    ).toEqual({ role: 'trainer', status: 'disabled', profession: 'midwife', subscription: 'past_due' });
    expect(validateUsersSearch({ role: 'root', status: 'deleted', profession: 1, subscription: [] })).toEqual(
      {},
    );
  });
});
