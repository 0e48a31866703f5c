// In-person sessions through the real stack (the api bundle in the local host, the Cosmos emulator,
// Azurite, the email queue and the mail sink), called as a script would call the api: scheduling,
// the waiting list under concurrency, ICS e-mails, who may read and mark a sheet, the bad-input rules,
// one set of attestations for two concurrent sign-offs, public verification, reopening with a reason,
// and the learner's hours report.
import {
  attendanceSheetSchema,
  auditPageSchema,
  problemSchema,
  registrationResultSchema,
  sessionListSchema,
  sessionSummarySchema,
  signOffResultSchema,
  notificationListSchema,
  verificationViewSchema,
} from '@soins/shared';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { training } from './certificate-fakes';
import { registrationEmailId } from '../src/domain/sessions';
import { demoSessionId, seedDemoSession } from '../../local/seed/seed-demo-session';

const emulators = inject('emulators');
let stack: ApiStack;
const suffix = Math.random().toString(36).slice(2, 8);
const course = training({
  id: `session-course-${suffix}`,
  trainingId: `session-course-${suffix}`,
  title: { fr: 'Réanimation de base', nl: 'Basisreanimatie' },
  accreditedHours: 3,
});

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-sessions');
  await stack.composition.trainings.save(course);
  // The admin also trains (a second trainer for the concurrent sign-off); the other learner becomes a
  // trainer who is assigned to nothing.
  for (const caller of ['admin', 'otherLearner'] as const) {
    const granted = await stack.call('admin', 'PUT', `manage/users/${stack.idOf(caller)}/roles/trainer`);
    expect(granted.status).toBeLessThan(300);
  }
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const json = async (caller: Caller, method: string, path: string, body?: unknown) => {
  const response = await stack.call(caller, method, path, body === undefined ? {} : { json: body });
  return { status: response.status, body: await response.json() };
};

const inDays = (days: number, hour: number): string => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
};

