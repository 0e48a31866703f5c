import type { TrainerSessionList } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export function trainerSessionsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['trainer', 'sessions'],
    queryFn: ({ signal }) => api.request<TrainerSessionList>('/trainer/sessions', { signal }),
  });
}
