// In-person sessions of a training: scheduling, registrations with a waiting list, the trainer's
// attendance sheet, its sign-off and the attestations it issues. Pure rules: every change is a new
// value of the session document, written back by the repository only if its ETag still matches, so
// two concurrent changes (two registrations for the last seat, two trainers signing off) cannot both
// win: the loser re-reads and applies its change to the winner's version.
import type { ContentLanguage } from '@soins/shared';
import { base32 } from './certificates/model';
import { fail, ok, type Result } from './result';

export type RegistrationStatus = 'registered' | 'waiting' | 'cancelled';
export type AttendanceStatus = 'present' | 'absent' | 'partial';

export interface Registration {
  readonly userId: string;
  readonly status: RegistrationStatus;
  /** When the learner asked for a seat: the waiting list moves up in this order. */
  readonly requestedAt: string;
  /** When a seat was given (on registration, or when the waiting list moved up). */
  readonly seatedAt?: string;
  readonly cancelledAt?: string;
  /** Bumped on each seat given or cancellation: one e-mail (and ICS SEQUENCE) per change. */
  readonly sequence: number;
}

export interface AttendanceMark {
  readonly status: AttendanceStatus;
  /** Partial attendance only: hours actually followed (≤ the session's length). */
  readonly hours?: number;
  readonly markedBy: string;
  readonly markedAt: string;
}

export interface Attestation {
  /** `${sessionId}.${userId}`: one attestation per participant and session. */
  readonly id: string;
  readonly userId: string;
  readonly verificationCode: string;
  readonly hours: number;
  readonly language: ContentLanguage;
  readonly holderName: string;
  readonly issuedAt: string;
  /** Blob name in the `certificates` container. */
  readonly pdfBlobName: string;
}

export interface SignOff {
  readonly by: string;
  readonly at: string;
}

export interface TrainingSession {
  readonly id: string;
  readonly trainingId: string;
  readonly trainingTitle: { readonly fr: string; readonly nl: string };
  readonly organiser: string;
  /** ISO 8601 instants (UTC); shown and printed in Europe/Brussels. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly place: string;
  readonly capacity: number;
  readonly language: ContentLanguage;
  readonly trainerIds: readonly string[];
  readonly accreditedHours: number;
  readonly status: 'scheduled' | 'cancelled';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly registrations: readonly Registration[];
  readonly attendance: Readonly<Record<string, AttendanceMark>>;
  readonly signedOff?: SignOff;
  /** Issued once per participant; a reopened sheet keeps them (and their hours). */
  readonly attestations: readonly Attestation[];
  /** Set when an admin cancelled the whole session (status `cancelled`). */
  readonly cancellation?: SessionCancellation;
}

