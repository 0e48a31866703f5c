import { describe, expect, it } from 'vitest';
import {
  attestationsDue,
  cancelRegistration,
  cancelSession,
  changeCapacity,
  markAttendance,
  register,
  reopen,
  signOff,
  type Attestation,
  type TrainingSession,
} from '../src/domain/sessions';
import { sessionIcs } from '../src/domain/sessions-ics';
import { summaryOf } from '../src/domain/sessions-use-cases';

const now = '2026-12-01T10:00:00.000Z';
const session = (overrides: Partial<TrainingSession> = {}): TrainingSession => ({
  id: 's-1',
  trainingId: 't-1',
  trainingTitle: { fr: 'Réanimation, base; avancée', nl: 'Reanimatie' },
  organiser: 'SOINS+',
  startsAt: '2026-12-10T08:00:00.000Z',
  endsAt: '2026-12-10T11:00:00.000Z',
  place: 'Bruxelles',
  capacity: 1,
  language: 'fr',
  trainerIds: ['trainer-1', 'trainer-2'],
  accreditedHours: 3,
  status: 'scheduled',
  createdAt: now,
  createdBy: 'admin',
  registrations: [],
  attendance: {},
  attestations: [],
  ...overrides,
});

function must<T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}
const codeOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code);

const attestation = (due: { userId: string; hours: number }): Attestation => ({
  id: `a-${due.userId}`,
  userId: due.userId,
  verificationCode: 'A'.repeat(32),
  hours: due.hours,
  language: 'fr',
  holderName: due.userId,
  issuedAt: now,
  pdfBlobName: `${due.userId}.pdf`,
});

describe('registration', () => {
  it('beyond capacity waits; a cancelled seat goes to the first in line', () => {
    let s = must(register(session(), 'u1', now)).session;
    const second = must(register(s, 'u2', '2026-12-01T10:01:00.000Z'));
    expect(second.change).toEqual({ userId: 'u2', kind: 'waiting', sequence: 0 });
    s = must(register(second.session, 'u3', '2026-12-01T10:02:00.000Z')).session;
    const cancelled = must(cancelRegistration(s, 'u1', '2026-12-02T00:00:00.000Z'));
    expect(cancelled.changes).toEqual([
      { userId: 'u1', kind: 'cancelled', sequence: 1 },
      { userId: 'u2', kind: 'seated', sequence: 1 },
    ]);
    expect(cancelled.session.registrations.find((r) => r.userId === 'u3')?.status).toBe('waiting');
  });

  it('the list tells a waiting learner her place in line, and nobody else one', () => {
    let s = must(register(session(), 'u1', now)).session;
    s = must(register(s, 'u2', '2026-12-01T10:01:00.000Z')).session;
    s = must(register(s, 'u3', '2026-12-01T10:02:00.000Z')).session;
    expect(summaryOf(s, 'u3')).toMatchObject({ myRegistration: 'waiting', myPosition: 2, waiting: 2 });
    expect(summaryOf(s, 'u2')).toMatchObject({ myRegistration: 'waiting', myPosition: 1 });
    expect(summaryOf(s, 'u1').myPosition).toBeUndefined();
    expect(summaryOf(s).myPosition).toBeUndefined();
  });

  it('registering twice changes nothing; a started or cancelled session refuses', () => {
    const s = must(register(session({ capacity: 5 }), 'u1', now)).session;
    expect(must(register(s, 'u1', now)).session).toBe(s);
    expect(codeOf(register(s, 'u2', '2026-12-10T08:00:00.000Z'))).toBe('session_started');
    expect(codeOf(register(session({ status: 'cancelled' }), 'u2', now))).toBe('session_cancelled');
  });
});

