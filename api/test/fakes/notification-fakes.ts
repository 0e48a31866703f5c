// An in-memory NotificationStore for unit tests of domain logic (the Cosmos one is tested against the emulator).
import type {
  NotificationPage,
  NotificationStore,
  StoredNotification,
} from '../../src/domain/notifications/notifications';

export class MemoryNotificationStore implements NotificationStore {
  readonly byUser = new Map<string, Map<string, StoredNotification>>();

  private of(userId: string): Map<string, StoredNotification> {
    let mine = this.byUser.get(userId);
    if (!mine) {
      mine = new Map();
      this.byUser.set(userId, mine);
    }
    return mine;
  }

  all(userId: string): StoredNotification[] {
    return [...this.of(userId).values()];
  }

  create(notification: StoredNotification): Promise<boolean> {
    const mine = this.of(notification.userId);
    if (mine.has(notification.id)) return Promise.resolve(false);
    mine.set(notification.id, notification);
    return Promise.resolve(true);
  }

  page(
    userId: string,
    options: { limit: number; continuationToken?: string | undefined },
  ): Promise<NotificationPage> {
    const sorted = this.all(userId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const start = options.continuationToken ? Number(options.continuationToken) : 0;
    const items = sorted.slice(start, start + options.limit);
    const next = start + options.limit;
    return Promise.resolve({ items, ...(next < sorted.length ? { continuationToken: String(next) } : {}) });
  }

  unreadCount(userId: string): Promise<number> {
    return Promise.resolve(this.all(userId).filter((n) => !n.readAt).length);
  }

  get(userId: string, id: string): Promise<StoredNotification | undefined> {
    return Promise.resolve(this.of(userId).get(id));
  }

  markRead(userId: string, id: string, at: string): Promise<StoredNotification | undefined> {
    const current = this.of(userId).get(id);
    if (!current) return Promise.resolve(undefined);
    if (current.readAt) return Promise.resolve(current);
    const read = { ...current, readAt: at };
    this.of(userId).set(id, read);
    return Promise.resolve(read);
  }

  async markAllRead(userId: string, at: string): Promise<number> {
    let marked = 0;
    for (const notification of this.all(userId)) {
      if (!notification.readAt && (await this.markRead(userId, notification.id, at))) marked += 1;
    }
    return marked;
  }
}
