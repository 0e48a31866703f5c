import type { AppNotification } from '@soins/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { problemMessage } from '../../api/problem-message';
import { useI18n } from '../../i18n';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Loading,
  LoadMoreButton,
  useDocumentTitle,
  useToast,
} from '../../ui';
import { formatDateTime } from '../identity/format';
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationPagesQueryOptions,
  notificationsQueryKey,
  unreadCountQueryOptions,
} from './queries';
import { notificationTarget, notificationText } from './text';
import './notifications.css';

/** The person's notifications, newest first; opening one marks it read; "mark all as read". */
export function NotificationsPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  useDocumentTitle(t('notifications.documentTitle'));
  const list = useInfiniteQuery(notificationPagesQueryOptions(api));
  const count = useQuery(unreadCountQueryOptions(api));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = count.data?.unread ?? items.filter((n) => !n.readAt).length;
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey });

  const markOne = useMutation({
    mutationFn: (id: string) => markNotificationRead(api, id),
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => markAllNotificationsRead(api),
    onSuccess: () => {
      toast.show(t('notifications.allMarked'), 'success');
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
    onSettled: refresh,
  });

  const open = (notification: AppNotification): void => {
    if (!notification.readAt) markOne.mutate(notification.id);
  };

  return (
    <>
      <header className="page-header notifications__header">
        <h1>{t('notifications.title')}</h1>
        {items.length > 0 ? (
          <div className="notifications__actions">
            <p className="notifications__summary" role="status">
              {t('notifications.unreadSummary', { count: unread })}
            </p>
            {unread > 0 ? (
              <Button
                variant="secondary"
                size="sm"
                busy={markAll.isPending}
                onClick={() => {
                  markAll.mutate();
                }}
              >
                {t('notifications.markAllRead')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </header>
      {list.isPending ? (
        <Loading label={t('common.loading')} />
      ) : list.isError ? (
        <ErrorState title={t('notifications.errorTitle')} />
      ) : items.length === 0 ? (
        <EmptyState title={t('notifications.emptyTitle')}>
          <p>{t('notifications.emptyBody')}</p>
        </EmptyState>
      ) : (
        <div className="stack">
          <ul className="notifications__list card">
            {items.map((notification) => {
              const target = notificationTarget(notification);
              return (
                <li
                  key={notification.id}
                  className="notifications__item"
                  data-read={notification.readAt ? 'true' : 'false'}
                >
                  <p className="notifications__text">
                    {notification.readAt ? null : (
                      <>
                        <Badge tone="brand">{t('notifications.unread')}</Badge>{' '}
                      </>
                    )}
                    {notificationText(t, lang, notification)}
                  </p>
                  <p className="notifications__meta">
                    <span>
                      {t('notifications.receivedAt', { date: formatDateTime(notification.createdAt, lang) })}
                    </span>
                    <Link
                      to={target.to}
                      onClick={() => {
                        open(notification);
                      }}
                    >
                      {t(target.label)}
                    </Link>
                  </p>
                </li>
              );
            })}
          </ul>
          <LoadMoreButton list={list}>{t('notifications.more')}</LoadMoreButton>
        </div>
      )}
    </>
  );
}
