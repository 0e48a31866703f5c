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
  it('only assigned trainers read and mark; bad marks change nothing; two sign-offs issue one set', async () => {
    const session = await schedule({ trainerIds: [stack.idOf('trainer'), stack.idOf('admin')] });
    for (const caller of ['learner', 'otherLearner'] as const) {
      await json(caller, 'POST', `sessions/${session.id}/registration`);
    }
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
    const year = new Date(session.startsAt).getUTCFullYear();
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
  });
});
