import { useQuery } from '@tanstack/react-query';
import { Link, useRouterState } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useT } from '../../i18n';
import { unreadCountQueryOptions } from './queries';
import './notifications.css';

/**
 * The header's bell: a link to the notifications page whose name says how many are unread ("Notifications,
 * 3 non lues"); the count shows as a badge. Asked again on every navigation, on focus and every minute.
 */
export function NotificationBell(): ReactNode {
  const t = useT();
  const { api } = useAppContext();
  const count = useQuery(unreadCountQueryOptions(api));
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const { refetch } = count;
  useEffect(() => {
    void refetch();
  }, [pathname, refetch]);
  const unread = count.data?.unread ?? 0;
  return (
    <Link
      to="/notifications"
      className="bell"
      activeProps={{ 'aria-current': 'page' }}
      data-unread={unread > 0 ? 'true' : 'false'}
    >
      <svg className="bell__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      <span className="sr-only">{t('notifications.bell', { count: unread })}</span>
      {unread > 0 ? (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
