// Reminders end to end: a daily timer finds who is due (./rules.ts) and puts one message per reminder
// on the `reminders` queue (message id = the reminder's key: a timer that runs twice enqueues the same
// ids, which Service Bus drops as duplicates); the consumer checks the person's preferences and the sent
// record, then asks for the e-mail through the idempotent e-mail queue (same key) and records it sent.
// A redelivered message or a second run therefore sends one e-mail per person, kind and period.
//
// Unsubscribe: every reminder carries a signed token (person, kind, expiry). Its link shows a
// confirmation page (GET changes nothing: mail scanners prefetch links); the one-click POST (RFC 8058,
// no sign-in) turns that kind off.
import {
  reminderKindSchema,
  unsubscribeTokenSchema,
  type EmailMessageInput,
  type HoursLedger,
  type ReminderKind,
  type ReminderPreferences,
} from '@soins/shared';
import type { UserRepository } from '../identity/model';
import type { Clock, Logger, MessageBus } from '../ports';
import { fail, ok, type Result } from '../result';
import {
  enrolmentActivity,
  hoursShortDue,
  hoursShortSeason,
  idleTrainingDue,
  paymentFailedDue,
  reminderKey,
  sessionTomorrowDue,
  subscriptionEndingDue,
  type BillingFacts,
  type DueReminder,
  type IdleTrainingFacts,
  type SessionFacts,
} from './rules';

export const REMINDERS_QUEUE = 'reminders';
/** How long an unsubscribe link works. */
export const UNSUBSCRIBE_LINK_DAYS = 365;

// ---- ports --------------------------------------------------------------------------------------

export interface SentReminder {
  readonly userId: string;
  readonly kind: ReminderKind;
  readonly period: string;
  readonly key: string;
  readonly sentAt: string;
}

/** The `reminders` container: the person's preferences and the reminders already sent. */
export interface ReminderStore {
  /** Stored switches over the defaults (every kind on). */
  preferences(userId: string): Promise<ReminderPreferences>;
  savePreferences(userId: string, preferences: ReminderPreferences, at: string): Promise<void>;
  wasSent(userId: string, key: string): Promise<boolean>;
  /** Idempotent; the record expires after SENT_RECORD_DAYS. */
  markSent(record: SentReminder): Promise<void>;
}

/** The facts the rules read, from the stores that own them (read-only, Cosmos parity respected). */
export interface ReminderSources {
  /** Enrolment and progress documents of every learner (kind, userId, trainingId and dates only). */
  learningActivity(): Promise<
    readonly {
      kind: string;
      userId: string;
      trainingId: string;
      enrolledAt?: string;
      completedAt?: string;
      updatedAt?: string;
    }[]
  >;
  /** A published training's title and whether it is free (undefined when it no longer exists). */
  training(trainingId: string): Promise<IdleTrainingFacts | undefined>;
  /** Whether the learner's subscription gives access to paid trainings now (the grace period included). */
  hasActiveSubscription(userId: string): Promise<boolean>;
  /** Scheduled sessions starting from `fromIso`. */
  sessionsFrom(fromIso: string): Promise<readonly SessionFacts[]>;
  /** Billing accounts whose subscription is past_due or set to cancel at period end. */
  billingToRemind(): Promise<readonly BillingFacts[]>;
  /** Active people with a profession (the hours obligations apply to them). */
  professionals(): Promise<readonly string[]>;
  /** The person's hours against her obligations (the ledger page's use case). */
  hoursOf(userId: string): Promise<HoursLedger>;
}

/** Signs and verifies short strings for one purpose (adapters/crypto/link-signer.ts). */
export interface LinkSigner {
  sign(payload: string): string;
  /** The payload, or undefined when the token was not signed by us (tampered, unknown key). */
  verify(token: string): string | undefined;
}

/**
 * Hook for the in-app notifications (issue 14 point 7, built separately): called by the consumer for
 * every due `session_tomorrow` reminder, whatever the e-mail preference, before the e-mail. Idempotency
 * is the notifications' own (key it on the reminder key). No-op until the lead wires it in main.ts.
 */
export type SessionReminderHook = (reminder: DueReminder & { key: string }) => Promise<void>;