export interface SessionCancellation {
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

export type SessionRuleError =
  | { readonly code: 'session_cancelled'; readonly message: string }
  | { readonly code: 'session_started'; readonly message: string }
  | { readonly code: 'session_not_started'; readonly message: string }
  | { readonly code: 'session_capacity_below_seats'; readonly message: string }
  | { readonly code: 'session_not_assigned'; readonly message: string }
  | { readonly code: 'session_sheet_signed'; readonly message: string }
  | { readonly code: 'session_hours_above_length'; readonly message: string }
  | { readonly code: 'session_attendance_attested'; readonly message: string }
  | { readonly code: 'not_found'; readonly message: string }
  | { readonly code: 'validation_failed'; readonly message: string }
  | { readonly code: 'conflict'; readonly message: string };

/** Length of the session in hours (what partial attendance may not exceed). */
export const sessionLengthHours = (session: Pick<TrainingSession, 'startsAt' | 'endsAt'>): number =>
  (Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 3_600_000;

export const seatsTaken = (session: TrainingSession): number =>
  session.registrations.filter((r) => r.status === 'registered').length;

export const registrationOf = (session: TrainingSession, userId: string): Registration | undefined =>
  session.registrations.find((r) => r.userId === userId);

export const isAssignedTrainer = (session: TrainingSession, userId: string): boolean =>
  session.trainerIds.includes(userId);

/** What a registration change did, for the e-mails (and ICS) that follow it. */
export interface SeatChange {
  readonly userId: string;
  /** `session_cancelled`: the whole session was cancelled by an admin. */
  readonly kind: 'seated' | 'waiting' | 'cancelled' | 'session_cancelled';
  readonly sequence: number;
  /** For `session_cancelled`: whether the learner held a seat (her calendar has the event to remove). */
  readonly hadSeat?: boolean;
}

function replaceRegistration(session: TrainingSession, next: Registration): TrainingSession {
  const others = session.registrations.filter((r) => r.userId !== next.userId);
  return { ...session, registrations: [...others, next] };
}

/** Gives freed seats to the waiting list, first come first served. */
function promoteWaiting(
  session: TrainingSession,
  now: string,
): { session: TrainingSession; changes: SeatChange[] } {
  let current = session;
  const changes: SeatChange[] = [];
  const waiting = [...session.registrations]
    .filter((r) => r.status === 'waiting')
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.userId.localeCompare(b.userId));
  for (const candidate of waiting) {
    if (seatsTaken(current) >= current.capacity) break;
    const seated: Registration = {
      ...candidate,
      status: 'registered',
      seatedAt: now,
      sequence: candidate.sequence + 1,
    };
    current = replaceRegistration(current, seated);
    changes.push({ userId: seated.userId, kind: 'seated', sequence: seated.sequence });
  }
  return { session: current, changes };
}

function open(session: TrainingSession, now: string): Result<void, SessionRuleError> {
  if (session.status === 'cancelled')
    return fail({ code: 'session_cancelled', message: 'session cancelled' });
  if (Date.parse(now) >= Date.parse(session.startsAt)) {
    return fail({ code: 'session_started', message: 'session already started' });
  }
  return ok(undefined);
}

/**
 * The sheet is evidence: nothing is marked or signed off before the session starts (a trainer marks
 * people present as they arrive; a scripted call on a future session is refused, nothing saved).
 */
function started(session: TrainingSession, now: string): Result<void, SessionRuleError> {
  if (Date.parse(now) < Date.parse(session.startsAt)) {
    return fail({ code: 'session_not_started', message: 'session not started yet' });
  }
  return ok(undefined);
}

/** A seat if one is free, the waiting list otherwise; registering again changes nothing. */
export function register(
  session: TrainingSession,
  userId: string,
  now: string,
): Result<{ session: TrainingSession; change?: SeatChange }, SessionRuleError> {
  const gate = open(session, now);
  if (!gate.ok) return gate;
  const existing = registrationOf(session, userId);
  if (existing && existing.status !== 'cancelled') return ok({ session });
  const sequence = (existing?.sequence ?? -1) + 1;
  const seated = seatsTaken(session) < session.capacity;
  const next: Registration = {
    userId,
    status: seated ? 'registered' : 'waiting',
    requestedAt: now,
    ...(seated ? { seatedAt: now } : {}),
    sequence,
  };
  return ok({
    session: replaceRegistration(session, next),
    change: { userId, kind: seated ? 'seated' : 'waiting', sequence },
  });
}

/** Cancels a registration (seat or waiting list); a freed seat goes to the first in line. */
export function cancelRegistration(
  session: TrainingSession,
  userId: string,
  now: string,
): Result<{ session: TrainingSession; changes: SeatChange[] }, SessionRuleError> {
  const gate = open(session, now);
  if (!gate.ok) return gate;
  const existing = registrationOf(session, userId);
  if (!existing || existing.status === 'cancelled') return ok({ session, changes: [] });
  const cancelled: Registration = {
    ...existing,
    status: 'cancelled',
    cancelledAt: now,
    sequence: existing.sequence + 1,
  };
  const promoted = promoteWaiting(replaceRegistration(session, cancelled), now);
  return ok({
    session: promoted.session,
    changes: [{ userId, kind: 'cancelled', sequence: cancelled.sequence }, ...promoted.changes],
  });
}

/**
 * An admin cancels the whole session before it starts: every registration (seat or waiting list) is
 * cancelled (one e-mail each, a calendar cancellation for those who held a seat); nothing can be
 * registered, marked or signed off afterwards. Cancelling again changes nothing.
 */
export function cancelSession(
  session: TrainingSession,
  cancellation: SessionCancellation,
): Result<{ session: TrainingSession; changes: SeatChange[] }, SessionRuleError> {
  if (session.status === 'cancelled') return ok({ session, changes: [] });
  if (session.signedOff) return fail({ code: 'session_sheet_signed', message: 'sheet signed off' });
  if (Date.parse(cancellation.at) >= Date.parse(session.startsAt)) {
    return fail({ code: 'session_started', message: 'session already started' });
  }
  const changes: SeatChange[] = [];
  const registrations = session.registrations.map((registration): Registration => {
    if (registration.status === 'cancelled') return registration;
    const sequence = registration.sequence + 1;
    changes.push({
      userId: registration.userId,
      kind: 'session_cancelled',
      sequence,
      hadSeat: registration.status === 'registered',
    });
    return { ...registration, status: 'cancelled', cancelledAt: cancellation.at, sequence };
  });
  return ok({ session: { ...session, status: 'cancelled', cancellation, registrations }, changes });
}

/**
 * An admin changes the number of seats before the session starts: more seats go to the waiting list at
 * once (first come first served); fewer than the seats already given is refused (nobody loses a seat).
 */
export function changeCapacity(
  session: TrainingSession,
  capacity: number,
  now: string,
): Result<{ session: TrainingSession; changes: SeatChange[] }, SessionRuleError> {
  const gate = open(session, now);
  if (!gate.ok) return gate;
  if (capacity < seatsTaken(session)) {
    return fail({ code: 'session_capacity_below_seats', message: 'capacity below the seats taken' });
  }
  if (capacity === session.capacity) return ok({ session, changes: [] });
  return ok(promoteWaiting({ ...session, capacity }, now));
}

export interface MarkInput {
  readonly userId: string;
  readonly status: AttendanceStatus;
  readonly hours?: number | undefined;
}

/** The trainer's marks; only once started, on an unsigned sheet, for registered participants, all or nothing. */
export function markAttendance(
  session: TrainingSession,
  trainerId: string,
  marks: readonly MarkInput[],
  now: string,
): Result<TrainingSession, SessionRuleError> {
  if (!isAssignedTrainer(session, trainerId)) {
    return fail({ code: 'session_not_assigned', message: 'not a trainer of this session' });
  }
  if (session.status === 'cancelled')
    return fail({ code: 'session_cancelled', message: 'session cancelled' });
  if (session.signedOff) return fail({ code: 'session_sheet_signed', message: 'sheet signed off' });
  const gate = started(session, now);
  if (!gate.ok) return gate;
  const length = sessionLengthHours(session);
  const attendance: Record<string, AttendanceMark> = { ...session.attendance };
  for (const mark of marks) {
    if (registrationOf(session, mark.userId)?.status !== 'registered') {
      return fail({ code: 'validation_failed', message: 'not a registered participant' });
    }
    if (mark.status === 'partial') {
      if (mark.hours === undefined || mark.hours <= 0) {
        return fail({ code: 'validation_failed', message: 'partial attendance needs its hours' });
      }
      if (mark.hours > length) {
        return fail({ code: 'session_hours_above_length', message: 'hours above the session length' });
      }
    }
    const attested = session.attestations.find((a) => a.userId === mark.userId);
    const hours = mark.status === 'partial' ? mark.hours : undefined;
    const current = session.attendance[mark.userId];
    if (attested && (current?.status !== mark.status || current.hours !== hours)) {
      return fail({ code: 'session_attendance_attested', message: 'participant already attested' });
    }
    attendance[mark.userId] = {
      status: mark.status,
      ...(hours !== undefined ? { hours } : {}),
      markedBy: trainerId,
      markedAt: now,
    };
  }
  return ok({ ...session, attendance });
}

/** Accredited hours an attendance earns: the session's for present, the hours followed (capped) for partial. */
export function attestedHours(session: TrainingSession, mark: AttendanceMark | undefined): number {
  if (!mark || mark.status === 'absent') return 0;
  if (mark.status === 'present') return session.accreditedHours;
  return Math.min(mark.hours ?? 0, session.accreditedHours);
}

/** Who gets an attestation at sign-off: present or partial participants without one yet. */
export function attestationsDue(session: TrainingSession): { userId: string; hours: number }[] {
  return session.registrations
    .filter((r) => r.status === 'registered')
    .map((r) => ({ userId: r.userId, hours: attestedHours(session, session.attendance[r.userId]) }))
    .filter((due) => due.hours > 0 && !session.attestations.some((a) => a.userId === due.userId))
    .sort((a, b) => a.userId.localeCompare(b.userId));
}

export const attestationIdOf = (sessionId: string, userId: string): string => `${sessionId}.${userId}`;
export const attestationPdfBlobName = (userId: string, attestationId: string): string =>
  `${userId}/attestations/${attestationId}.pdf`;
export const attestationEmailId = (attestationId: string): string => `attestation:${attestationId}`;
/** SHA-256 of the text, 24 base32 characters (ids that fit idempotency keys, at most 80 characters). */
async function shortHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return base32(digest.subarray(0, 15)).toLowerCase();
}

