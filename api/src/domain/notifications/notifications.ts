// In-app notifications: a certificate is ready, the diploma was reviewed, an attestation was issued, an
// in-person session is tomorrow. Each is written once per person and event: its id derives from the person
// and a dedupe key (kind + the source's id), so a redelivered message, a retried orchestration activity or
// a use case run twice finds the notification already there and writes nothing. The person lists them
// (newest first, paged), counts the unread ones for the header, and marks one or all read.
//
// Stored in Cosmos `notifications` (partition: the person), removed by the container's time to live
// (`retention.notificationDays` after the last change), by the erasure with the rest of the person's data,
// and carried by the data export (notifications.json).
import type { AppNotification, Diploma, NotificationSubject, NotificationTitle } from '@soins/shared';
import { base32 } from '../certificates/model';
import type { Clock, Logger } from '../ports';
import { fail, ok, type Result } from '../result';

export interface StoredNotification {
  readonly id: string;
  readonly userId: string;
  /** The dedupe key the id derives from (kind and source id). */
  readonly key: string;
  readonly subject: NotificationSubject;
  readonly createdAt: string;
  readonly readAt?: string;
}

export interface NotificationPage {
  readonly items: StoredNotification[];
  readonly continuationToken?: string;
}

/** The person's notifications (Cosmos `notifications`, one logical partition per person). */
export interface NotificationStore {
  /** Writes it unless the person already has a notification with this id: true when written. */
  create(notification: StoredNotification): Promise<boolean>;
  /** Newest first (single-partition query; the token is bound to it: a forged one is InvalidPageTokenError). */
  page(
    userId: string,
    options: { limit: number; continuationToken?: string | undefined },
  ): Promise<NotificationPage>;
  /** How many are unread (a single-partition COUNT). */
  unreadCount(userId: string): Promise<number>;
  get(userId: string, id: string): Promise<StoredNotification | undefined>;
  /** Sets `readAt` unless it is set already; undefined when the person has no such notification. */
  markRead(userId: string, id: string, at: string): Promise<StoredNotification | undefined>;
  /** Marks every unread one read; resolves how many were unread. */
  markAllRead(userId: string, at: string): Promise<number>;
}

/** The dedupe key: one notification per person, kind and source (and outcome, for a review). */
export function dedupeKeyOf(subject: NotificationSubject): string {
  switch (subject.kind) {
    case 'certificate-ready':
      return `certificate-ready:${subject.certificateId}`;
    case 'diploma-reviewed':
      return `diploma-reviewed:${subject.diplomaId}:${subject.outcome}`;
    case 'attestation-ready':
      return `attestation-ready:${subject.attestationId}`;
    case 'session-reminder':
      return `session-reminder:${subject.sessionId}`;
    case 'session-cancelled':
      return `session-cancelled:${subject.sessionId}`;
  }
}

/**
 * The notification's id, the same on every retry: `n-` + 24 base32 characters of SHA-256(userId|key). URL-safe
 * (the read route takes it as a path segment) and meaningless outside the person's partition.
 */
export async function notificationIdFor(userId: string, key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${userId}|${key}`));
  return `n-${base32(new Uint8Array(digest).subarray(0, 15)).toLowerCase()}`;
}

export function viewOfNotification(stored: StoredNotification): AppNotification {
  return {
    id: stored.id,
    subject: stored.subject,
    createdAt: stored.createdAt,
    ...(stored.readAt ? { readAt: stored.readAt } : {}),
  };
}

/** Writes a notification once per person and dedupe key (idempotent: safe in retried steps). */
export class Notify {
  constructor(private readonly deps: { store: NotificationStore; clock: Clock; logger: Logger }) {}

  async execute(userId: string, subject: NotificationSubject): Promise<{ id: string; created: boolean }> {
    const key = dedupeKeyOf(subject);
    const id = await notificationIdFor(userId, key);
    const created = await this.deps.store.create({
      id,
      userId,
      key,
      subject,
      createdAt: this.deps.clock.now().toISOString(),
    });
    if (created) this.deps.logger.info('notification.created', { kind: subject.kind, notificationId: id });
    return { id, created };
  }
}

/** The "diploma reviewed" subject of a decided diploma (the admin's reason shown when it was rejected). */
export function diplomaReviewedSubject(diploma: Diploma): NotificationSubject {
  if (diploma.status !== 'approved' && diploma.status !== 'rejected') {
    throw new Error(`diploma ${diploma.id} is not decided (${diploma.status})`);
  }
  return {
    kind: 'diploma-reviewed',
    diplomaId: diploma.id,
    outcome: diploma.status,
    ...(diploma.status === 'rejected' && diploma.rejectionReason ? { reason: diploma.rejectionReason } : {}),
  };
}

/**
 * The hook the "session tomorrow" reminder calls for each registered person (once per person and session:
 * calling it again for the same session writes nothing).
 */
export type NotifySessionReminder = (
  userId: string,
  session: {
    readonly sessionId: string;
    readonly trainingTitle: NotificationTitle;
    /** ISO 8601 (UTC). */
    readonly startsAt: string;
    readonly place: string;
  },
) => Promise<{ id: string; created: boolean }>;

export function sessionReminderNotifier(notify: Notify): NotifySessionReminder {
  return (userId, session) => notify.execute(userId, { kind: 'session-reminder', ...session });
}

export class ListMyNotifications {
  constructor(private readonly store: NotificationStore) {}

  async execute(
    userId: string,
    query: { limit: number; continuationToken?: string | undefined },
  ): Promise<{ items: AppNotification[]; continuationToken?: string }> {
    const page = await this.store.page(userId, query);
    return {
      items: page.items.map(viewOfNotification),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }
}

export class CountUnreadNotifications {
  constructor(private readonly store: NotificationStore) {}

  async execute(userId: string): Promise<{ unread: number }> {
    return { unread: await this.store.unreadCount(userId) };
  }
}

export class MarkNotificationRead {
  constructor(private readonly deps: { store: NotificationStore; clock: Clock }) {}

  /** Only the person's own notification: any other id is not found (the store looks in her partition). */
  async execute(
    userId: string,
    notificationId: string,
  ): Promise<Result<AppNotification, { code: 'not_found'; message: string }>> {
    const read = await this.deps.store.markRead(userId, notificationId, this.deps.clock.now().toISOString());
    return read
      ? ok(viewOfNotification(read))
      : fail({ code: 'not_found', message: 'notification not found' });
  }
}

export class MarkAllNotificationsRead {
  constructor(private readonly deps: { store: NotificationStore; clock: Clock }) {}

  async execute(userId: string): Promise<{ marked: number }> {
    return { marked: await this.deps.store.markAllRead(userId, this.deps.clock.now().toISOString()) };
  }
}
