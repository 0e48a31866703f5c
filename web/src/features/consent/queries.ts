import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';
import { useAppContext } from '../../app-context';
import { runtimeConfig } from '../../bootstrap/config';
import { clarityProjectIdOf } from './consent';

/** The Clarity project id of the runtime config; null when none is configured (then no banner, no Clarity). */
export function clarityProjectIdQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['runtime-config', 'clarityProjectId'] as const,
    queryFn: async () => clarityProjectIdOf(await runtimeConfig(api)) ?? null,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 1,
  });
}

export function useClarityProjectId(): string | undefined {
  const { api } = useAppContext();
  return useQuery(clarityProjectIdQueryOptions(api)).data ?? undefined;
}
