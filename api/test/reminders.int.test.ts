// Reminders through the real stack (api bundle in the local host, Cosmos emulator, Azurite queues, mail
// sink): the daily timer run twice and a redelivered message send one e-mail per person, kind and
// period, with its RFC 8058 headers; the link's GET changes nothing, its one-click POST (no sign-in)
// turns the kind off and the next run sends none; a tampered link is a localized 400.
import { randomUUID } from 'node:crypto';
import {
  notificationListSchema,
  myReminderPreferencesSchema,
  problemSchema,
  unsubscribeViewSchema,
  defaultReminderPreferences,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chronicWoundCare } from '../../local/seed/trainings/chronic-wound-care';
import { handHygiene } from '../../local/seed/trainings/hand-hygiene';
import { seedTrainings } from '../../local/seed/seed-trainings';
import { CosmosBillingRepository } from '../src/adapters/cosmos/billing-store';
import { CosmosLearningRepository } from '../src/adapters/cosmos/learning-repository';
import { brusselsDate } from '../src/domain/hours/ledger';
import { addDays, reminderKey, sessionTomorrowDue } from '../src/domain/reminders/rules';
import type { TrainingSession } from '../src/domain/sessions';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
let stack: ApiStack;
let email = '';
const run = randomUUID().slice(0, 8);

interface SinkMessage {
  Subject: string;
  Metadata?: Record<string, string>;
  Tag?: string;
  TextBody?: string;
  Headers?: { Name: string; Value: string }[];
}

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-reminders');
  email = (await stack.composition.users.get(stack.idOf('learner')))?.value.email ?? '';
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

/** A session starting tomorrow (Brussels) with the demo learner seated; its title names this run. */
async function sessionTomorrow(label: string): Promise<TrainingSession> {
  const tomorrow = addDays(brusselsDate(new Date().toISOString()), 1);
  const session: TrainingSession = {
    id: `s-${randomUUID()}`,
    trainingId: 'reminder-training',
    trainingTitle: { fr: `Rappel ${run} ${label}`, nl: `Herinnering ${run} ${label}` },
    organiser: 'SOINS+',
    startsAt: `${tomorrow}T09:00:00.000Z`,
    endsAt: `${tomorrow}T12:00:00.000Z`,
    place: 'Bruxelles',
    capacity: 10,
    language: 'fr',
    trainerIds: [stack.idOf('trainer')],
    accreditedHours: 3,
    status: 'scheduled',
    createdAt: new Date().toISOString(),
    createdBy: stack.idOf('admin'),
    registrations: [
      {
        userId: stack.idOf('learner'),
        status: 'registered',
        requestedAt: new Date().toISOString(),
        seatedAt: new Date().toISOString(),
        sequence: 1,
      },
    ],
    attendance: {},
    attestations: [],
  };
  await stack.composition.sessionsRepository.create(session);
  return session;
}

