import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import { notificationKinds, notificationSubjectSchema } from '@soins/shared';
import { z } from 'zod';
import type {
  NotificationPage,
  NotificationStore,
  StoredNotification,
} from '../../domain/notifications/notifications';
import { cosmosStatus } from './errors';
import { drain, singlePartitionPage } from './paging';

/*
 * `notifications` (partition /userId, container time to live: infra/resources.json): one document per
 * notification, `{ id: 'n-…', userId, key, subject, createdAt, readAt? }`. Every query names the person's
 * partition: the list (ORDER BY createdAt DESC) and the unread COUNT are single-partition queries, which the
 * gateway serves (a cross-partition ORDER BY or aggregate it refuses, and so does the local emulator).
 */
export const notificationsContainerName = 'notifications';
const schemaVersion = 1;
/** How many unread notifications one "mark all read" call marks (a person has few; the rest next call). */
const MARK_ALL_LIMIT = 500;

const documentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  key: z.string(),
  subject: notificationSubjectSchema,
  createdAt: z.string(),
  readAt: z.string().optional(),
});

/**
 * Whether a newer version of the api wrote this notification (a kind this one does not know). During a
 * deployment's slot swap both versions serve the same people: the older one leaves those out of a list rather
 * than failing it. Any other document that does not match is an error.
 */
const fromNewerVersion = (document: unknown): boolean => {
  const kind = (document as { subject?: { kind?: unknown } } | null)?.subject?.kind;
  return typeof kind === 'string' && !(notificationKinds as readonly string[]).includes(kind);
};

const toStored = (document: unknown): StoredNotification => {
  const { readAt, ...rest } = documentSchema.parse(document);
  return { ...rest, ...(readAt ? { readAt } : {}) };
};

const newestFirst = (userId: string): SqlQuerySpec => ({
  query: 'SELECT * FROM c WHERE c.userId = @userId ORDER BY c.createdAt DESC',
  parameters: [{ name: '@userId', value: userId }],
});

const unreadIds = (userId: string): SqlQuerySpec => ({
  query: 'SELECT c.id FROM c WHERE c.userId = @userId AND NOT IS_DEFINED(c.readAt)',
  parameters: [{ name: '@userId', value: userId }],
});

export class CosmosNotificationStore implements NotificationStore {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container(notificationsContainerName);
  }

  async create(notification: StoredNotification): Promise<boolean> {
    try {
      await this.container.items.create({ ...notification, schemaVersion });
      return true;
    } catch (error) {
      // Already written by an earlier delivery of the same event.
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  page(
    userId: string,
    options: { limit: number; continuationToken?: string | undefined },
  ): Promise<NotificationPage> {
    return singlePartitionPage(this.container, newestFirst(userId), {
      partitionKey: userId,
      pageSize: options.limit,
      pageToken: options.continuationToken,
      accept: (documents) => documents.filter((document) => !fromNewerVersion(document)).map(toStored),
    });
  }

  async unreadCount(userId: string): Promise<number> {
    const [count] = await drain<number>(
      this.container,
      {
        query: 'SELECT VALUE COUNT(1) FROM c WHERE c.userId = @userId AND NOT IS_DEFINED(c.readAt)',
        parameters: [{ name: '@userId', value: userId }],
      },
      { partitionKey: userId },
    );
    return count ?? 0;
  }

  async get(userId: string, id: string): Promise<StoredNotification | undefined> {
    return (await this.read(userId, id))?.notification;
  }

  async markRead(userId: string, id: string, at: string): Promise<StoredNotification | undefined> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.read(userId, id);
      if (!current) return undefined;
      if (current.notification.readAt) return current.notification;
      const next = { ...current.notification, readAt: at };
      try {
        // Only the version read: a concurrent read keeps the first time.
        await this.container
          .item(id, userId)
          .replace(
            { ...next, schemaVersion },
            { accessCondition: { type: 'IfMatch', condition: current.etag } },
          );
        return next;
      } catch (error) {
        if (cosmosStatus(error) === 404) return undefined;
        if (cosmosStatus(error) !== 412) throw error;
      }
    }
    throw new Error('notification kept changing while marking it read');
  }

  private async read(
    userId: string,
    id: string,
  ): Promise<{ notification: StoredNotification; etag: string } | undefined> {
    const { resource } = await this.container.item(id, userId).read<Record<string, unknown>>();
    if (!resource) return undefined;
    return { notification: toStored(resource), etag: resource._etag };
  }

  async markAllRead(userId: string, at: string): Promise<number> {
    const unread = await drain<{ id: string }>(this.container, unreadIds(userId), {
      partitionKey: userId,
      limit: MARK_ALL_LIMIT,
    });
    let marked = 0;
    for (const { id } of unread) {
      if ((await this.markRead(userId, id, at))?.readAt === at) marked += 1;
    }
    return marked;
  }
}
