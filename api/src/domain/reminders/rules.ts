// Reminder rules: pure functions deciding who is due for which reminder, and the period that makes a
// reminder "the same one" (sent once per person, kind and period). Dates are calendar days in
// Europe/Brussels. Each kind has a window: outside it nothing is due, so the first run after a
// deployment does not remind everyone of something months old, and a sent record only has to be kept
// for the window (see SENT_RECORD_DAYS).
//
//   kind                 due when (today = Brussels date of `now`)                        period
//   idle_training        enrolled, not completed, last activity 14 to 44 days ago         <trainingId>:<last activity date>
//   session_tomorrow     a seat (registered) in a scheduled session starting tomorrow     <sessionId>
//   payment_failed       past_due, 3 days after the paid period ended, access still open  <subscriptionId>:<paid period end>
//   subscription_ending  cancelled at period end, the period ends within 7 days           <subscriptionId>:<period end date>
//   hours_short          current legal period not met, from two months before its end     <obligation>:<period start>
import type { HoursLedger, ReminderDetails, ReminderKind } from '@soins/shared';
import { isEntitled, PAST_DUE_GRACE_DAYS, type StoredSubscription } from '../billing';
import { brusselsDate } from '../hours/ledger';
import { digest } from '../messaging';
import { retention } from '../privacy/register';

export const IDLE_AFTER_DAYS = 14;
/** Idle longer than this: no reminder any more (one nudge, not a backlog). */
export const IDLE_WINDOW_DAYS = 30;
/** Days after the paid period's end before the reminder (the failure itself was notified at once). */
export const PAYMENT_REMINDER_AFTER_DAYS = 3;
export const SUBSCRIPTION_ENDING_WITHIN_DAYS = 7;
export const HOURS_SHORT_MONTHS_BEFORE_END = 2;
/** Sent records outlive every window above (item time to live in the `reminders` container). */
export const SENT_RECORD_DAYS = retention.reminderSentDays;

const DAY_MS = 86_400_000;

export interface DueReminder {
  readonly userId: string;
  readonly kind: ReminderKind;
  readonly period: string;
  readonly details: ReminderDetails;
}

// ---- calendar helpers (YYYY-MM-DD, Europe/Brussels) ------------------------------------------------

