// Reminders in the SPA: the learner's preferences (profile) and the public unsubscribe link.
import type { MyReminderPreferences, ReminderPreferences, UnsubscribeView } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const myRemindersQueryKey = ['me', 'reminders'] as const;

export function myRemindersQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: myRemindersQueryKey,
    queryFn: ({ signal }) => api.request<MyReminderPreferences>('/me/reminders', { signal }),
  });
}

export function saveReminders(
  api: ApiClient,
  preferences: ReminderPreferences,
): Promise<MyReminderPreferences> {
  return api.request<MyReminderPreferences>('/me/reminders', { method: 'PUT', body: { preferences } });
}

/** What an unsubscribe link is for (changes nothing: mail scanners open links). */
export function unsubscribeQueryOptions(api: ApiClient, token: string) {
  return queryOptions({
    queryKey: ['reminders', 'unsubscribe', token] as const,
    queryFn: ({ signal }) =>
      api.request<UnsubscribeView>('/reminders/unsubscribe', { signal, anonymous: true, query: { token } }),
    retry: false,
  });
}

/** The confirmation's button: the same one-click POST mail clients send (RFC 8058). */
export function unsubscribe(api: ApiClient, token: string): Promise<UnsubscribeView> {
  return api.request<UnsubscribeView>('/reminders/unsubscribe', {
    method: 'POST',
    anonymous: true,
    query: { token },
  });
}
