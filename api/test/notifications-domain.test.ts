import { notificationIdSchema, type Diploma } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import {
  CountUnreadNotifications,
  diplomaReviewedSubject,
  ListMyNotifications,
  MarkAllNotificationsRead,
  MarkNotificationRead,
  notificationIdFor,
  Notify,
  sessionReminderNotifier,
} from '../src/domain/notifications/notifications';

import { MemoryNotificationStore } from './fakes/notification-fakes';
import { RecordingLogger } from './fakes/logger';

const marie = 'u-marie';
const jan = 'u-jan';

function world() {
  let now = Date.parse('2026-12-06T10:00:00Z');
  const clock = {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
  const store = new MemoryNotificationStore();
  const notify = new Notify({ store, clock, logger: new RecordingLogger() });
  return {
    clock,
    store,
    notify,
    list: new ListMyNotifications(store),
    count: new CountUnreadNotifications(store),
    markRead: new MarkNotificationRead({ store, clock }),
    markAllRead: new MarkAllNotificationsRead({ store, clock }),
  };
}

const diploma = (status: Diploma['status'], rejectionReason?: string): Diploma => ({
  id: 'd-1',
  userId: marie,
  status,
  contentType: 'application/pdf',
  sizeBytes: 10,
  uploadedAt: '2026-12-01T10:00:00Z',
  ...(rejectionReason ? { rejectionReason } : {}),
});

describe('notify: once per person and event', () => {
  it('a redelivered event (same kind and source) writes nothing the second time', async () => {
    const w = world();
    const subject = diplomaReviewedSubject(diploma('approved'));
    const first = await w.notify.execute(marie, subject);
    w.clock.advance(60_000);
    const second = await w.notify.execute(marie, subject);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(w.store.all(marie)).toHaveLength(1);
    expect(w.store.all(marie)[0]?.createdAt).toBe('2026-12-06T10:00:00.000Z');
  });

  it('different events, outcomes and people are different notifications', async () => {
    const w = world();
    await w.notify.execute(marie, diplomaReviewedSubject(diploma('rejected', 'Illisible')));
    await w.notify.execute(marie, diplomaReviewedSubject(diploma('approved')));
    await w.notify.execute(jan, diplomaReviewedSubject({ ...diploma('approved'), userId: jan }));
    await sessionReminderNotifier(w.notify)(marie, {
      sessionId: 's-1',
      trainingTitle: { fr: 'Plaies', nl: 'Wonden' },
      startsAt: '2026-12-07T08:00:00Z',
      place: 'Namur',
    });
    expect(w.store.all(marie)).toHaveLength(3);
    expect(w.store.all(jan)).toHaveLength(1);
  });

  it('the session reminder hook is idempotent per person and session', async () => {
    const w = world();
    const remind = sessionReminderNotifier(w.notify);
    const session = {
      sessionId: 's-1',
      trainingTitle: { fr: 'Plaies', nl: 'Wonden' },
      startsAt: '2026-12-07T08:00:00Z',
      place: 'Namur',
    };
    expect((await remind(marie, session)).created).toBe(true);
    expect((await remind(marie, session)).created).toBe(false);
    expect(w.store.all(marie).map((n) => n.subject)).toEqual([{ kind: 'session-reminder', ...session }]);
  });

  it('ids are the same on every retry, URL-safe, and differ between people', async () => {
    const id = await notificationIdFor(marie, 'certificate-ready:c-1');
    expect(await notificationIdFor(marie, 'certificate-ready:c-1')).toBe(id);
    expect(await notificationIdFor(jan, 'certificate-ready:c-1')).not.toBe(id);
    expect(notificationIdSchema.safeParse(id).success).toBe(true);
  });

  it('a rejection carries the admin’s reason; an approval none; an undecided diploma is refused', () => {
    expect(diplomaReviewedSubject(diploma('rejected', 'Document illisible'))).toEqual({
      kind: 'diploma-reviewed',
      diplomaId: 'd-1',
      outcome: 'rejected',
      reason: 'Document illisible',
    });
    expect(diplomaReviewedSubject(diploma('approved', 'ignored'))).toEqual({
      kind: 'diploma-reviewed',
      diplomaId: 'd-1',
      outcome: 'approved',
    });
    expect(() => diplomaReviewedSubject(diploma('pending_review'))).toThrow(/not decided/);
  });
});

describe('read and unread', () => {
  it('counts the unread ones, marks one read (keeping the first time), then all', async () => {
    const w = world();
    const a = await w.notify.execute(marie, diplomaReviewedSubject(diploma('approved')));
    w.clock.advance(1000);
    await w.notify.execute(marie, {
      kind: 'certificate-ready',
      certificateId: 'c-1',
      trainingId: 't-1',
      trainingTitle: { fr: 'Plaies' },
    });
    expect(await w.count.execute(marie)).toEqual({ unread: 2 });
    // Newest first.
    const listed = await w.list.execute(marie, { limit: 20 });
    expect(listed.items.map((n) => n.subject.kind)).toEqual(['certificate-ready', 'diploma-reviewed']);
    expect(listed.items.every((n) => n.readAt === undefined)).toBe(true);

    const read = await w.markRead.execute(marie, a.id);
    expect(read.ok && read.value.readAt).toBe('2026-12-06T10:00:01.000Z');
    w.clock.advance(1000);
    const again = await w.markRead.execute(marie, a.id);
    expect(again.ok && again.value.readAt).toBe('2026-12-06T10:00:01.000Z');
    expect(await w.count.execute(marie)).toEqual({ unread: 1 });

    expect(await w.markAllRead.execute(marie)).toEqual({ marked: 1 });
    expect(await w.count.execute(marie)).toEqual({ unread: 0 });
    expect(await w.markAllRead.execute(marie)).toEqual({ marked: 0 });
  });

  it('another person’s notification is not found for the caller, and stays unread', async () => {
    const w = world();
    const jans = await w.notify.execute(jan, diplomaReviewedSubject({ ...diploma('approved'), userId: jan }));
    expect(await w.markRead.execute(marie, jans.id)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'notification not found' },
    });
    expect(await w.markAllRead.execute(marie)).toEqual({ marked: 0 });
    expect(await w.count.execute(jan)).toEqual({ unread: 1 });
  });
});
