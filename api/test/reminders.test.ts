// Reminder rules (each kind, its edge days in Europe/Brussels, period keys), the consumer's idempotency
// and preferences, and the unsubscribe tokens (tampered, expired, another purpose).
import { defaultReminderPreferences, type HoursLedger, type ReminderPreferences } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../src/adapters/crypto/link-signer';
import { keyringFromKeys } from '../src/adapters/crypto/field-cipher';
import { renderEmail } from '../src/domain/email/render';
import { listUnsubscribe } from '../src/domain/email/deliver-email';
import type { StoredSubscription } from '../src/domain/billing';
import type { UserProfile, UserRepository } from '../src/domain/identity/model';
import {
  enrolmentActivity,
  hoursShortDue,
  hoursShortSeason,
  idleTrainingDue,
  monthsBefore,
  paymentFailedDue,
  reminderKey,
  sessionTomorrowDue,
  subscriptionEndingDue,
  type SessionFacts,
} from '../src/domain/reminders/rules';
import {
  SendReminder,
  Unsubscribe,
  UnsubscribeTokens,
  type ReminderStore,
  type SentReminder,
} from '../src/domain/reminders/use-cases';
import type { EmailMessageInput } from '@soins/shared';

const at = (iso: string) => new Date(iso);
const title = { fr: 'Plaies chroniques', nl: 'Chronische wonden' };
const titles = new Map([['t1', { title, free: true }]]);
const anyone = (): boolean => true;

describe('idle training', () => {
  const enrolment = (lastActivityAt: string, completedAt?: string) => ({
    userId: 'u1',
    trainingId: 't1',
    enrolledAt: '2026-01-01T10:00:00Z',
    lastActivityAt,
    ...(completedAt ? { completedAt } : {}),
  });

  it('is due from the 14th idle day (Brussels dates), keyed by training and last activity date', () => {
    // Last activity on 1 March 23:30 UTC = 2 March in Brussels: 14 days later is 16 March.
    const last = '2026-03-01T23:30:00Z';
    expect(idleTrainingDue([enrolment(last)], titles, anyone, at('2026-03-15T12:00:00Z'))).toEqual([]);
    const due = idleTrainingDue([enrolment(last)], titles, anyone, at('2026-03-16T06:30:00Z'));
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ userId: 'u1', kind: 'idle_training', period: 't1:2026-03-02' });
  });

  it('is not due for a completed training, an unknown training, or after its window', () => {
    const last = '2026-03-02T10:00:00Z';
    expect(
      idleTrainingDue([enrolment(last, '2026-03-02T11:00:00Z')], titles, anyone, at('2026-03-20T06:30:00Z')),
    ).toEqual([]);
    expect(idleTrainingDue([enrolment(last)], new Map(), anyone, at('2026-03-20T06:30:00Z'))).toEqual([]);
    expect(idleTrainingDue([enrolment(last)], titles, anyone, at('2026-04-15T06:30:00Z'))).toEqual([]);
  });

  it('takes the latest progress as the last activity (a resumed training starts a new idle period)', () => {
    const activity = enrolmentActivity([
      { kind: 'enrolment', userId: 'u1', trainingId: 't1', enrolledAt: '2026-03-01T10:00:00Z' },
      { kind: 'progress', userId: 'u1', trainingId: 't1', updatedAt: '2026-03-10T10:00:00Z' },
      { kind: 'progress', userId: 'u1', trainingId: 't1', updatedAt: '2026-03-05T10:00:00Z' },
      { kind: 'progress', userId: 'u2', trainingId: 't1', updatedAt: '2026-03-05T10:00:00Z' },
    ]);
    expect(activity).toEqual([
      {
        userId: 'u1',
        trainingId: 't1',
        enrolledAt: '2026-03-01T10:00:00Z',
        lastActivityAt: '2026-03-10T10:00:00Z',
      },
    ]);
    expect(idleTrainingDue(activity, titles, anyone, at('2026-03-20T06:30:00Z'))).toEqual([]);
    expect(idleTrainingDue(activity, titles, anyone, at('2026-03-24T06:30:00Z'))[0]?.period).toBe(
      't1:2026-03-10',
    );
  });

  it('reminds of a paid training only a learner whose subscription gives access; a free one, anyone', () => {
    const paid = new Map([['t1', { title, free: false }]]);
    const idle = [enrolment('2026-03-01T10:00:00Z'), { ...enrolment('2026-03-01T10:00:00Z'), userId: 'u2' }];
    const now = at('2026-03-16T06:30:00Z');
    const subscriber = (userId: string): boolean => userId === 'u2';
    expect(idleTrainingDue(idle, paid, subscriber, now).map((due) => due.userId)).toEqual(['u2']);
    expect(idleTrainingDue(idle, titles, subscriber, now).map((due) => due.userId)).toEqual(['u1', 'u2']);
  });
});