async function schedule(overrides: Record<string, unknown> = {}) {
  const { status, body } = await json('admin', 'POST', 'manage/sessions', {
    trainingId: course.trainingId,
    startsAt: inDays(3, 8),
    endsAt: inDays(3, 11),
    place: 'Bruxelles, rue de la Loi 1, salle 2',
    capacity: 2,
    language: 'fr',
    trainerIds: [stack.idOf('trainer')],
    accreditedHours: 3,
    ...overrides,
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return sessionSummarySchema.parse(body);
}

/**
 * Time comes: the session (scheduled days ahead, its registrations made) is moved to have started a minute
 * ago, keeping its length, as the stack runs on the real clock. Sheets are marked and signed off from the
 * start only.
 */
async function underWay(sessionId: string): Promise<void> {
  const current = await stack.composition.sessionsRepository.get(sessionId);
  if (!current) throw new Error(`no session ${sessionId}`);
  const shift = Date.now() - 60_000 - Date.parse(current.value.startsAt);
  const moved = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
  const replaced = await stack.composition.sessionsRepository.replace(
    { ...current.value, startsAt: moved(current.value.startsAt), endsAt: moved(current.value.endsAt) },
    current.etag,
  );
  expect(replaced).toBe(true);
}

interface SinkMessage {
  To: string;
  Subject: string;
  Metadata?: Record<string, string>;
  Attachments: { Name: string; ContentType: string; url: string }[];
}

async function sinkMessages(prefix: string): Promise<SinkMessage[]> {
  const all = (await (await fetch(`${emulators.mailSinkUrl}/api/messages`)).json()) as SinkMessage[];
  return all.filter((m) => m.Metadata?.idempotencyKey?.startsWith(prefix));
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'session-int-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-']).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('scheduling', () => {
  it('refuses an assigned user who is not a trainer, and hours longer than the session', async () => {
    const notTrainer = await json('admin', 'POST', 'manage/sessions', {
      trainingId: course.trainingId,
      startsAt: inDays(3, 8),
      endsAt: inDays(3, 11),
      place: 'Gent',
      capacity: 2,
      language: 'nl',
      trainerIds: [stack.idOf('learner')],
      accreditedHours: 3,
    });
    expect(notTrainer.status).toBe(400);
    const tooLong = await json('admin', 'POST', 'manage/sessions', {
      trainingId: course.trainingId,
      startsAt: inDays(3, 8),
      endsAt: inDays(3, 9),
      place: 'Gent',
      capacity: 2,
      language: 'nl',
      trainerIds: [stack.idOf('trainer')],
      accreditedHours: 3,
    });
    expect(tooLong.status).toBe(400);
    expect(problemSchema.parse(tooLong.body).code).toBe('validation_failed');
  });
});

describe('registration and waiting list', () => {
  it('beyond capacity goes to the waiting list, which moves up when a seat frees (ICS sent, then cancelled)', async () => {
    const session = await schedule({ capacity: 1 });
    const first = await json('learner', 'POST', `sessions/${session.id}/registration`);
    expect(registrationResultSchema.parse(first.body)).toEqual({ status: 'registered' });
    const second = await json('otherLearner', 'POST', `sessions/${session.id}/registration`);
    expect(registrationResultSchema.parse(second.body)).toEqual({ status: 'waiting', position: 1 });
    // Registering again changes nothing.
    expect((await json('otherLearner', 'POST', `sessions/${session.id}/registration`)).body).toEqual({
      status: 'waiting',
      position: 1,
    });
    const listed = sessionListSchema.parse((await json('otherLearner', 'GET', 'sessions')).body);
    expect(listed.items.find((s) => s.id === session.id)).toMatchObject({
      myRegistration: 'waiting',
      seatsTaken: 1,
      waiting: 1,
    });

    expect((await json('learner', 'DELETE', `sessions/${session.id}/registration`)).body).toEqual({
      status: 'cancelled',
    });
    const sheet = attendanceSheetSchema.parse(
      (await json('trainer', 'GET', `trainer/sessions/${session.id}`)).body,
    );
    expect(sheet.participants.map((p) => p.userId)).toEqual([stack.idOf('otherLearner')]);
    expect(sheet.waiting).toBe(0);

    const keys = [
      await registrationEmailId(session.id, stack.idOf('learner'), 0),
      await registrationEmailId(session.id, stack.idOf('learner'), 1),
      await registrationEmailId(session.id, stack.idOf('otherLearner'), 0),
      await registrationEmailId(session.id, stack.idOf('otherLearner'), 1),
    ];
    const sent = await until(async () => {
      const messages = (await sinkMessages('session:')).filter((m) =>
        keys.includes(m.Metadata?.idempotencyKey ?? ''),
      );
      return messages.length >= 4 ? messages : undefined;
    }, 'the four registration e-mails');
    expect(sent).toHaveLength(4);
    const ics = async (userId: string, sequence: number) => {
      const key = await registrationEmailId(session.id, userId, sequence);
      const message = sent.find((m) => m.Metadata?.idempotencyKey === key);
      expect(message?.Attachments[0]?.ContentType).toBe('text/calendar');
      return (await (await fetch(message?.Attachments[0]?.url ?? '')).text()).replace(/\r\n /g, '');
    };
    const seated = await ics(stack.idOf('learner'), 0);
    const cancelled = await ics(stack.idOf('learner'), 1);
    const promoted = await ics(stack.idOf('otherLearner'), 1);
    for (const calendar of [seated, cancelled, promoted]) {
      expect(calendar).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
      expect(calendar).toMatch(/DTSTART:\d{8}T\d{6}Z\r\n/);
      expect(calendar).toContain('END:VEVENT\r\nEND:VCALENDAR\r\n');
    }
    const uid = (calendar: string) => /UID:(.+)\r\n/.exec(calendar)?.[1];
    expect(uid(cancelled)).toBe(uid(seated));
    expect(seated).toContain('METHOD:REQUEST');
    expect(cancelled).toContain('METHOD:CANCEL');
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(promoted).toContain('METHOD:REQUEST');
    // The waiting list e-mail has no calendar file.
    const waiting = sent.find((m) => m.Metadata?.idempotencyKey === keys[2]);
    expect(waiting?.Attachments ?? []).toEqual([]);
  });

  it('an admin raising the capacity seats the waiting list (ICS e-mail, audit); bad capacities are 4xx', async () => {
    const session = await schedule({ capacity: 1 });
    await json('learner', 'POST', `sessions/${session.id}/registration`);
    await json('otherLearner', 'POST', `sessions/${session.id}/registration`);
    const path = `manage/sessions/${session.id}/capacity`;
    const lower = await json('admin', 'PUT', path, { capacity: 0 });
    expect(lower.status).toBe(400);
    expect(problemSchema.parse(lower.body).code).toBe('validation_failed');
    expect((await json('trainer', 'PUT', path, { capacity: 2 })).status).toBe(403);

    const raised = await json('admin', 'PUT', path, { capacity: 2 });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect(sessionSummarySchema.parse(raised.body)).toMatchObject({ capacity: 2, seatsTaken: 2, waiting: 0 });
    const sheet = attendanceSheetSchema.parse(
      (await json('trainer', 'GET', `trainer/sessions/${session.id}`)).body,
    );
    expect(sheet.participants.map((p) => p.userId).sort()).toEqual(
      [stack.idOf('learner'), stack.idOf('otherLearner')].sort(),
    );
    // Two seats given: going back to one would take one away.
    const below = await json('admin', 'PUT', path, { capacity: 1 });
    expect(below.status).toBe(409);
    expect(problemSchema.parse(below.body)).toMatchObject({
      code: 'session_capacity_below_seats',
      title: 'Le nombre de places ne peut pas descendre sous le nombre de personnes déjà inscrites',
    });

    const key = await registrationEmailId(session.id, stack.idOf('otherLearner'), 1);
    const promoted = await until(
      async () => (await sinkMessages('session:')).find((m) => m.Metadata?.idempotencyKey === key),
      'the e-mail of the learner given a seat',
    );
    expect(promoted.Attachments[0]?.ContentType).toBe('text/calendar');
    const audit = auditPageSchema.parse(
      (await json('admin', 'GET', `manage/audit?action=session.capacity&target=${session.id}`)).body,
    );
    expect(audit.items[0]).toMatchObject({ before: { capacity: 1 }, after: { capacity: 2 } });
  });

  it('an admin cancels the whole session with a reason: everyone is told once (ICS CANCEL, same UID), it shows as cancelled, nothing more is accepted', async () => {
    const session = await schedule({ capacity: 1 });
    await json('learner', 'POST', `sessions/${session.id}/registration`);
    await json('otherLearner', 'POST', `sessions/${session.id}/registration`);
    const path = `manage/sessions/${session.id}/cancel`;
    const noReason = await json('admin', 'POST', path, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(problemSchema.parse(noReason.body).code).toBe('validation_failed');
    expect((await json('trainer', 'POST', path, { reason: 'Formateur malade' })).status).toBe(403);

    const [first, second] = await Promise.all([
      json('admin', 'POST', path, { reason: 'Formateur malade' }),
      json('admin', 'POST', path, { reason: 'Formateur malade' }),
    ]);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(second.status).toBe(200);
    expect(sessionSummarySchema.parse(first.body)).toMatchObject({
      status: 'cancelled',
      seatsTaken: 0,
      waiting: 0,
      cancellation: { reason: 'Formateur malade' },
    });

    // Learners and the trainer see it as cancelled; nothing can be registered, marked or signed off.
    const listed = sessionListSchema.parse((await json('otherLearner', 'GET', 'sessions')).body);
    expect(listed.items.find((s) => s.id === session.id)).toMatchObject({ status: 'cancelled' });
    const mine = sessionListSchema.parse((await json('trainer', 'GET', 'trainer/sessions')).body);
    expect(mine.items.find((s) => s.id === session.id)?.status).toBe('cancelled');
    const refused = await json('otherLearner', 'POST', `sessions/${session.id}/registration`);
    expect(refused.status).toBe(409);
    expect(problemSchema.parse(refused.body).code).toBe('session_cancelled');
    const marked = await json('trainer', 'PUT', `trainer/sessions/${session.id}/attendance`, {
      marks: [{ userId: stack.idOf('learner'), status: 'present' }],
    });
    expect(problemSchema.parse(marked.body).code).toBe('session_cancelled');
    const signed = await json('trainer', 'POST', `trainer/sessions/${session.id}/sign-off`);
    expect(signed.status).toBe(409);
    expect(problemSchema.parse(signed.body).code).toBe('session_cancelled');

    // One e-mail each (the two concurrent requests and the retry send nothing twice).
    const seated = await registrationEmailId(session.id, stack.idOf('learner'), 1);
    const waited = await registrationEmailId(session.id, stack.idOf('otherLearner'), 1);
    const sent = await until(async () => {
      const messages = (await sinkMessages('session:')).filter((m) =>
        [seated, waited].includes(m.Metadata?.idempotencyKey ?? ''),
      );
      return messages.length >= 2 ? messages : undefined;
    }, 'the two cancellation e-mails');
    await json('admin', 'POST', path, { reason: 'Formateur malade' });
    await stack.host.queues.idle();
    const all = (await sinkMessages('session:')).filter((m) =>
      [seated, waited].includes(m.Metadata?.idempotencyKey ?? ''),
    );
    expect(all).toHaveLength(2);
    const toSeated = sent.find((m) => m.Metadata?.idempotencyKey === seated);
    expect(toSeated?.Subject).toContain('annulée');
    const calendar = async (key: string) => {
      const message = (await sinkMessages('session:')).find((m) => m.Metadata?.idempotencyKey === key);
      const attachment = message?.Attachments.find((a) => a.ContentType === 'text/calendar');
      return (await (await fetch(attachment?.url ?? '')).text()).replace(/\r\n /g, '');
    };
    const booked = await calendar(await registrationEmailId(session.id, stack.idOf('learner'), 0));
    const cancelledIcs = await calendar(seated);
    const uid = (ics: string) => /UID:(.+)\r\n/.exec(ics)?.[1];
    expect(cancelledIcs).toContain('METHOD:CANCEL');
    expect(uid(cancelledIcs)).toBe(uid(booked));
    // The learner who only waited had no event in her calendar: no calendar file.
    expect(sent.find((m) => m.Metadata?.idempotencyKey === waited)?.Attachments ?? []).toEqual([]);

    // And one in-app notification each, with the reason, whatever the concurrent requests and the retry.
    for (const caller of ['learner', 'otherLearner'] as const) {
      const listed = notificationListSchema.parse((await json(caller, 'GET', 'me/notifications')).body);
      const about = listed.items.filter(
        (item) => item.subject.kind === 'session-cancelled' && item.subject.sessionId === session.id,
      );
      expect(about.map((item) => item.subject)).toEqual([
        {
          kind: 'session-cancelled',
          sessionId: session.id,
          trainingTitle: session.trainingTitle,
          startsAt: session.startsAt,
          reason: 'Formateur malade',
        },
      ]);
    }

    const audit = auditPageSchema.parse(
      (await json('admin', 'GET', `manage/audit?action=session.cancel&target=${session.id}`)).body,
    );
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ reason: 'Formateur malade', after: { status: 'cancelled' } });
  });

  it('concurrent registrations for the last seat: exactly one gets it', async () => {
    const session = await schedule({ capacity: 1 });
    const results = await Promise.all(
      (['learner', 'otherLearner', 'trainer'] as const).map((caller) =>
        json(caller, 'POST', `sessions/${session.id}/registration`),
      ),
    );
    const statuses = results.map((r) => registrationResultSchema.parse(r.body).status).sort();
    expect(statuses).toEqual(['registered', 'waiting', 'waiting']);
    const positions = results
      .map((r) => registrationResultSchema.parse(r.body).position)
      .filter((p) => p !== undefined)
      .sort();
    expect(positions).toEqual([1, 2]);
  });
});

