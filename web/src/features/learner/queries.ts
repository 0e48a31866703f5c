// Server state of the learner's profile page: the INAMI/RIZIV number and the diploma.
import type { Diploma } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';
import { diplomaRefetchInterval } from './diploma';
import type { MyInami } from './inami';

export const inamiQueryKey = ['me', 'inami'] as const;
export const diplomaQueryKey = ['me', 'diploma'] as const;

export function inamiQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: inamiQueryKey,
    queryFn: ({ signal }) => api.request<MyInami>('/me/inami', { signal }),
  });
}

export function setInami(api: ApiClient, inami: string): Promise<MyInami> {
  return api.request<MyInami>('/me/inami', { method: 'PUT', body: { inami } });
}

export function removeInami(api: ApiClient): Promise<unknown> {
  return api.request('/me/inami', { method: 'DELETE' });
}

export interface MyDiploma {
  readonly diploma: Diploma | null;
}

/** The latest diploma; polled every few seconds while the antivirus scan runs. */
export function diplomaQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: diplomaQueryKey,
    queryFn: ({ signal }) => api.request<MyDiploma>('/me/diploma', { signal }),
    refetchInterval: (query) => diplomaRefetchInterval(query.state.data?.diploma?.status),
  });
}

export function uploadDiploma(
  api: ApiClient,
  file: Blob,
  onProgress?: (fraction: number) => void,
): Promise<MyDiploma> {
  return api.request<MyDiploma>('/me/diploma', {
    method: 'PUT',
    rawBody: file,
    ...(onProgress ? { onUploadProgress: onProgress } : {}),
  });
}
