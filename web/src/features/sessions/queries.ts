// Server state of the sessions pages, apart from the pages themselves: the routes' loaders import it, and a
// page module imported by a route's loader would land in the app's first chunk instead of its own.
import type { SessionList } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const adminSessionsKey = ['manage', 'sessions'] as const;

export function adminSessionsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: adminSessionsKey,
    queryFn: ({ signal }) => api.request<SessionList>('/manage/sessions', { signal }),
  });
}

export function learnerSessionsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['me', 'sessions'],
    queryFn: ({ signal }) => api.request<SessionList>('/sessions', { signal }),
  });
}