// ---- unsubscribe tokens ------------------------------------------------------------------------

export type UnsubscribeError =
  | { readonly code: 'unsubscribe_link_invalid'; readonly message: string }
  | { readonly code: 'unsubscribe_link_expired'; readonly message: string };

/** `<userId>|<kind>|<expiry, unix seconds>`, signed. */
export class UnsubscribeTokens {
  constructor(private readonly signer: LinkSigner) {}

  issue(userId: string, kind: ReminderKind, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_LINK_DAYS * 86_400;
    return this.signer.sign(`${userId}|${kind}|${String(expires)}`);
  }

  read(token: string, now: Date): Result<{ userId: string; kind: ReminderKind }, UnsubscribeError> {
    const invalid = fail<UnsubscribeError>({ code: 'unsubscribe_link_invalid', message: 'bad token' });
    if (!unsubscribeTokenSchema.safeParse(token).success) return invalid;
    const payload = this.signer.verify(token);
    if (payload === undefined) return invalid;
    const [userId = '', kindText = '', expiresText = ''] = payload.split('|');
    const kind = reminderKindSchema.safeParse(kindText);
    if (!userId || !kind.success || !/^\d{1,12}$/.test(expiresText)) return invalid;
    if (Number(expiresText) * 1000 < now.getTime()) {
      return fail({ code: 'unsubscribe_link_expired', message: 'link expired' });
    }
    return ok({ userId, kind: kind.data });
  }
}

// ---- the timer ------------------------------------------------------------------------------------

export interface ReminderMessage {
  readonly key: string;
  readonly reminder: DueReminder;
}

export type ScanOutcome = Readonly<Record<ReminderKind, number>>;

/** The daily scan: every due reminder, one queue message each (ids deterministic: reruns are duplicates). */
export class ScanReminders {
  static readonly timer = 'reminders-daily';

  constructor(
    private readonly deps: { sources: ReminderSources; bus: MessageBus; clock: Clock; logger: Logger },
  ) {}

  async execute(): Promise<ScanOutcome> {
    const now = this.deps.clock.now();
    const counts: Record<ReminderKind, number> = {
      idle_training: 0,
      session_tomorrow: 0,
      payment_failed: 0,
      subscription_ending: 0,
      hours_short: 0,
    };
    const failures: string[] = [];
    // Each kind on its own: a failing source does not keep the other reminders from going out.
    for (const [kind, find] of this.finders(now)) {
      try {
        const due = await find();
        for (const reminder of due) {
          const key = reminderKey(reminder);
          await this.deps.bus.send<ReminderMessage>(REMINDERS_QUEUE, { id: key, body: { key, reminder } });
        }
        counts[kind] = due.length;
      } catch (error) {
        failures.push(kind);
        this.deps.logger.error('reminders.scan_failed', {
          kind,
          errorName: error instanceof Error ? error.name : typeof error,
        });
      }
    }
    this.deps.logger.info('reminders.scanned', { ...counts });
    if (failures.length > 0) throw new Error(`reminder scan failed for ${failures.join(', ')}`);
    return counts;
  }

  private finders(now: Date): [ReminderKind, () => Promise<DueReminder[]>][] {
    const { sources } = this.deps;
    const billing = (() => {
      let loaded: Promise<readonly BillingFacts[]> | undefined;
      return () => (loaded ??= sources.billingToRemind());
    })();
    return [
      [
        'idle_training',
        async () => {
          const activity = enrolmentActivity(await sources.learningActivity());
          const trainings = new Map<string, IdleTrainingFacts>();
          for (const trainingId of new Set(activity.map((a) => a.trainingId))) {
            const training = await sources.training(trainingId);
            if (training) trainings.set(trainingId, training);
          }
          // Subscriptions are read only for the learners a paid training would remind.
          const candidates = idleTrainingDue(activity, trainings, () => true, now);
          const subscribers = new Set<string>();
          for (const userId of new Set(
            candidates
              .filter(
                (due) => due.details.kind === 'idle_training' && !trainings.get(due.details.trainingId)?.free,
              )
              .map((due) => due.userId),
          )) {
            if (await sources.hasActiveSubscription(userId)) subscribers.add(userId);
          }
          return idleTrainingDue(activity, trainings, (userId) => subscribers.has(userId), now);
        },
      ],
      [
        'session_tomorrow',
        async () => sessionTomorrowDue(await sources.sessionsFrom(now.toISOString()), now),
      ],
      ['payment_failed', async () => paymentFailedDue(await billing(), now)],
      ['subscription_ending', async () => subscriptionEndingDue(await billing(), now)],
      [
        'hours_short',
        async () => {
          if (!hoursShortSeason(now)) return [];
          const due: DueReminder[] = [];
          for (const userId of await sources.professionals()) {
            due.push(...hoursShortDue(userId, await sources.hoursOf(userId), now));
          }
          return due;
        },
      ],
    ];
  }
}