describe('session tomorrow', () => {
  const session = (startsAt: string, status: SessionFacts['status'] = 'scheduled'): SessionFacts => ({
    id: 's-1',
    status,
    trainingTitle: title,
    startsAt,
    endsAt: '2026-03-29T12:00:00Z',
    place: 'Bruxelles',
    registrations: [
      { userId: 'u1', status: 'registered' },
      { userId: 'u2', status: 'waiting' },
      { userId: 'u3', status: 'cancelled' },
    ],
  });

  it('reminds the seated learners the day before, in Brussels time (across the DST change)', () => {
    // 29 March 2026 is the switch to summer time; 00:30 Brussels on the 29th is 23:30 UTC on the 28th.
    const due = sessionTomorrowDue([session('2026-03-28T23:30:00Z')], at('2026-03-28T06:30:00Z'));
    expect(due.map((d) => [d.userId, d.period])).toEqual([['u1', 's-1']]);
    // Same UTC day, but already "today" in Brussels → not tomorrow.
    expect(sessionTomorrowDue([session('2026-03-28T22:30:00Z')], at('2026-03-28T06:30:00Z'))).toEqual([]);
  });

  it('skips cancelled sessions and sessions later than tomorrow', () => {
    expect(
      sessionTomorrowDue([session('2026-03-29T08:00:00Z', 'cancelled')], at('2026-03-28T06:30:00Z')),
    ).toEqual([]);
    expect(sessionTomorrowDue([session('2026-03-30T08:00:00Z')], at('2026-03-28T06:30:00Z'))).toEqual([]);
  });
});

describe('billing reminders', () => {
  const sub = (over: Partial<StoredSubscription>): StoredSubscription => ({
    id: 'sub_1',
    status: 'active',
    plan: 'monthly',
    priceId: 'price_m',
    currentPeriodEnd: '2026-05-01T00:00:00.000Z',
    cancelAtPeriodEnd: false,
    syncedAt: '2026-04-01T00:00:00.000Z',
    ...over,
  });

  it('payment failed: 3 days after the paid period, while the grace period lasts, once per unpaid period', () => {
    const account = { userId: 'u1', subscription: sub({ status: 'past_due' }) };
    expect(paymentFailedDue([account], at('2026-05-03T23:00:00Z'))).toEqual([]);
    const due = paymentFailedDue([account], at('2026-05-04T00:00:00Z'));
    expect(due[0]).toMatchObject({
      kind: 'payment_failed',
      period: 'sub_1:2026-05-01T00:00:00.000Z',
      details: { accessEndsAt: '2026-05-08T00:00:00.000Z' },
    });
    expect(paymentFailedDue([account], at('2026-05-09T00:00:00Z'))).toEqual([]);
    expect(paymentFailedDue([{ userId: 'u1', subscription: sub({}) }], at('2026-05-04T00:00:00Z'))).toEqual(
      [],
    );
  });

  it('subscription ending: cancelled at period end, within the last 7 days', () => {
    const account = { userId: 'u1', subscription: sub({ cancelAtPeriodEnd: true }) };
    expect(subscriptionEndingDue([account], at('2026-04-23T23:59:00Z'))).toEqual([]);
    expect(subscriptionEndingDue([account], at('2026-04-24T00:00:00Z'))[0]).toMatchObject({
      period: 'sub_1:2026-05-01',
      details: { kind: 'subscription_ending', endsAt: '2026-05-01T00:00:00.000Z' },
    });
    expect(subscriptionEndingDue([account], at('2026-05-01T00:00:00Z'))).toEqual([]);
    const kept = { userId: 'u1', subscription: sub({}) };
    expect(subscriptionEndingDue([kept], at('2026-04-28T00:00:00Z'))).toEqual([]);
  });
});

