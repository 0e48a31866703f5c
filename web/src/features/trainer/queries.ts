import type { AttendanceSheet, SessionList } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export function trainerSessionsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['trainer', 'sessions'],
    queryFn: ({ signal }) => api.request<SessionList>('/trainer/sessions', { signal }),
  });
}

export const sheetQueryKey = (sessionId: string) => ['trainer', 'sessions', sessionId] as const;

export function sheetQueryOptions(api: ApiClient, sessionId: string) {
  return queryOptions({
    queryKey: sheetQueryKey(sessionId),
    queryFn: ({ signal }) =>
      api.request<AttendanceSheet>(`/trainer/sessions/${encodeURIComponent(sessionId)}`, { signal }),
  });
}
