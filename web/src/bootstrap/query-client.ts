import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';

/** Retries only what may succeed on a second try: network failures and 5xx, twice; never a 4xx. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  return !isApiError(error) || error.status === 0 || error.status >= 500;
}

export interface QueryClientHooks {
  /** Any query or mutation answered `legal_acceptance_required` (403): the user must accept new documents. */
  readonly onLegalAcceptanceRequired?: () => void;
}

export function createQueryClient(hooks: { current: QueryClientHooks } = { current: {} }): QueryClient {
  const onError = (error: unknown): void => {
    if (isApiError(error, 'legal_acceptance_required')) hooks.current.onLegalAcceptanceRequired?.();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