describe('hours short', () => {
  const ledger = (hours: number, current = true): HoursLedger => ({
    profession: 'nurse',
    totalHours: hours,
    years: [],
    obligations: [
      {
        kind: 'nurse_inami_annual',
        requiredHours: 5,
        periodYears: 1,
        periods: [
          {
            startsOn: '2026-01-01',
            endsOn: '2026-12-31',
            hours,
            requiredHours: 5,
            progressPercent: Math.floor((hours / 5) * 100),
            met: hours >= 5,
            current,
          },
        ],
      },
    ],
  });

  it('opens two months before the period ends (31 October, Brussels), per obligation and period', () => {
    expect(monthsBefore('2026-12-31', 2)).toBe('2026-10-31');
    expect(monthsBefore('2026-04-30', 2)).toBe('2026-02-28');
    // 30 October 23:30 UTC is already 31 October in Brussels.
    expect(hoursShortDue('u1', ledger(2), at('2026-10-30T22:00:00Z'))).toEqual([]);
    expect(hoursShortSeason(at('2026-10-30T22:00:00Z'))).toBe(false);
    expect(hoursShortSeason(at('2026-10-30T23:30:00Z'))).toBe(true);
    const due = hoursShortDue('u1', ledger(2), at('2026-10-30T23:30:00Z'));
    expect(due[0]).toMatchObject({
      period: 'nurse_inami_annual:2026-01-01',
      details: { hours: 2, requiredHours: 5, periodEndsOn: '2026-12-31' },
    });
  });

  it('is not due when the hours are met or the period is not the current one', () => {
    expect(hoursShortDue('u1', ledger(5), at('2026-11-15T10:00:00Z'))).toEqual([]);
    expect(hoursShortDue('u1', ledger(1, false), at('2026-11-15T10:00:00Z'))).toEqual([]);
  });
});

describe('reminder key', () => {
  it('is one id per person, kind and period, fit for a message id and an e-mail idempotency key', () => {
    const a = reminderKey({ userId: 'u1', kind: 'session_tomorrow', period: 's-1' });
    expect(a).toBe(reminderKey({ userId: 'u1', kind: 'session_tomorrow', period: 's-1' }));
    expect(a).not.toBe(reminderKey({ userId: 'u2', kind: 'session_tomorrow', period: 's-1' }));
    expect(a).not.toBe(reminderKey({ userId: 'u1', kind: 'session_tomorrow', period: 's-2' }));
    expect(a).toMatch(/^[A-Za-z0-9][A-Za-z0-9:_.@-]{0,79}$/);
  });
});

// ---- consumer and tokens -------------------------------------------------------------------------

const signer = (key = 1) =>
  new HmacLinkSigner(keyringFromKeys(1, { 1: Buffer.alloc(32, key) }), 'reminders-unsubscribe');

class MemoryStore implements ReminderStore {
  prefs = new Map<string, ReminderPreferences>();
  sent = new Map<string, SentReminder>();
  preferences(userId: string) {
    return Promise.resolve(this.prefs.get(userId) ?? defaultReminderPreferences);
  }
  savePreferences(userId: string, preferences: ReminderPreferences) {
    this.prefs.set(userId, preferences);
    return Promise.resolve();
  }
  wasSent(_userId: string, key: string) {
    return Promise.resolve(this.sent.has(key));
  }
  markSent(record: SentReminder) {
    this.sent.set(record.key, record);
    return Promise.resolve();
  }
}

