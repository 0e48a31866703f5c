// Use cases of in-person sessions. Every change of a session is read → rule → replace-if-ETag-matches,
// retried on a concurrent change, so the rules hold under concurrency (the last seat, the waiting list
// moving up, two trainers signing off at once). What follows a change (e-mails, attestations' PDFs,
// verification codes, ledger lines) is idempotent and keyed by what the change produced, so it can be
// re-run after a failure without duplicates.
import {
  localized,
  normalizeVerificationCode,
  type AttendanceSheet,
  type RegistrationResult,
  type SessionSchedule,
  type SessionSummary,
  type SheetParticipant,
  type VerificationView,
} from '@soins/shared';
import type { Notify } from './notifications/notifications';
import type { AuditLog } from './audit';
import type { TrainingRepository } from './catalogue/ports';
import type {
  CertificateFiles,
  CertificateRenderer,
  CertificateRepository,
  InamiLookup,
  SendEmail,
} from './certificates/ports';
import { newVerificationCode } from './certificates/model';
import { brusselsDate, hoursEntryId, type HoursLedger } from './hours/ledger';
import type { UserProfile, UserRepository } from './identity/model';
import type { Clock, Logger, Versioned } from './ports';
import { fail, ok, type Result } from './result';
import {
  attestationEmailId,
  attestationIdFor,
  attestationPdfBlobName,
  cancelRegistration,
  cancelSession,
  changeCapacity,
  isAssignedTrainer,
  markAttendance,
  register,
  registrationEmailId,
  registrationOf,
  reopen,
  seatsTaken,
  sessionLengthHours,
  sheetSnapshot,
  signOff,
  type Attestation,
  type MarkInput,
  type SeatChange,
  type SessionRuleError,
  type TrainingSession,
} from './sessions';
import { sessionIcs } from './sessions-ics';

export interface SessionRepository {
  get(sessionId: string): Promise<Versioned<TrainingSession> | undefined>;
  /** Creates the session and its listing entries (all sessions, each trainer's). */
  create(session: TrainingSession): Promise<void>;
  /** Replaces it if the etag still matches; resolves false on a concurrent change. */
  replace(session: TrainingSession, etag: string): Promise<boolean>;
  /** Sessions starting at or after `from`, soonest first (single-partition listing). */
  listUpcoming(from: string): Promise<TrainingSession[]>;
  /** Every session of a trainer, soonest first (the trainer's listing partition). */
  listForTrainer(trainerId: string): Promise<TrainingSession[]>;
  /** Every session, soonest first (the admin's listing). */
  listAll(): Promise<TrainingSession[]>;
}

/** Where an attestation's verification code points (the certificates' `certificate-codes` lookup). */
export interface AttestationCodeOwner {
  readonly userId: string;
  readonly attestationId: string;
  readonly sessionId: string;
}

export interface SessionDeps {
  readonly sessions: SessionRepository;
  readonly trainings: TrainingRepository;
  readonly users: UserRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditLog;
  readonly ledger: Pick<HoursLedger, 'record'>;
  readonly files: CertificateFiles;
  /** The certificates' code lookup: attestations share their code space and public verification. */
  readonly codes: Pick<CertificateRepository, 'putCode'>;
  readonly renderer: CertificateRenderer;
  readonly inami: InamiLookup;
  readonly sendEmail: SendEmail;
  /** In-app notifications: "attestation ready" (idempotent per attestation). */
  readonly notify: Pick<Notify, 'execute'>;
  readonly randomBytes: (size: number) => Uint8Array;
  readonly newId: () => string;
  readonly appUrl: string;
}

export type SessionError = SessionRuleError;

const notFound = (): { ok: false; error: SessionError } =>
  fail({ code: 'not_found', message: 'session not found' });

const holderNameOf = (profile: UserProfile): string =>
  [profile.firstName, profile.lastName].filter(Boolean).join(' ').trim() || profile.displayName;

const languageOf = (profile: UserProfile | undefined): 'fr' | 'nl' =>
  profile?.language === 'nl' ? 'nl' : 'fr';