// ---- the consumer ---------------------------------------------------------------------------------

export type SendOutcome = 'sent' | 'duplicate' | 'opted_out' | 'no_recipient';

export class SendReminder {
  constructor(
    private readonly deps: {
      store: ReminderStore;
      users: UserRepository;
      tokens: UnsubscribeTokens;
      sendEmail: (message: EmailMessageInput) => Promise<void>;
      sessionReminder: SessionReminderHook;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async execute(message: ReminderMessage): Promise<SendOutcome> {
    const { reminder } = message;
    // The key is recomputed: a message cannot choose the record it completes.
    const key = reminderKey(reminder);
    const { store, users, clock } = this.deps;
    const person = (await users.get(reminder.userId))?.value;
    if (!person || person.status !== 'active' || !person.email) return 'no_recipient';
    if (reminder.kind === 'session_tomorrow') await this.deps.sessionReminder({ ...reminder, key });
    if (!(await store.preferences(reminder.userId))[reminder.kind]) return 'opted_out';
    if (await store.wasSent(reminder.userId, key)) return 'duplicate';
    const now = clock.now();
    await this.deps.sendEmail({
      id: key,
      request: {
        template: 'reminder',
        recipient: {
          userId: person.id,
          email: person.email,
          displayName: person.displayName,
          language: person.language,
        },
        reminder: reminder.details,
        unsubscribeToken: this.deps.tokens.issue(person.id, reminder.kind, now),
      },
    });
    await store.markSent({
      userId: reminder.userId,
      kind: reminder.kind,
      period: reminder.period,
      key,
      sentAt: now.toISOString(),
    });
    this.deps.logger.info('reminders.sent', { kind: reminder.kind, key });
    return 'sent';
  }
}

// ---- preferences and unsubscribe ----------------------------------------------------------------

export class ReminderPreferencesOf {
  constructor(private readonly deps: { store: ReminderStore; clock: Clock }) {}

  get(userId: string): Promise<ReminderPreferences> {
    return this.deps.store.preferences(userId);
  }

  async save(userId: string, preferences: ReminderPreferences): Promise<ReminderPreferences> {
    await this.deps.store.savePreferences(userId, preferences, this.deps.clock.now().toISOString());
    return preferences;
  }
}

export class Unsubscribe {
  constructor(private readonly deps: { store: ReminderStore; tokens: UnsubscribeTokens; clock: Clock }) {}

  /** What the link is for (the confirmation page); changes nothing. */
  async check(token: string): Promise<Result<{ kind: ReminderKind; subscribed: boolean }, UnsubscribeError>> {
    const read = this.deps.tokens.read(token, this.deps.clock.now());
    if (!read.ok) return read;
    const preferences = await this.deps.store.preferences(read.value.userId);
    return ok({ kind: read.value.kind, subscribed: preferences[read.value.kind] });
  }

  /** One click: that kind off (idempotent). */
  async execute(token: string): Promise<Result<{ kind: ReminderKind; subscribed: false }, UnsubscribeError>> {
    const now = this.deps.clock.now();
    const read = this.deps.tokens.read(token, now);
    if (!read.ok) return read;
    const { userId, kind } = read.value;
    const preferences = await this.deps.store.preferences(userId);
    if (preferences[kind]) {
      await this.deps.store.savePreferences(userId, { ...preferences, [kind]: false }, now.toISOString());
    }
    return ok({ kind, subscribed: false });
  }
}