const person: UserProfile = {
  id: 'u1',
  issuer: 'i',
  subject: 's',
  email: 'marie@example.be',
  displayName: 'Marie',
  roles: ['learner'],
  language: 'nl',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const users = {
  get: (id: string) => Promise.resolve(id === 'u1' ? { value: person, etag: 'e' } : undefined),
};
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('SendReminder', () => {
  const reminder = sessionTomorrowDue(
    [
      {
        id: 's-1',
        status: 'scheduled',
        trainingTitle: title,
        startsAt: '2026-03-29T08:00:00Z',
        endsAt: '2026-03-29T12:00:00Z',
        place: 'Gent',
        registrations: [{ userId: 'u1', status: 'registered' }],
      },
    ],
    at('2026-03-28T06:30:00Z'),
  )[0];
  if (!reminder) throw new Error('no reminder');

  const setup = () => {
    const store = new MemoryStore();
    const mails: EmailMessageInput[] = [];
    const hooked: string[] = [];
    const send = new SendReminder({
      store,
      users: users as unknown as UserRepository,
      tokens: new UnsubscribeTokens(signer()),
      sendEmail: (message) => {
        mails.push(message);
        return Promise.resolve();
      },
      sessionReminder: (r) => {
        hooked.push(r.key);
        return Promise.resolve();
      },
      clock: { now: () => at('2026-03-28T06:31:00Z') },
      logger: silent,
    });
    return { store, mails, hooked, send };
  };

  it('sends once: a redelivery is a duplicate; the e-mail id is the reminder key', async () => {
    const { mails, send, hooked } = setup();
    const message = { key: reminderKey(reminder), reminder };
    expect(await send.execute(message)).toBe('sent');
    expect(await send.execute(message)).toBe('duplicate');
    expect(mails.map((m) => m.id)).toEqual([reminderKey(reminder)]);
    expect(hooked).toHaveLength(2);
  });

  it('respects the preference (off: nothing sent), and ignores a forged key', async () => {
    const { store, mails, send } = setup();
    await store.savePreferences('u1', { ...defaultReminderPreferences, session_tomorrow: false });
    expect(await send.execute({ key: 'reminder:x', reminder })).toBe('opted_out');
    expect(mails).toEqual([]);
    await store.savePreferences('u1', defaultReminderPreferences);
    expect(await send.execute({ key: 'reminder:forged', reminder })).toBe('sent');
    expect(store.sent.has(reminderKey(reminder))).toBe(true);
  });

  it('renders the reminder in the recipient’s language with a visible unsubscribe link, and RFC 8058 headers', async () => {
    const { mails, send } = setup();
    await send.execute({ key: reminderKey(reminder), reminder });
    const request = mails[0]?.request;
    if (request?.template !== 'reminder') throw new Error('not a reminder');
    const rendered = renderEmail(request, { appUrl: 'https://app.test' });
    expect(rendered.subject).toBe('Morgen: Chronische wonden');
    expect(rendered.text).toContain(`https://app.test/unsubscribe?token=${request.unsubscribeToken}`);
    expect(listUnsubscribe(request, 'https://app.test/').headers).toEqual([
      {
        name: 'List-Unsubscribe',
        value: `<https://app.test/api/reminders/unsubscribe?token=${request.unsubscribeToken}>`,
      },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });
});

describe('unsubscribe tokens', () => {
  const now = at('2026-03-28T06:31:00Z');

  it('turn one kind off on POST; checking changes nothing', async () => {
    const store = new MemoryStore();
    const tokens = new UnsubscribeTokens(signer());
    const unsubscribe = new Unsubscribe({ store, tokens, clock: { now: () => now } });
    const token = tokens.issue('u1', 'idle_training', now);
    expect(await unsubscribe.check(token)).toEqual({
      ok: true,
      value: { kind: 'idle_training', subscribed: true },
    });
    expect((await store.preferences('u1')).idle_training).toBe(true);
    expect(await unsubscribe.execute(token)).toEqual({
      ok: true,
      value: { kind: 'idle_training', subscribed: false },
    });
    expect(await store.preferences('u1')).toEqual({ ...defaultReminderPreferences, idle_training: false });
    expect((await unsubscribe.execute(token)).ok).toBe(true);
  });

  it('refuse a tampered token, a token of another key, and an expired one', () => {
    const tokens = new UnsubscribeTokens(signer());
    const token = tokens.issue('u1', 'idle_training', now);
    const [version = '', payload = '', signature = ''] = token.split('.');
    const otherPayload = Buffer.from('u2|idle_training|9999999999').toString('base64url');
    for (const bad of [
      `${version}.${otherPayload}.${signature}`,
      `${version}.${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      'v2.' + payload + '.' + signature,
      'not-a-token',
      '',
    ]) {
      expect(tokens.read(bad, now), bad).toMatchObject({
        ok: false,
        error: { code: 'unsubscribe_link_invalid' },
      });
    }
    expect(new UnsubscribeTokens(signer(2)).read(token, now).ok).toBe(false);
    const later = new Date(now.getTime() + 366 * 86_400_000);
    expect(tokens.read(token, later)).toMatchObject({
      ok: false,
      error: { code: 'unsubscribe_link_expired' },
    });
  });
});
