import type { Profile, UserList, UserStatus } from '@soins/shared';
import type { UsersSearch } from './search';
import { infiniteQueryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';
import { meQueryKey } from '../identity/queries';

export type GrantableRole = 'trainer' | 'admin';
export const GRANTABLE_ROLES: readonly GrantableRole[] = ['trainer', 'admin'];

export const usersQueryKey = ['admin', 'users'] as const;

/** The users list, one page per continuation token ("show more" appends the next page). */
export function usersQueryOptions(api: ApiClient, search: UsersSearch) {
  const { q, role, status, profession, subscription } = search;
  return infiniteQueryOptions({
    queryKey: [...usersQueryKey, q ?? '', role ?? '', status ?? '', profession ?? '', subscription ?? ''],
    queryFn: ({ pageParam, signal }) =>
      api.request<UserList>('/manage/users', {
        query: { q, role, status, profession, subscription, continuationToken: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
  });
}

const userPath = (userId: string): string => `/manage/users/${encodeURIComponent(userId)}`;

export function setUserRole(
  api: ApiClient,
  userId: string,
  role: GrantableRole,
  granted: boolean,
): Promise<Profile> {
  return api.request<Profile>(`${userPath(userId)}/roles/${role}`, {
    method: granted ? 'PUT' : 'DELETE',
  });
}

export function setUserStatus(api: ApiClient, userId: string, status: UserStatus): Promise<Profile> {
  return api.request<Profile>(`${userPath(userId)}/status`, {
    method: 'PUT',
    body: { status },
  });
}

/** Puts an updated user into every cached page that holds it (and into the own profile if it is the admin). */
export function storeUpdatedUser(queryClient: QueryClient, updated: Profile): void {
  queryClient.setQueriesData<InfiniteData<UserList>>({ queryKey: usersQueryKey }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            // The list's own fields (the subscription) stay: a profile answer does not carry them.
            items: page.items.map((item) => (item.id === updated.id ? { ...item, ...updated } : item)),
          })),
        }
      : data,
  );
  const me = queryClient.getQueryData<Profile>(meQueryKey);
  if (me?.id === updated.id) queryClient.setQueryData(meQueryKey, updated);
}
