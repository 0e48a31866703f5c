// In-app notifications in the SPA: the unread count the header's bell polls, the pages of the list, and
// marking read. Responses are typed with the shared types (the api validates them before sending).
import type {
  AppNotification,
  NotificationList,
  NotificationsMarked,
  UnreadNotifications,
} from '@soins/shared';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const notificationsQueryKey = ['me', 'notifications'] as const;
export const unreadCountQueryKey = [...notificationsQueryKey, 'unread'] as const;

/** How often the bell asks again while the page stays open (it also asks on navigation and focus). */
export const UNREAD_POLL_MS = 60_000;

export function unreadCountQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: unreadCountQueryKey,
    queryFn: ({ signal }) => api.request<UnreadNotifications>('/me/notifications/unread-count', { signal }),
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
}

/** Newest first, 20 per page; "show more" appends the next page. */
export function notificationPagesQueryOptions(api: ApiClient) {
  return infiniteQueryOptions({
    queryKey: [...notificationsQueryKey, 'pages'] as const,
    queryFn: ({ pageParam, signal }) =>
      api.request<NotificationList>('/me/notifications', { query: { continuationToken: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
  });
}

export function markNotificationRead(api: ApiClient, id: string): Promise<AppNotification> {
  return api.request<AppNotification>(`/me/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}

export function markAllNotificationsRead(api: ApiClient): Promise<NotificationsMarked> {
  return api.request<NotificationsMarked>('/me/notifications/read-all', { method: 'POST' });
}