/** Whole days from `from` to `to` (calendar dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `months` months earlier, clamped to the month's last day (31 Dec − 2 months = 31 Oct). */
export function monthsBefore(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = index - y * 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

const today = (now: Date): string => brusselsDate(now.toISOString());

// ---- idle training ------------------------------------------------------------------------------

export interface EnrolmentActivity {
  readonly userId: string;
  readonly trainingId: string;
  readonly enrolledAt: string;
  readonly completedAt?: string | undefined;
  /** Latest of the enrolment and every progress report in the training. */
  readonly lastActivityAt: string;
}

/** What the idle-training rule needs of a training: its title, and whether following it needs a subscription. */
export interface IdleTrainingFacts {
  readonly title: { readonly fr: string; readonly nl: string };
  readonly free: boolean;
}

/**
 * Enrolments idle for 14 to 44 days. A paid training reminds only a learner whose subscription still gives
 * access (`subscribed`): a former subscriber is not asked to come back to a training she can no longer open.
 */
export function idleTrainingDue(
  enrolments: readonly EnrolmentActivity[],
  trainings: ReadonlyMap<string, IdleTrainingFacts>,
  subscribed: (userId: string) => boolean,
  now: Date,
): DueReminder[] {
  const day = today(now);
  return enrolments.flatMap((enrolment) => {
    if (enrolment.completedAt) return [];
    const training = trainings.get(enrolment.trainingId);
    if (!training) return [];
    if (!training.free && !subscribed(enrolment.userId)) return [];
    const title = training.title;
    const lastDay = brusselsDate(enrolment.lastActivityAt);
    const idle = daysBetween(lastDay, day);
    if (idle < IDLE_AFTER_DAYS || idle >= IDLE_AFTER_DAYS + IDLE_WINDOW_DAYS) return [];
    return [
      {
        userId: enrolment.userId,
        kind: 'idle_training',
        period: `${enrolment.trainingId}:${lastDay}`,
        details: {
          kind: 'idle_training',
          trainingId: enrolment.trainingId,
          trainingTitle: title,
          lastActivityAt: enrolment.lastActivityAt,
        },
      },
    ];
  });
}

/** Latest activity per (learner, training): the enrolment and its chapters' progress documents. */
export function enrolmentActivity(
  documents: readonly {
    readonly kind: string;
    readonly userId: string;
    readonly trainingId: string;
    readonly enrolledAt?: string;
    readonly completedAt?: string;
    readonly updatedAt?: string;
  }[],
): EnrolmentActivity[] {
  const byKey = new Map<string, { enrolment?: (typeof documents)[number]; latest: string }>();
  const key = (doc: (typeof documents)[number]) => `${doc.userId}\u0000${doc.trainingId}`;
  const later = (a: string, b: string | undefined) => (b && Date.parse(b) > Date.parse(a) ? b : a);
  for (const doc of documents) {
    const entry = byKey.get(key(doc)) ?? { latest: '1970-01-01T00:00:00.000Z' };
    if (doc.kind === 'enrolment') {
      entry.enrolment = doc;
      entry.latest = later(entry.latest, doc.enrolledAt);
    } else if (doc.kind === 'progress') {
      entry.latest = later(entry.latest, doc.updatedAt);
    }
    byKey.set(key(doc), entry);
  }
  return [...byKey.values()].flatMap(({ enrolment, latest }) =>
    enrolment?.enrolledAt
      ? [
          {
            userId: enrolment.userId,
            trainingId: enrolment.trainingId,
            enrolledAt: enrolment.enrolledAt,
            ...(enrolment.completedAt ? { completedAt: enrolment.completedAt } : {}),
            lastActivityAt: latest,
          },
        ]
      : [],
  );
}

// ---- in-person session tomorrow ------------------------------------------------------------------

export interface SessionFacts {
  readonly id: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly trainingTitle: { readonly fr: string; readonly nl: string };
  readonly startsAt: string;
  readonly endsAt: string;
  readonly place: string;
  readonly registrations: readonly { readonly userId: string; readonly status: string }[];
}

export function sessionTomorrowDue(sessions: readonly SessionFacts[], now: Date): DueReminder[] {
  const tomorrow = addDays(today(now), 1);
  return sessions.flatMap((session) => {
    if (session.status !== 'scheduled' || brusselsDate(session.startsAt) !== tomorrow) return [];
    return session.registrations
      .filter((registration) => registration.status === 'registered')
      .map((registration): DueReminder => ({
        userId: registration.userId,
        kind: 'session_tomorrow',
        period: session.id,
        details: {
          kind: 'session_tomorrow',
          trainingTitle: { fr: session.trainingTitle.fr, nl: session.trainingTitle.nl },
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          place: session.place,
        },
      }));
  });
}

// ---- billing ------------------------------------------------------------------------------------

export interface BillingFacts {
  readonly userId: string;
  readonly subscription?: StoredSubscription | undefined;
}

/**
 * A failed renewal: the learner was told at once (the webhook's payment_failed e-mail); this reminder
 * comes 3 days after the paid period ended, while the grace period still gives access, and says when it
 * closes. Once per unpaid renewal (the invoice id is not stored: the paid period's end identifies it).
 */
export function paymentFailedDue(accounts: readonly BillingFacts[], now: Date): DueReminder[] {
  return accounts.flatMap(({ userId, subscription: sub }) => {
    if (sub?.status !== 'past_due' || !sub.currentPeriodEnd || !isEntitled(sub, now)) return [];
    const periodEnd = Date.parse(sub.currentPeriodEnd);
    if (now.getTime() < periodEnd + PAYMENT_REMINDER_AFTER_DAYS * DAY_MS) return [];
    return [
      {
        userId,
        kind: 'payment_failed',
        period: `${sub.id}:${sub.currentPeriodEnd}`,
        details: {
          kind: 'payment_failed',
          accessEndsAt: new Date(periodEnd + PAST_DUE_GRACE_DAYS * DAY_MS).toISOString(),
        },
      },
    ];
  });
}

/** A subscription cancelled at period end, whose period ends within the week (and has not ended yet). */
export function subscriptionEndingDue(accounts: readonly BillingFacts[], now: Date): DueReminder[] {
  return accounts.flatMap(({ userId, subscription: sub }) => {
    if (!sub?.cancelAtPeriodEnd || !sub.currentPeriodEnd) return [];
    if (sub.status !== 'active' && sub.status !== 'trialing') return [];
    const left = Date.parse(sub.currentPeriodEnd) - now.getTime();
    if (left <= 0 || left > SUBSCRIPTION_ENDING_WITHIN_DAYS * DAY_MS) return [];
    return [
      {
        userId,
        kind: 'subscription_ending',
        period: `${sub.id}:${brusselsDate(sub.currentPeriodEnd)}`,
        details: { kind: 'subscription_ending', endsAt: sub.currentPeriodEnd },
      },
    ];
  });
}

// ---- yearly obligation ----------------------------------------------------------------------------

/** First day a period ending on `endsOn` may get its reminder. */
export const hoursShortFrom = (endsOn: string): string => monthsBefore(endsOn, HOURS_SHORT_MONTHS_BEFORE_END);

/**
 * Whether any legal period can be in its reminder window today. Every period ends on 31 December
 * (../certificates/ledger.ts), so outside November–December (from 31 October) the scan reads no ledger.
 */
export function hoursShortSeason(now: Date): boolean {
  const day = today(now);
  return day >= hoursShortFrom(`${day.slice(0, 4)}-12-31`);
}

/** The current periods of the learner's obligations that are not met, within two months of their end. */
export function hoursShortDue(userId: string, ledger: HoursLedger, now: Date): DueReminder[] {
  const day = today(now);
  return ledger.obligations.flatMap((obligation) =>
    obligation.periods
      .filter((period) => period.current && !period.met)
      .filter((period) => day >= hoursShortFrom(period.endsOn) && day <= period.endsOn)
      .map((period): DueReminder => ({
        userId,
        kind: 'hours_short',
        period: `${obligation.kind}:${period.startsOn}`,
        details: {
          kind: 'hours_short',
          obligation: obligation.kind,
          hours: period.hours,
          requiredHours: period.requiredHours,
          periodEndsOn: period.endsOn,
        },
      })),
  );
}

// ---- identities ---------------------------------------------------------------------------------

/**
 * The one key of a reminder (person, kind, period) as an id: the queue message id (duplicate detection),
 * the e-mail's idempotency key (≤ 80 characters, `[A-Za-z0-9:_.@-]`) and the sent record's id.
 */
export function reminderKey(reminder: Pick<DueReminder, 'userId' | 'kind' | 'period'>): string {
  return `reminder:${reminder.kind}:${digest(`${reminder.userId}\u0000${reminder.kind}\u0000${reminder.period}`)}`;
}