describe('attendance, sign-off and attestations', () => {
  it('a trainer scripting the mark and sign-off routes before the session starts gets 409 session_not_started: nothing saved, no attestation', async () => {
    const session = await schedule({ trainerIds: [stack.idOf('trainer'), stack.idOf('admin')] });
    expect((await json('learner', 'POST', `sessions/${session.id}/registration`)).status).toBe(200);
    const sheetPath = `trainer/sessions/${session.id}`;
    const learnerId = stack.idOf('learner');
    const early = await stack.call('trainer', 'PUT', `${sheetPath}/attendance`, {
      json: { marks: [{ userId: learnerId, status: 'present' }] },
      headers: { 'accept-language': 'nl' },
    });
    expect(early.status).toBe(409);
    const problem = problemSchema.parse(await early.json());
    expect(problem.code).toBe('session_not_started');
    expect(problem.title).toContain('nog niet begonnen');
    const earlySignOff = await json('trainer', 'POST', `${sheetPath}/sign-off`);
    expect(earlySignOff.status).toBe(409);
    expect(problemSchema.parse(earlySignOff.body).code).toBe('session_not_started');
    // The second trainer assigned is refused the same way.
    expect(problemSchema.parse((await json('admin', 'POST', `${sheetPath}/sign-off`)).body).code).toBe(
      'session_not_started',
    );

    const stored = (await stack.composition.sessionsRepository.get(session.id))?.value;
    expect(stored?.attendance).toEqual({});
    expect(stored?.signedOff).toBeUndefined();
    expect(stored?.attestations).toEqual([]);
    const sheet = attendanceSheetSchema.parse((await json('trainer', 'GET', sheetPath)).body);
    expect(sheet.signedOff).toBeUndefined();
    expect(sheet.participants.map((p) => p.attendance)).toEqual([undefined]);
    const notified = notificationListSchema.parse((await json('learner', 'GET', 'me/notifications')).body);
    expect(
      notified.items.filter(
        (n) => n.subject.kind === 'attestation-ready' && n.subject.sessionId === session.id,
      ),
    ).toEqual([]);
    const audit = auditPageSchema.parse(
      (await json('admin', 'GET', `manage/audit?action=session.sign-off&target=${session.id}`)).body,
    );
    expect(audit.items).toEqual([]);

    // Once it has started, the same calls go through.
    await underWay(session.id);
    const marked = await json('trainer', 'PUT', `${sheetPath}/attendance`, {
      marks: [{ userId: learnerId, status: 'present' }],
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    const signed = await json('trainer', 'POST', `${sheetPath}/sign-off`);
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signOffResultSchema.parse(signed.body).attestations).toBe(1);
  }, 120_000);

  it('only assigned trainers read and mark; bad marks change nothing; two sign-offs issue one set', async () => {
    const session = await schedule({ trainerIds: [stack.idOf('trainer'), stack.idOf('admin')] });
    for (const caller of ['learner', 'otherLearner'] as const) {
      await json(caller, 'POST', `sessions/${session.id}/registration`);
    }
    await underWay(session.id);
    const sheetPath = `trainer/sessions/${session.id}`;
    // A trainer who is not assigned can neither read nor mark the sheet.
    const foreignRead = await json('otherLearner', 'GET', sheetPath);
    expect(foreignRead.status).toBe(403);
    expect(problemSchema.parse(foreignRead.body).code).toBe('session_not_assigned');
    const foreignMark = await json('otherLearner', 'PUT', `${sheetPath}/attendance`, {
      marks: [{ userId: stack.idOf('otherLearner'), status: 'present' }],
    });
    expect(foreignMark.status).toBe(403);
    expect((await json('otherLearner', 'POST', `${sheetPath}/sign-off`)).status).toBe(403);

    // Hours above the session's length: a localized 400, and the valid mark in the same request is not saved.
    const tooMany = await stack.call('trainer', 'PUT', `${sheetPath}/attendance`, {
      json: {
        marks: [
          { userId: stack.idOf('learner'), status: 'present' },
          { userId: stack.idOf('otherLearner'), status: 'partial', hours: 3.5 },
        ],
      },
      headers: { 'accept-language': 'nl' },
    });
    expect(tooMany.status).toBe(400);
    const problem = problemSchema.parse(await tooMany.json());
    expect(problem.code).toBe('session_hours_above_length');
    expect(problem.title).toContain('uren');
    const untouched = attendanceSheetSchema.parse((await json('trainer', 'GET', sheetPath)).body);
    expect(untouched.participants.every((p) => p.attendance === undefined)).toBe(true);

    const marked = await json('trainer', 'PUT', `${sheetPath}/attendance`, {
      marks: [
        { userId: stack.idOf('learner'), status: 'present' },
        { userId: stack.idOf('otherLearner'), status: 'partial', hours: 1.5 },
      ],
    });
    expect(marked.status).toBe(200);

    // Two trainers sign off at once: both succeed, one set of attestations.
    const [a, b] = await Promise.all([
      json('trainer', 'POST', `${sheetPath}/sign-off`),
      json('admin', 'POST', `${sheetPath}/sign-off`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const signedA = signOffResultSchema.parse(a.body);
    expect(signOffResultSchema.parse(b.body)).toEqual(signedA);
    expect(signedA.attestations).toBe(2);
    const stored = (await stack.composition.sessionsRepository.get(session.id))?.value;
    expect(stored?.attestations).toHaveLength(2);
    // Both sign-offs delivered the attestations: each learner has one "attestation ready" notification.
    for (const caller of ['learner', 'otherLearner'] as const) {
      const listed = notificationListSchema.parse((await json(caller, 'GET', 'me/notifications')).body);
      const mine = stored?.attestations.find((x) => x.userId === stack.idOf(caller));
      expect(
        listed.items.filter(
          (n) => n.subject.kind === 'attestation-ready' && n.subject.sessionId === session.id,
        ),
      ).toEqual([
        expect.objectContaining({
          subject: {
            kind: 'attestation-ready',
            attestationId: mine?.id,
            sessionId: session.id,
            trainingTitle: stored?.trainingTitle,
            sessionStartsAt: stored?.startsAt,
          },
        }),
      ]);
    }

    // A signed sheet cannot be marked.
    const late = await json('trainer', 'PUT', `${sheetPath}/attendance`, {
      marks: [{ userId: stack.idOf('otherLearner'), status: 'present' }],
    });
    expect(late.status).toBe(409);
    expect(problemSchema.parse(late.body).code).toBe('session_sheet_signed');

    // One e-mail per attestation, the PDF attached; it verifies publicly as an attestation of attendance.
    const mails = await until(async () => {
      const found = await sinkMessages('attestation:');
      const ours = found.filter((m) =>
        stored?.attestations.some((x) => m.Metadata?.idempotencyKey === `attestation:${x.id}`),
      );
      return ours.length >= 2 ? ours : undefined;
    }, 'the attestation e-mails');
    expect(mails).toHaveLength(2);
    const partial = stored?.attestations.find((x) => x.userId === stack.idOf('otherLearner'));
    expect(partial?.hours).toBe(1.5);
    const mail = mails.find((m) => m.Metadata?.idempotencyKey === `attestation:${partial?.id ?? ''}`);
    expect(mail?.Attachments[0]?.ContentType).toBe('application/pdf');
    const text = pdfText(Buffer.from(await (await fetch(mail?.Attachments[0]?.url ?? '')).arrayBuffer()));
    // The other demo learner reads Dutch: the attestation is in Dutch.
    expect(text).toContain('Aanwezigheidsattest');
    expect(text).toContain('Basisreanimatie');
    expect(text).toContain('1,5 uur');
    const code = /[A-Z2-7]{32}/.exec(text)?.[0];
    expect(code).toBe(partial?.verificationCode);
    const verified = verificationViewSchema.parse(
      (await json('anonymous', 'GET', `verify/${code ?? ''}`)).body,
    );
    expect(verified).toMatchObject({
      status: 'valid',
      kind: 'attestation',
      hours: 1.5,
      training: 'Basisreanimatie',
    });

    // The hours ledger has one line per attestation; the learner's report lists it.
    const year = new Date(stored?.startsAt ?? session.startsAt).getUTCFullYear();
    const report = await stack.call(
      'otherLearner',
      'GET',
      `me/hours-report?year=${String(year)}&language=nl`,
    );
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('application/pdf');
    const reportText = pdfText(Buffer.from(await report.arrayBuffer()));
    expect(reportText).toContain('Overzicht van de uren permanente vorming');
    expect(reportText).toContain('Basisreanimatie');
    expect(reportText).toContain((code ?? 'no code').slice(0, 12));
    expect(reportText).toMatch(/Totaal aantal uren : 1,5/);

    // An admin reopens with a reason: the audit log keeps the signed and the reopened sheet.
    const reopened = await json('admin', 'POST', `manage/sessions/${session.id}/reopen`, {
      reason: 'Heures de Marie corrigées',
    });
    expect(reopened.status).toBe(200);
    expect(attendanceSheetSchema.parse(reopened.body).signedOff).toBeUndefined();
    const audit = auditPageSchema.parse(
      (await json('admin', 'GET', `manage/audit?action=session.reopen&target=${session.id}`)).body,
    );
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      reason: 'Heures de Marie corrigées',
      before: { signedOff: expect.any(String) as unknown, [stack.idOf('otherLearner')]: 'partial:1.5' },
      after: { signedOff: null, [stack.idOf('otherLearner')]: 'partial:1.5' },
    });
    // An attested participant's attendance cannot change; signing off again issues nothing new.
    const changed = await json('trainer', 'PUT', `${sheetPath}/attendance`, {
      marks: [{ userId: stack.idOf('otherLearner'), status: 'present' }],
    });
    expect(changed.status).toBe(409);
    expect(problemSchema.parse(changed.body).code).toBe('session_attendance_attested');
    expect(
      signOffResultSchema.parse((await json('trainer', 'POST', `${sheetPath}/sign-off`)).body).attestations,
    ).toBe(2);
  }, 120_000);
});

describe('demo session (npm start)', () => {
  it('is seeded once, for the demo trainer, with two registered learners; a restart changes nothing', async () => {
    await stack.composition.trainings.save(training({ id: 'hand-hygiene', trainingId: 'hand-hygiene' }));
    const deps = {
      sessions: stack.composition.sessionsRepository,
      trainings: stack.composition.trainings,
      trainerId: stack.idOf('trainer'),
      learnerIds: [stack.idOf('learner'), stack.idOf('otherLearner')],
      adminId: stack.idOf('admin'),
    };
    expect(await seedDemoSession(deps)).toBe(true);
    expect(await seedDemoSession(deps)).toBe(false);
    const mine = sessionListSchema.parse((await json('trainer', 'GET', 'trainer/sessions')).body);
    expect(mine.items.filter((s) => s.id === demoSessionId)).toHaveLength(1);
    const sheet = attendanceSheetSchema.parse(
      (await json('trainer', 'GET', `trainer/sessions/${demoSessionId}`)).body,
    );
    expect(sheet.participants).toHaveLength(2);
    expect(sheet.signedOff).toBeUndefined();
    // It is under way (registrations made before its start): the demo trainer marks and signs it off.
    const seeded = (await stack.composition.sessionsRepository.get(demoSessionId))?.value;
    expect(Date.parse(seeded?.startsAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(seeded?.registrations.every((r) => r.requestedAt < seeded.startsAt)).toBe(true);
    const marked = await json('trainer', 'PUT', `trainer/sessions/${demoSessionId}/attendance`, {
      marks: sheet.participants.map((p) => ({ userId: p.userId, status: 'present' })),
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    const signed = await json('trainer', 'POST', `trainer/sessions/${demoSessionId}/sign-off`);
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signOffResultSchema.parse(signed.body).attestations).toBe(2);
  }, 120_000);
});
