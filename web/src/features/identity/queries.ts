// Server state of the signed-in user: the profile (`GET /api/me`, created on first call) and the language choice.
import type { Language, Profile } from '@soins/shared';
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const meQueryKey = ['me'] as const;

export function meQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => api.request<Profile>('/me', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function updateMyLanguage(api: ApiClient, language: Language): Promise<Profile> {
  return api.request<Profile>('/me', { method: 'PATCH', body: { language } });
}

export function useUpdateMyLanguage(api: ApiClient) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (language: Language) => updateMyLanguage(api, language),
    onSuccess: (profile) => {
      queryClient.setQueryData(meQueryKey, profile);
      // What the api writes in the profile's language (quiz texts, e-mails' previews…) is read again.
      void queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] === 'me' && query.queryKey.length > 1,
      });
    },
  });
}

export function cachedProfile(queryClient: QueryClient): Profile | undefined {
  return queryClient.getQueryData<Profile>(meQueryKey);
}
