import type { DeadLettersOverview } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const deadLettersQueryKey = ['manage', 'operations', 'dead-letters'] as const;

/** Dead letters of every queue (broker facts only; the api never returns message bodies). */
export function deadLettersQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: deadLettersQueryKey,
    queryFn: ({ signal }) => api.request<DeadLettersOverview>('/manage/operations/dead-letters', { signal }),
  });
}

const letterPath = (queue: string, id: string): string =>
  `/manage/operations/dead-letters/${encodeURIComponent(queue)}/${encodeURIComponent(id)}`;

/** Sends a dead letter back to its queue (same content, so the consumer's idempotency key still holds). */
export function redriveDeadLetter(api: ApiClient, queue: string, id: string): Promise<unknown> {
  return api.request<unknown>(`${letterPath(queue, id)}/redrive`, { method: 'POST' });
}

/** Deletes a dead letter for good. */
export function purgeDeadLetter(api: ApiClient, queue: string, id: string): Promise<unknown> {
  return api.request<unknown>(letterPath(queue, id), { method: 'DELETE' });
}