describe('capacity', () => {
  it('more seats move the waiting list up in order; fewer than the seats given is refused', () => {
    let s = must(register(session(), 'u1', now)).session;
    s = must(register(s, 'u2', '2026-12-01T10:01:00.000Z')).session;
    s = must(register(s, 'u3', '2026-12-01T10:02:00.000Z')).session;
    const raised = must(changeCapacity(s, 2, '2026-12-02T00:00:00.000Z'));
    expect(raised.changes).toEqual([{ userId: 'u2', kind: 'seated', sequence: 1 }]);
    expect(raised.session.capacity).toBe(2);
    expect(raised.session.registrations.find((r) => r.userId === 'u2')).toMatchObject({
      status: 'registered',
      seatedAt: '2026-12-02T00:00:00.000Z',
    });
    expect(raised.session.registrations.find((r) => r.userId === 'u3')?.status).toBe('waiting');
    expect(codeOf(changeCapacity(raised.session, 1, now))).toBe('session_capacity_below_seats');
    expect(must(changeCapacity(raised.session, 2, now)).session).toBe(raised.session);
    const all = must(changeCapacity(raised.session, 10, now));
    expect(all.changes.map((c) => c.userId)).toEqual(['u3']);
    expect(codeOf(changeCapacity(s, 3, '2026-12-10T08:00:00.000Z'))).toBe('session_started');
    expect(codeOf(changeCapacity({ ...s, status: 'cancelled' }, 3, now))).toBe('session_cancelled');
  });
});

describe('cancelling the session', () => {
  it('cancels every registration once (seat holders get a calendar cancellation); then refuses everything', () => {
    let s = must(register(session(), 'u1', now)).session;
    s = must(register(s, 'u2', '2026-12-01T10:01:00.000Z')).session;
    const by = { by: 'admin', at: '2026-12-02T00:00:00.000Z', reason: 'Formateur malade' };
    const cancelled = must(cancelSession(s, by));
    expect(cancelled.changes).toEqual([
      { userId: 'u1', kind: 'session_cancelled', sequence: 1, hadSeat: true },
      { userId: 'u2', kind: 'session_cancelled', sequence: 1, hadSeat: false },
    ]);
    expect(cancelled.session).toMatchObject({ status: 'cancelled', cancellation: by });
    expect(cancelled.session.registrations.every((r) => r.status === 'cancelled')).toBe(true);
    const again = must(cancelSession(cancelled.session, { ...by, at: '2026-12-03T00:00:00.000Z' }));
    expect(again.session).toBe(cancelled.session);
    expect(again.changes).toEqual([]);
    expect(codeOf(register(cancelled.session, 'u3', now))).toBe('session_cancelled');
    expect(codeOf(markAttendance(cancelled.session, 'trainer-1', [], now))).toBe('session_cancelled');
    expect(codeOf(signOff(cancelled.session, 'trainer-1', now, attestation))).toBe('session_cancelled');
    expect(codeOf(cancelSession(s, { ...by, at: '2026-12-10T08:00:00.000Z' }))).toBe('session_started');
    expect(codeOf(cancelSession({ ...s, signedOff: { by: 'trainer-1', at: now } }, by))).toBe(
      'session_sheet_signed',
    );
  });
});