export function summaryOf(session: TrainingSession, userId?: string): SessionSummary {
  const mine = userId ? registrationOf(session, userId) : undefined;
  return {
    id: session.id,
    trainingId: session.trainingId,
    trainingTitle: session.trainingTitle,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    place: session.place,
    language: session.language,
    capacity: session.capacity,
    seatsTaken: seatsTaken(session),
    waiting: session.registrations.filter((r) => r.status === 'waiting').length,
    accreditedHours: session.accreditedHours,
    status: session.status,
    signedOff: session.signedOff !== undefined,
    ...(session.cancellation
      ? { cancellation: { at: session.cancellation.at, reason: session.cancellation.reason } }
      : {}),
    ...(mine && mine.status !== 'cancelled' ? { myRegistration: mine.status } : {}),
    ...(mine?.status === 'waiting' && userId
      ? { myPosition: registrationView(session, userId).position }
      : {}),
  };
}

export class Sessions {
  constructor(private readonly deps: SessionDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Read → change → replace if unchanged; a concurrent change re-runs `change` on the new version. */
  private async mutate<T>(
    sessionId: string,
    change: (session: TrainingSession) => Result<{ session: TrainingSession; value: T }, SessionError>,
  ): Promise<Result<{ session: TrainingSession; value: T; written: boolean }, SessionError>> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.deps.sessions.get(sessionId);
      if (!current) return notFound();
      const changed = change(current.value);
      if (!changed.ok) return changed;
      if (changed.value.session === current.value) {
        return ok({ session: current.value, value: changed.value.value, written: false });
      }
      if (await this.deps.sessions.replace(changed.value.session, current.etag)) {
        return ok({ ...changed.value, written: true });
      }
    }
    return fail({ code: 'conflict', message: 'the session kept changing' });
  }

  async schedule(actorId: string, input: SessionSchedule): Promise<Result<SessionSummary, SessionError>> {
    const training = await this.deps.trainings.get(input.trainingId);
    if (!training) return fail({ code: 'validation_failed', message: 'unknown training' });
    const trainers = await Promise.all(input.trainerIds.map((id) => this.deps.users.get(id)));
    if (trainers.some((t) => !t || !t.value.roles.includes('trainer') || t.value.status !== 'active')) {
      return fail({ code: 'validation_failed', message: 'every assigned trainer must be an active trainer' });
    }
    const now = this.now();
    const session: TrainingSession = {
      id: this.deps.newId(),
      trainingId: input.trainingId,
      trainingTitle: { fr: localized(training.title, 'fr'), nl: localized(training.title, 'nl') },
      organiser: training.organiser,
      startsAt: new Date(input.startsAt).toISOString(),
      endsAt: new Date(input.endsAt).toISOString(),
      place: input.place,
      capacity: input.capacity,
      language: input.language,
      trainerIds: [...new Set(input.trainerIds)],
      accreditedHours: input.accreditedHours,
      status: 'scheduled',
      createdAt: now,
      createdBy: actorId,
      registrations: [],
      attendance: {},
      attestations: [],
    };
    await this.deps.audit.record({
      actor: actorId,
      action: 'session.schedule',
      target: { type: 'session', id: session.id },
      at: now,
      after: {
        trainingId: session.trainingId,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        capacity: session.capacity,
        trainerIds: [...session.trainerIds],
        accreditedHours: session.accreditedHours,
      },
    });
    await this.deps.sessions.create(session);
    return ok(summaryOf(session));
  }

  async upcoming(userId: string): Promise<SessionSummary[]> {
    const sessions = await this.deps.sessions.listUpcoming(this.now());
    // A cancelled session stays listed (as cancelled) for those who were registered or waiting.
    return sessions
      .filter(
        (s) =>
          s.status === 'scheduled' ||
          (s.cancellation !== undefined && registrationOf(s, userId)?.cancelledAt === s.cancellation.at),
      )
      .map((s) => summaryOf(s, userId));
  }

  async all(): Promise<SessionSummary[]> {
    return (await this.deps.sessions.listAll()).map((s) => summaryOf(s));
  }

  async register(userId: string, sessionId: string): Promise<Result<RegistrationResult, SessionError>> {
    const result = await this.mutate(sessionId, (session) => {
      const registered = register(session, userId, this.now());
      if (!registered.ok) return registered;
      return ok({ session: registered.value.session, value: registered.value.change });
    });
    if (!result.ok) return result;
    if (result.value.value) await this.notify(result.value.session, [result.value.value]);
    return ok(registrationView(result.value.session, userId));
  }

  async cancel(userId: string, sessionId: string): Promise<Result<RegistrationResult, SessionError>> {
    const result = await this.mutate(sessionId, (session) => {
      const cancelled = cancelRegistration(session, userId, this.now());
      if (!cancelled.ok) return cancelled;
      return ok({ session: cancelled.value.session, value: cancelled.value.changes });
    });
    if (!result.ok) return result;
    await this.notify(result.value.session, result.value.value);
    return ok({ status: 'cancelled' });
  }

  /** An admin changes the capacity; the seats it adds go to the waiting list (e-mails and ICS follow). */
  async changeCapacity(
    adminId: string,
    sessionId: string,
    capacity: number,
  ): Promise<Result<SessionSummary, SessionError>> {
    let before = 0;
    const result = await this.mutate(sessionId, (session) => {
      before = session.capacity;
      const changed = changeCapacity(session, capacity, this.now());
      if (!changed.ok) return changed;
      return ok({ session: changed.value.session, value: changed.value.changes });
    });
    if (!result.ok) return result;
    if (result.value.written) {
      await this.deps.audit.record({
        actor: adminId,
        action: 'session.capacity',
        target: { type: 'session', id: sessionId },
        at: this.now(),
        before: { capacity: before },
        after: {
          capacity: result.value.session.capacity,
          promoted: result.value.value.map((change) => change.userId).join(','),
        },
      });
    }
    await this.notify(result.value.session, result.value.value);
    return ok(summaryOf(result.value.session));
  }

  /** An admin cancels the whole session with a reason (audited); everyone registered or waiting is told. */
  async cancelSession(
    adminId: string,
    sessionId: string,
    reason: string,
  ): Promise<Result<SessionSummary, SessionError>> {
    const at = this.now();
    const result = await this.mutate(sessionId, (session) => {
      const cancelled = cancelSession(session, { by: adminId, at, reason });
      if (!cancelled.ok) return cancelled;
      return ok({ session: cancelled.value.session, value: cancelled.value.changes });
    });
    if (!result.ok) return result;
    const session = result.value.session;
    if (result.value.written) {
      await this.deps.audit.record({
        actor: adminId,
        action: 'session.cancel',
        target: { type: 'session', id: sessionId },
        at,
        before: { status: 'scheduled' },
        after: { status: 'cancelled', notified: result.value.value.length },
        reason,
      });
    }
    // Re-sent on a retry: each e-mail is keyed by learner and sequence, so it goes out once.
    const changes = session.registrations
      .filter((r) => r.status === 'cancelled' && r.cancelledAt === session.cancellation?.at)
      .map((r): SeatChange => ({
        userId: r.userId,
        kind: 'session_cancelled',
        sequence: r.sequence,
        hadSeat: r.seatedAt !== undefined,
      }));
    await this.notify(session, result.value.written ? result.value.value : changes);
    return ok(summaryOf(session));
  }

  /**
   * The erasure of a learner (privacy/erasure.ts, step `erase-from-sessions`) frees her seat before her
   * data leaves the session: the registration is cancelled through the usual rule, so the waiting list
   * moves up (under the ETag, e-mails and ICS to the learners seated). Nothing is sent to the person
   * being erased; a started or cancelled session, or one she is not registered to, is left as is.
   * Idempotent: run again, her registration is already cancelled.
   */
  async releaseForErasure(sessionId: string, userId: string): Promise<void> {
    const result = await this.mutate(sessionId, (session) => {
      const cancelled = cancelRegistration(session, userId, this.now());
      if (!cancelled.ok) return ok({ session, value: [] as SeatChange[] });
      return ok({
        session: cancelled.value.session,
        value: cancelled.value.changes.filter((change) => change.userId !== userId),
      });
    });
    if (!result.ok) {
      if (result.error.code === 'not_found') return;
      throw new Error(`session seat not released: ${result.error.code}`);
    }
    await this.notify(result.value.session, result.value.value);
  }

  /**
   * One e-mail per seat change (idempotency key per learner and sequence), the ICS file attached; a cancelled
   * session is also an in-app notification.
   */
  private async notify(session: TrainingSession, changes: readonly SeatChange[]): Promise<void> {
    for (const change of changes) {
      // In the app too (once per person and session), whether or not she has an e-mail address.
      if (change.kind === 'session_cancelled')
        await this.deps.notify.execute(change.userId, {
          kind: 'session-cancelled',
          sessionId: session.id,
          trainingTitle: session.trainingTitle,
          startsAt: session.startsAt,
          ...(session.cancellation?.reason ? { reason: session.cancellation.reason } : {}),
        });
      const profile = (await this.deps.users.get(change.userId))?.value;
      if (!profile?.email) continue;
      const language = languageOf(profile);
      const attachments = [];
      if (change.kind !== 'waiting' && (change.kind !== 'session_cancelled' || change.hadSeat)) {
        const blobName = `sessions/${session.id}/${change.userId}-${String(change.sequence)}.ics`;
        const ics = sessionIcs({
          session,
          userId: change.userId,
          sequence: change.sequence,
          method: change.kind === 'seated' ? 'REQUEST' : 'CANCEL',
          now: this.now(),
          language,
        });
        await this.deps.files.put(blobName, new TextEncoder().encode(ics), 'text/calendar');
        attachments.push({
          container: 'certificates' as const,
          blobName,
          name: 'session.ics',
          contentType: 'text/calendar' as const,
        });
      }
      const id = await registrationEmailId(session.id, change.userId, change.sequence);
      const trainingTitle = language === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr;
      const recipient = {
        userId: profile.id,
        email: profile.email,
        displayName: profile.displayName,
        language,
      };
      if (change.kind === 'session_cancelled') {
        await this.deps.sendEmail({
          id,
          request: {
            template: 'session_cancelled',
            recipient,
            trainingTitle,
            startsAt: session.startsAt,
            endsAt: session.endsAt,
            place: session.place,
            reason: session.cancellation?.reason ?? '—',
          },
          ...(attachments.length > 0 ? { attachments } : {}),
        });
        continue;
      }
      await this.deps.sendEmail({
        id,
        request: {
          template: 'session_registration',
          recipient: { userId: profile.id, email: profile.email, displayName: profile.displayName, language },
          status: change.kind === 'seated' ? 'registered' : change.kind,
          trainingTitle: language === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          place: session.place,
        },
        ...(attachments.length > 0 ? { attachments } : {}),
      });
    }
  }

  /** Trainers' own sessions (admins see every session through the manage listing). */
  async mine(trainerId: string): Promise<SessionSummary[]> {
    return (await this.deps.sessions.listForTrainer(trainerId)).map((s) => summaryOf(s));
  }

  private async readable(
    actor: { id: string; admin: boolean },
    sessionId: string,
  ): Promise<Result<TrainingSession, SessionError>> {
    const session = (await this.deps.sessions.get(sessionId))?.value;
    if (!session) return notFound();
    if (!actor.admin && !isAssignedTrainer(session, actor.id)) {
      return fail({ code: 'session_not_assigned', message: 'not a trainer of this session' });
    }
    return ok(session);
  }

  async sheet(
    actor: { id: string; admin: boolean },
    sessionId: string,
  ): Promise<Result<AttendanceSheet, SessionError>> {
    const found = await this.readable(actor, sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const participants: SheetParticipant[] = [];
    for (const registration of session.registrations.filter((r) => r.status === 'registered')) {
      const profile = (await this.deps.users.get(registration.userId))?.value;
      const inami = (await this.deps.inami.has(registration.userId)) ? maskFormatted() : undefined;
      const mark = session.attendance[registration.userId];
      participants.push({
        userId: registration.userId,
        name: profile ? holderNameOf(profile) : '—',
        ...(profile?.profession ? { profession: profile.profession } : {}),
        ...(inami ? { inamiMasked: inami } : {}),
        ...(mark ? { attendance: mark.status } : {}),
        ...(mark?.hours !== undefined ? { hours: mark.hours } : {}),
        attested: session.attestations.some((a) => a.userId === registration.userId),
      });
    }
    participants.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    return ok({
      session: summaryOf(session),
      lengthHours: sessionLengthHours(session),
      participants,
      waiting: session.registrations.filter((r) => r.status === 'waiting').length,
      ...(session.signedOff ? { signedOff: session.signedOff } : {}),
      attestations: session.attestations.length,
    });
  }

  /** The full INAMI number of a participant, for the trainer in the room: audited before shown. */
  async revealInami(
    actor: { id: string; admin: boolean },
    sessionId: string,
    userId: string,
  ): Promise<Result<{ number: string }, SessionError>> {
    const found = await this.readable(actor, sessionId);
    if (!found.ok) return found;
    if (registrationOf(found.value, userId)?.status !== 'registered') return notFound();
    if (!(await this.deps.inami.has(userId))) return notFound();
    await this.deps.audit.record({
      actor: actor.id,
      action: 'inami.reveal',
      target: { type: 'session', id: sessionId },
      subjectUserId: userId,
      at: this.now(),
      reason: 'attendance sheet',
    });
    const number = await this.deps.inami.formattedFor(userId);
    if (!number) return notFound();
    return ok({ number });
  }

  async mark(
    trainerId: string,
    sessionId: string,
    marks: readonly MarkInput[],
  ): Promise<Result<AttendanceSheet, SessionError>> {
    const result = await this.mutate(sessionId, (session) => {
      const marked = markAttendance(session, trainerId, marks, this.now());
      if (!marked.ok) return marked;
      return ok({ session: marked.value, value: undefined });
    });
    if (!result.ok) return result;
    return this.sheet({ id: trainerId, admin: false }, sessionId);
  }

  /**
   * Signs the sheet off and issues the attestations. The sheet and its attestations (ids, codes, hours)
   * are written in one conditional replace, so of two trainers signing off at once exactly one writes
   * them; both then deliver the same attestations (idempotent), which also repairs a delivery that
   * failed half-way when the sign-off is retried.
   */
  async signOff(
    trainerId: string,
    sessionId: string,
  ): Promise<Result<{ signedOff: { by: string; at: string }; attestations: number }, SessionError>> {
    const current = (await this.deps.sessions.get(sessionId))?.value;
    if (!current) return notFound();
    const ids = new Map<string, string>();
    const profiles = new Map<string, UserProfile>();
    for (const registration of current.registrations.filter((r) => r.status === 'registered')) {
      ids.set(registration.userId, await attestationIdFor(sessionId, registration.userId));
      const profile = (await this.deps.users.get(registration.userId))?.value;
      if (profile) profiles.set(registration.userId, profile);
    }
    const now = this.now();
    const result = await this.mutate(sessionId, (session) => {
      const signed = signOff(session, trainerId, now, (due) => {
        const id = ids.get(due.userId);
        const profile = profiles.get(due.userId);
        if (!id || !profile) return undefined;
        const attestation: Attestation = {
          id,
          userId: due.userId,
          verificationCode: newVerificationCode(this.deps.randomBytes),
          hours: due.hours,
          language: languageOf(profile),
          holderName: holderNameOf(profile),
          issuedAt: now,
          pdfBlobName: attestationPdfBlobName(due.userId, id),
        };
        return attestation;
      });
      if (!signed.ok) return signed;
      return ok({ session: signed.value.session, value: signed.value.already });
    });
    if (!result.ok) return result;
    const session = result.value.session;
    if (result.value.written) {
      await this.deps.audit.record({
        actor: trainerId,
        action: 'session.sign-off',
        target: { type: 'session', id: sessionId },
        at: now,
        after: sheetSnapshot(session),
      });
    }
    await this.deliver(session);
    const signedOff = session.signedOff;
    if (!signedOff) return fail({ code: 'conflict', message: 'the sheet was reopened meanwhile' });
    return ok({ signedOff, attestations: session.attestations.length });
  }

  /** Code lookup, PDF, ledger line and e-mail of every attestation: each step idempotent. */
  async deliver(session: TrainingSession): Promise<void> {
    const trainers = await Promise.all(session.trainerIds.map((id) => this.deps.users.get(id)));
    const trainerNames = trainers
      .map((t) => (t ? holderNameOf(t.value) : undefined))
      .filter((name): name is string => Boolean(name))
      .join(', ');
    for (const attestation of session.attestations) {
      await this.deps.codes.putCode(attestation.verificationCode, {
        userId: attestation.userId,
        certificateId: attestation.id,
        sessionId: session.id,
      });
      const title = attestation.language === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr;
      if (!(await this.deps.files.exists(attestation.pdfBlobName))) {
        const inami = await this.deps.inami.formattedFor(attestation.userId);
        const bytes = await this.deps.renderer.render({
          language: attestation.language,
          holderName: attestation.holderName,
          ...(inami ? { inami } : {}),
          trainingTitle: title,
          hours: attestation.hours,
          organiser: session.organiser,
          completedAt: session.startsAt,
          issuedAt: attestation.issuedAt,
          verificationCode: attestation.verificationCode,
          verifyUrl: `${this.deps.appUrl.replace(/\/+$/, '')}/verify/${attestation.verificationCode}`,
          attendance: { trainers: trainerNames, place: session.place },
        });
        await this.deps.files.put(attestation.pdfBlobName, bytes);
      }
      const day = brusselsDate(session.startsAt);
      await this.deps.ledger.record({
        id: hoursEntryId('attestation', attestation.id),
        userId: attestation.userId,
        source: 'attestation',
        documentId: attestation.id,
        verificationCode: attestation.verificationCode,
        trainingId: session.trainingId,
        trainingTitle: session.trainingTitle,
        organiser: session.organiser,
        sessionId: session.id,
        startedOn: day,
        completedOn: brusselsDate(session.endsAt),
        hours: attestation.hours,
      });
      await this.deps.notify.execute(attestation.userId, {
        kind: 'attestation-ready',
        attestationId: attestation.id,
        sessionId: session.id,
        trainingTitle: session.trainingTitle,
        sessionStartsAt: session.startsAt,
      });
      const profile = (await this.deps.users.get(attestation.userId))?.value;
      if (!profile?.email) continue;
      await this.deps.sendEmail({
        id: attestationEmailId(attestation.id),
        request: {
          template: 'attestation_issued',
          recipient: {
            userId: profile.id,
            email: profile.email,
            displayName: attestation.holderName,
            language: attestation.language,
          },
          trainingTitle: title,
          hours: attestation.hours,
          sessionDate: session.startsAt,
          verificationCode: attestation.verificationCode,
        },
        attachments: [
          {
            container: 'certificates',
            blobName: attestation.pdfBlobName,
            name: `${attestation.language === 'nl' ? 'aanwezigheidsattest' : 'attestation-presence'}-${session.id}.pdf`,
            contentType: 'application/pdf',
          },
        ],
      });
    }
  }

  /** An admin reopens a signed sheet; the audit entry keeps the signed version and the reason. */
  async reopen(
    adminId: string,
    sessionId: string,
    reason: string,
  ): Promise<Result<AttendanceSheet, SessionError>> {
    let before: TrainingSession | undefined;
    const result = await this.mutate(sessionId, (session) => {
      before = session;
      const reopened = reopen(session);
      if (!reopened.ok) return reopened;
      return ok({ session: reopened.value, value: undefined });
    });
    if (!result.ok) return result;
    if (before) {
      await this.deps.audit.record({
        actor: adminId,
        action: 'session.reopen',
        target: { type: 'session', id: sessionId },
        at: this.now(),
        before: sheetSnapshot(before),
        after: sheetSnapshot(result.value.session),
        reason,
      });
    }
    return this.sheet({ id: adminId, admin: true }, sessionId);
  }

  /** Public verification of an attestation code (the certificates' /verify falls back to it). */
  async verify(owner: AttestationCodeOwner, rawCode: string): Promise<VerificationView> {
    const code = normalizeVerificationCode(rawCode);
    const session = (await this.deps.sessions.get(owner.sessionId))?.value;
    const attestation = session?.attestations.find((a) => a.id === owner.attestationId);
    if (!session || !attestation || attestation.verificationCode !== code) return { status: 'unknown' };
    return {
      status: 'valid',
      kind: 'attestation',
      holderName: attestation.holderName,
      training: attestation.language === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr,
      hours: attestation.hours,
      completedAt: session.startsAt,
    };
  }
}

function maskFormatted(): string {
  return '•-•••••-••-•••';
}

function registrationView(session: TrainingSession, userId: string): RegistrationResult {
  const mine = registrationOf(session, userId);
  if (!mine || mine.status === 'cancelled') return { status: 'cancelled' };
  if (mine.status === 'registered') return { status: 'registered' };
  const line = session.registrations
    .filter((r) => r.status === 'waiting')
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.userId.localeCompare(b.userId));
  return { status: 'waiting', position: line.findIndex((r) => r.userId === userId) + 1 };
}
