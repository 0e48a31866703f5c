// In-app notifications for the composition root: the store, the idempotent `notify` the other modules call
// when something happens to a person (certificate ready, diploma reviewed, attestation issued, session
// tomorrow), and the person's routes under /api/me/notifications.
import type { CosmosClient } from '@azure/cosmos';
import {
  notificationIdSchema,
  notificationsPageSize,
  notificationsQuerySchema,
  type AppNotification,
  type NotificationList,
  type NotificationsMarked,
  type UnreadNotifications,
} from '@soins/shared';
import { CosmosNotificationStore } from '../../adapters/cosmos/notification-store';
import {
  CountUnreadNotifications,
  ListMyNotifications,
  MarkAllNotificationsRead,
  MarkNotificationRead,
  Notify,
  sessionReminderNotifier,
  type NotifySessionReminder,
} from '../../domain/notifications/notifications';
import type { Clock, Logger } from '../../domain/ports';
import { access, callerOf, parseOrProblem, pathParam, queryOf, unwrap, type RouteSpec } from '../http-kit';

export interface Notifications {
  readonly routes: RouteSpec[];
  /** Writes a notification once per person and event (kind + source id): safe in retried steps. */
  readonly notify: Notify;
  /** The hook of the "session tomorrow" reminder: one notification per person and session. */
  readonly sessionReminder: NotifySessionReminder;
}

export function makeNotifications(deps: {
  cosmos: CosmosClient;
  database: string;
  clock: Clock;
  logger: Logger;
}): Notifications {
  const { clock, logger } = deps;
  const store = new CosmosNotificationStore(deps.cosmos, deps.database);
  const notify = new Notify({ store, clock, logger });
  return {
    notify,
    sessionReminder: sessionReminderNotifier(notify),
    routes: makeNotificationRoutes({
      list: new ListMyNotifications(store),
      count: new CountUnreadNotifications(store),
      markRead: new MarkNotificationRead({ store, clock }),
      markAllRead: new MarkAllNotificationsRead({ store, clock }),
    }),
  };
}

/** The person's own notifications only: every route reads the caller's partition, never an id from the path. */
export function makeNotificationRoutes(deps: {
  list: ListMyNotifications;
  count: CountUnreadNotifications;
  markRead: MarkNotificationRead;
  markAllRead: MarkAllNotificationsRead;
}): RouteSpec[] {
  return [
    {
      name: 'me-notifications-list',
      methods: ['GET'],
      route: 'me/notifications',
      access: access.signedIn,
      handle: async (ctx) => {
        const query = parseOrProblem(notificationsQuerySchema, queryOf(ctx, ['continuationToken', 'limit']));
        const body: NotificationList = await deps.list.execute(callerOf(ctx).id, {
          limit: query.limit ?? notificationsPageSize,
          continuationToken: query.continuationToken,
        });
        return { body };
      },
    },
    {
      name: 'me-notifications-unread',
      methods: ['GET'],
      route: 'me/notifications/unread-count',
      access: access.signedIn,
      handle: async (ctx) => {
        const body: UnreadNotifications = await deps.count.execute(callerOf(ctx).id);
        return { body };
      },
    },
    {
      name: 'me-notification-read',
      methods: ['POST'],
      route: 'me/notifications/{notificationId}/read',
      access: access.signedIn,
      handle: async (ctx) => {
        const id = pathParam(ctx, 'notificationId', notificationIdSchema);
        const body: AppNotification = unwrap(await deps.markRead.execute(callerOf(ctx).id, id));
        return { body };
      },
    },
    {
      name: 'me-notifications-read-all',
      methods: ['POST'],
      route: 'me/notifications/read-all',
      access: access.signedIn,
      handle: async (ctx) => {
        const body: NotificationsMarked = await deps.markAllRead.execute(callerOf(ctx).id);
        return { body };
      },
    },
  ];
}