describe('attendance and sign-off', () => {
  const seated = session({
    capacity: 5,
    registrations: ['u1', 'u2', 'u3'].map((userId) => ({
      userId,
      status: 'registered' as const,
      requestedAt: now,
      sequence: 0,
    })),
  });
  /** An hour into the session (it runs 08:00–11:00 UTC). */
  const during = '2026-12-10T09:00:00.000Z';

  it('nothing is marked or signed off before the start: a mark and a sign-off ahead of time are refused', () => {
    const before = '2026-12-10T07:59:59.999Z';
    expect(codeOf(markAttendance(seated, 'trainer-1', [{ userId: 'u1', status: 'present' }], before))).toBe(
      'session_not_started',
    );
    expect(codeOf(markAttendance(seated, 'trainer-1', [], now))).toBe('session_not_started');
    expect(codeOf(signOff(seated, 'trainer-1', before, attestation))).toBe('session_not_started');
    // From the start on, people are marked present as they arrive and the sheet can be signed off.
    const atStart = '2026-12-10T08:00:00.000Z';
    const marked = must(markAttendance(seated, 'trainer-1', [{ userId: 'u1', status: 'present' }], atStart));
    expect(marked.attendance['u1']).toMatchObject({ status: 'present', markedAt: atStart });
    expect(must(signOff(marked, 'trainer-2', atStart, attestation)).issued.map((a) => a.userId)).toEqual([
      'u1',
    ]);
    // A trainer not assigned still learns nothing more than that.
    expect(codeOf(markAttendance(seated, 'trainer-9', [], before))).toBe('session_not_assigned');
  });

  it('only an assigned trainer marks; partial hours at most the session length; signed sheets refuse', () => {
    expect(codeOf(markAttendance(seated, 'trainer-9', [{ userId: 'u1', status: 'present' }], during))).toBe(
      'session_not_assigned',
    );
    expect(
      codeOf(markAttendance(seated, 'trainer-1', [{ userId: 'u1', status: 'partial', hours: 3.01 }], during)),
    ).toBe('session_hours_above_length');
    expect(codeOf(markAttendance(seated, 'trainer-1', [{ userId: 'u1', status: 'partial' }], during))).toBe(
      'validation_failed',
    );
    expect(
      codeOf(markAttendance(seated, 'trainer-1', [{ userId: 'nobody', status: 'present' }], during)),
    ).toBe('validation_failed');
    const signed = { ...seated, signedOff: { by: 'trainer-1', at: now } };
    expect(codeOf(markAttendance(signed, 'trainer-2', [{ userId: 'u1', status: 'present' }], during))).toBe(
      'session_sheet_signed',
    );
  });

  it('attestations only for present and partial participants, with their hours; a second sign-off issues none', () => {
    const marked = must(
      markAttendance(
        seated,
        'trainer-1',
        [
          { userId: 'u1', status: 'present' },
          { userId: 'u2', status: 'partial', hours: 1.5 },
          { userId: 'u3', status: 'absent' },
        ],
        during,
      ),
    );
    expect(attestationsDue(marked)).toEqual([
      { userId: 'u1', hours: 3 },
      { userId: 'u2', hours: 1.5 },
    ]);
    const first = must(signOff(marked, 'trainer-2', during, attestation));
    expect(first.issued.map((a) => [a.userId, a.hours])).toEqual([
      ['u1', 3],
      ['u2', 1.5],
    ]);
    const again = must(signOff(first.session, 'trainer-1', during, attestation));
    expect(again).toMatchObject({ already: true, issued: [] });
    expect(again.session).toBe(first.session);
    // Reopened: attested participants' attendance is frozen, new marks for others are allowed.
    const reopened = must(reopen(first.session));
    expect(codeOf(markAttendance(reopened, 'trainer-1', [{ userId: 'u2', status: 'present' }], during))).toBe(
      'session_attendance_attested',
    );
    const fixed = must(markAttendance(reopened, 'trainer-1', [{ userId: 'u3', status: 'present' }], during));
    expect(must(signOff(fixed, 'trainer-1', during, attestation)).issued.map((a) => a.userId)).toEqual([
      'u3',
    ]);
    expect(codeOf(signOff(marked, 'trainer-9', during, attestation))).toBe('session_not_assigned');
  });
});

describe('ICS', () => {
  it('is a valid VCALENDAR in UTC with a stable UID; cancellation is METHOD:CANCEL', () => {
    const request = sessionIcs({
      session: session(),
      userId: 'u1',
      sequence: 0,
      method: 'REQUEST',
      now,
      language: 'fr',
    });
    const cancel = sessionIcs({
      session: session(),
      userId: 'u1',
      sequence: 1,
      method: 'CANCEL',
      now,
      language: 'fr',
    });
    expect(request).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(request).toContain('DTSTART:20261210T080000Z\r\n');
    expect(request).toContain('DTEND:20261210T110000Z\r\n');
    expect(request).toContain('SUMMARY:SOINS+ — Réanimation\\, base\\; avancée\r\n');
    expect(request.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const uid = (ics: string) => /UID:(.+)\r\n/.exec(ics)?.[1];
    expect(uid(cancel)).toBe(uid(request));
    expect(cancel).toContain('METHOD:CANCEL\r\n');
    expect(cancel).toContain('SEQUENCE:1\r\n');
    for (const line of request.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });
});