async function remindersAbout(label: string): Promise<SinkMessage[]> {
  const response = await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent(email)}`);
  const messages = (await response.json()) as SinkMessage[];
  return messages.filter((m) => m.Tag === 'reminder' && m.Subject.includes(`${run} ${label}`));
}

/** The learner's in-app session reminders for one session (the notifications module, wired in main.ts). */
async function sessionNotifications(sessionId: string): Promise<number> {
  const list = notificationListSchema.parse(
    await (await stack.call('learner', 'GET', 'me/notifications?limit=20')).json(),
  );
  return list.items.filter(
    (item) => item.subject.kind === 'session-reminder' && item.subject.sessionId === sessionId,
  ).length;
}

async function runTimer(): Promise<void> {
  await stack.host.timers.fire('reminders-daily');
  await stack.host.queues.idle();
}

describe('reminders', () => {
  let token = '';

  it('sends one e-mail per person, kind and period: timer run twice, message redelivered', async () => {
    const session = await sessionTomorrow('A');
    await runTimer();
    await runTimer();
    // A redelivery (what the broker does after a lost lock): the same body under another message id.
    const reminder = sessionTomorrowDue([session], new Date()).find(
      (r) => r.userId === stack.idOf('learner'),
    );
    if (!reminder) throw new Error('the session is not due');
    await stack.composition.bus.send('reminders', {
      id: `redelivered-${randomUUID()}`,
      body: { key: reminderKey(reminder), reminder },
    });
    await stack.host.queues.idle();

    const mails = await remindersAbout('A');
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    // The learner's language (demo learner: fr) and the RFC 8058 headers, pointing at the api.
    expect(mail?.Subject).toContain(`Rappel ${run} A`);
    const header = (name: string) => mail?.Headers?.find((h) => h.Name === name)?.Value ?? '';
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const match = /^<(https?:\/\/[^>]+\/api\/reminders\/unsubscribe\?token=([^>]+))>$/.exec(
      header('List-Unsubscribe'),
    );
    expect(match).not.toBeNull();
    token = decodeURIComponent(match?.[2] ?? '');
    // The visible link in the body: the SPA's confirmation page.
    expect(mail?.TextBody).toContain(`/unsubscribe?token=${encodeURIComponent(token)}`);
    // And one in-app session reminder, whatever the runs and redeliveries.
    expect(await sessionNotifications(session.id)).toBe(1);
  });

  it('GET on the link changes nothing; the one-click POST, without sign-in, turns the kind off', async () => {
    const path = `reminders/unsubscribe?token=${encodeURIComponent(token)}`;
    const checked = await stack.call('anonymous', 'GET', path);
    expect(checked.status).toBe(200);
    expect(unsubscribeViewSchema.parse(await checked.json())).toEqual({
      kind: 'session_tomorrow',
      subscribed: true,
    });
    const before = myReminderPreferencesSchema.parse(
      await (await stack.call('learner', 'GET', 'me/reminders')).json(),
    );
    expect(before.preferences.session_tomorrow).toBe(true);

    const posted = await stack.call('anonymous', 'POST', path, {
      raw: new TextEncoder().encode('List-Unsubscribe=One-Click'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.status).toBe(200);
    expect(unsubscribeViewSchema.parse(await posted.json()).subscribed).toBe(false);
    const after = myReminderPreferencesSchema.parse(
      await (await stack.call('learner', 'GET', 'me/reminders')).json(),
    );
    expect(after.preferences).toEqual({ ...defaultReminderPreferences, session_tomorrow: false });

    // The next run: another session tomorrow, no e-mail (the in-app reminder does not depend on e-mail).
    const next = await sessionTomorrow('B');
    await runTimer();
    expect(await remindersAbout('B')).toHaveLength(0);
    expect(await sessionNotifications(next.id)).toBe(1);
  });

  it('answers a tampered or malformed link with a localized 400, and changes nothing', async () => {
    const [version = '', , signature = ''] = token.split('.');
    const forged = `${version}.${Buffer.from(`${stack.idOf('otherLearner')}|idle_training|9999999999`).toString('base64url')}.${signature}`;
    for (const bad of [forged, `${token.slice(0, -2)}xx`, 'garbage', '']) {
      const response = await stack.call(
        'anonymous',
        'POST',
        `reminders/unsubscribe?token=${encodeURIComponent(bad)}`,
        {
          headers: { 'accept-language': 'nl' },
        },
      );
      expect(response.status, bad).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(problemSchema.parse(await response.json())).toMatchObject({
        code: 'unsubscribe_link_invalid',
        title: 'Deze afmeldlink is ongeldig: wijzig uw herinneringen in uw profiel',
      });
    }
    const other = myReminderPreferencesSchema.parse(
      await (await stack.call('otherLearner', 'GET', 'me/reminders')).json(),
    );
    expect(other.preferences).toEqual(defaultReminderPreferences);
  });

  it('saves preferences from the profile (validated), and turning a kind back on sends again', async () => {
    const bad = await stack.call('learner', 'PUT', 'me/reminders', {
      json: { preferences: { ...defaultReminderPreferences, session_tomorrow: 'yes' } },
    });
    expect(bad.status).toBe(400);
    const saved = await stack.call('learner', 'PUT', 'me/reminders', {
      json: { preferences: defaultReminderPreferences },
    });
    expect(saved.status).toBe(200);
    await sessionTomorrow('C');
    await runTimer();
    expect(await remindersAbout('C')).toHaveLength(1);
  });
});

describe('reminders from the learning and billing stores', () => {
  it('reminds an idle training and a cancelled subscription ending, once, read from the real documents; a paid training only to a subscriber', async () => {
    const userId = stack.idOf('otherLearner');
    const other = (await stack.composition.users.get(userId))?.value.email ?? '';
    const cosmos = emulatorCosmosClient(emulators);
    await seedTrainings({
      trainings: stack.composition.trainings,
      storageConnectionString: emulators.storageConnectionString,
      invalidate: stack.composition.catalogue.invalidate,
      seeds: [handHygiene, chronicWoundCare],
    });
    const day = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
    // Started 20 days ago, last watched 16 days ago: idle for 16 days (within the window).
    const learning = new CosmosLearningRepository(cosmos, 'soins-reminders');
    await learning.createEnrolment({ userId, trainingId: handHygiene.id, enrolledAt: ago(20) });
    await learning.createProgress({
      userId,
      trainingId: handHygiene.id,
      chapterId: 'why-hand-hygiene',
      intervals: [[0, 30]],
      position: 30,
      updatedAt: ago(16),
    });
    // The paid training, idle as long, for her (subscribed until the end of her period) and for the demo
    // learner, who has no subscription: only she is asked to come back to it.
    const unsubscribed = stack.idOf('learner');
    for (const learner of [userId, unsubscribed]) {
      await learning.createEnrolment({
        userId: learner,
        trainingId: chronicWoundCare.id,
        enrolledAt: ago(20),
      });
      await learning.createProgress({
        userId: learner,
        trainingId: chronicWoundCare.id,
        chapterId: 'wound-assessment',
        intervals: [[0, 30]],
        position: 30,
        updatedAt: ago(16),
      });
    }
    const paidIdleKey = (learner: string) =>
      reminderKey({
        userId: learner,
        kind: 'idle_training',
        period: `${chronicWoundCare.id}:${brusselsDate(ago(16))}`,
      });
    // Cancelled at period end, which comes in 3 days.
    const now = new Date().toISOString();
    await new CosmosBillingRepository(cosmos, 'soins-reminders').create({
      userId,
      stripeCustomerId: `cus_reminders_${run}`,
      subscription: {
        id: `sub_reminders_${run}`,
        status: 'active',
        plan: 'monthly',
        priceId: 'price_monthly',
        currentPeriodEnd: new Date(Date.now() + 3 * day).toISOString(),
        cancelAtPeriodEnd: true,
        syncedAt: now,
      },
      createdAt: now,
      updatedAt: now,
    });

    await runTimer();
    await runTimer();
    const response = await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent(other)}`);
    const mails = ((await response.json()) as SinkMessage[]).filter((m) => m.Tag === 'reminder');
    const ofKind = (kind: string) =>
      mails.filter((m) => (m.Metadata?.idempotencyKey ?? '').startsWith(`reminder:${kind}:`));
    expect(ofKind('idle_training')).toHaveLength(2);
    expect(ofKind('idle_training').map((m) => m.Metadata?.idempotencyKey)).toContain(paidIdleKey(userId));
    expect(ofKind('subscription_ending')).toHaveLength(1);
    const toUnsubscribed = (await (
      await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent(email)}`)
    ).json()) as SinkMessage[];
    expect(toUnsubscribed.map((m) => m.Metadata?.idempotencyKey)).not.toContain(paidIdleKey(unsubscribed));
    expect(ofKind('idle_training')[0]?.Headers?.map((h) => h.Name)).toEqual([
      'List-Unsubscribe',
      'List-Unsubscribe-Post',
    ]);
  });
});