/** One registration e-mail per learner, session and change: `session:<hash(session, learner)>:<sequence>`. */
export async function registrationEmailId(
  sessionId: string,
  userId: string,
  sequence: number,
): Promise<string> {
  return `session:${await shortHash(`${sessionId}|${userId}`)}:${String(sequence)}`;
}

/** Attestation id, the same on every retry: `a-` + 24 base32 characters of SHA-256(sessionId|userId). */
export async function attestationIdFor(sessionId: string, userId: string): Promise<string> {
  return `a-${await shortHash(`${sessionId}|${userId}`)}`;
}

/** Signs off (once started): locks the sheet and adds the attestations (built by `issue` for each participant due). */
export function signOff(
  session: TrainingSession,
  trainerId: string,
  now: string,
  issue: (due: { userId: string; hours: number }) => Attestation | undefined,
): Result<{ session: TrainingSession; issued: readonly Attestation[]; already: boolean }, SessionRuleError> {
  if (!isAssignedTrainer(session, trainerId)) {
    return fail({ code: 'session_not_assigned', message: 'not a trainer of this session' });
  }
  if (session.status === 'cancelled')
    return fail({ code: 'session_cancelled', message: 'session cancelled' });
  if (session.signedOff) return ok({ session, issued: [], already: true });
  const gate = started(session, now);
  if (!gate.ok) return gate;
  const issued = attestationsDue(session)
    .map(issue)
    .filter((a): a is Attestation => a !== undefined);
  return ok({
    session: {
      ...session,
      signedOff: { by: trainerId, at: now },
      attestations: [...session.attestations, ...issued],
    },
    issued,
    already: false,
  });
}

/** An admin reopens a signed sheet; the attestations already issued stay. */
export function reopen(session: TrainingSession): Result<TrainingSession, SessionRuleError> {
  if (!session.signedOff) return fail({ code: 'conflict', message: 'sheet is not signed off' });
  const { signedOff: _signed, ...rest } = session;
  return ok(rest);
}

/** The sheet as the audit log keeps it (ids, statuses and hours only; no personal data). */
export function sheetSnapshot(session: TrainingSession): Record<string, string | number | boolean | null> {
  const snapshot: Record<string, string | number | boolean | null> = {
    signedOff: session.signedOff ? session.signedOff.at : null,
  };
  for (const [userId, mark] of Object.entries(session.attendance)) {
    snapshot[userId] = mark.status === 'partial' ? `partial:${String(mark.hours ?? 0)}` : mark.status;
  }
  return snapshot;
}
