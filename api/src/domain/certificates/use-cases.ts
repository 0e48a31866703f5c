// Certificate use cases: the request (quiz → queue), the three idempotent workflow steps (issue, store
// the PDF, email it), and what learners, admins and the public read.
import {
  localized,
  normalizeVerificationCode,
  type AdminCertificate,
  type CertificateListItem,
  type ContentLanguage,
  type HoursLedger,
  type MyCertificates,
  type Training,
  type VerificationView,
} from '@soins/shared';
import type { AuditLog } from '../audit';
import type { TrainingRepository } from '../catalogue/ports';
import {
  brusselsDate,
  countedEntries,
  hoursEntryId,
  type HoursLedger as HoursLedgerPort,
} from '../hours/ledger';
import type { DiplomaRepository } from '../diplomas';
import { isProfileComplete, type UserProfile, type UserRepository } from '../identity/model';
import type { Clock, Logger, WorkflowClient, WorkflowRuntimeStatus } from '../ports';
import { fail, ok, type Result } from '../result';
import { buildLedger, calendarYearOf, OBLIGATION_ANCHOR_YEAR } from './ledger';
import {
  certificateEmailId,
  certificateFileName,
  certificateIdFor,
  certificateInstanceId,
  certificatePdfBlobName,
  newVerificationCode,
  type Certificate,
  type Versioned,
} from './model';
import type {
  CertificateEligibility,
  CertificateFiles,
  CertificateRenderer,
  CertificateRepository,
  CertificateRequestQueue,
  EligibilityGap,
  InamiLookup,
  SendEmail,
} from './ports';
import type { CertificateRequests, PassedTraining } from './request-port';

export type CertificateError =
  | { readonly code: 'not_found'; readonly message: string }
  | { readonly code: 'conflict'; readonly message: string };

/** A step that cannot succeed however often it is retried (missing training or learner). */
export class PermanentCertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentCertificateError';
  }
}

/** What `CertificateRequests.request` does: keep the request (for re-drives), then queue it. */
export class RequestCertificate implements CertificateRequests {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      queue: CertificateRequestQueue;
      clock: Clock;
    },
  ) {}

  async request(passed: PassedTraining): Promise<void> {
    await this.deps.repository.saveRequest({ ...passed, requestedAt: this.deps.clock.now().toISOString() });
    await this.deps.queue.send(passed);
  }
}

/**
 * Operator re-drive of a (failed) workflow: queues the stored request again (audited). The consumer checks
 * the learner's eligibility as for any request: a learner who is not eligible yet keeps waiting.
 */
export class RedriveCertificate {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      queue: CertificateRequestQueue;
      audit: AuditLog;
      clock: Clock;
    },
  ) {}

  async execute(input: {
    actorId: string;
    userId: string;
    trainingId: string;
  }): Promise<Result<void, CertificateError>> {
    const stored = await this.deps.repository.getRequest(input.userId, input.trainingId);
    if (!stored) return fail({ code: 'not_found', message: 'no certificate request for this training' });
    const { requestedAt: _requestedAt, ...passed } = stored;
    await this.deps.queue.send(passed, { redrive: true });
    await this.deps.audit.record({
      actor: input.actorId,
      action: 'certificate.redrive',
      target: { type: 'training', id: input.trainingId },
      subjectUserId: input.userId,
      at: this.deps.clock.now().toISOString(),
    });
    return ok(undefined);
  }
}

/**
 * The rule of `CertificateEligibility`: a profile completed through the onboarding form (names and
 * profession, as `PUT /api/me/details` checked them) and the latest diploma approved.
 */
export function makeCertificateEligibility(deps: {
  users: UserRepository;
  diplomas: Pick<DiplomaRepository, 'latestFor'>;
}): CertificateEligibility {
  return {
    missing: async (userId, known) => {
      const [profile, diploma] = await Promise.all([
        known ? known.profile : deps.users.get(userId).then((stored) => stored?.value),
        deps.diplomas.latestFor(userId),
      ]);
      const gaps: EligibilityGap[] = [];
      if (!profile || !isProfileComplete(profile)) gaps.push('profile');
      if (diploma?.status !== 'approved') gaps.push('diploma');
      return gaps;
    },
  };
}

/** The names the onboarding form checked; never the display name, which may come from the sign-in token. */
export const holderNameOf = (profile: UserProfile): string | undefined => {
  const name = [profile.firstName?.trim(), profile.lastName?.trim()].filter(Boolean).join(' ');
  return profile.firstName && profile.lastName && name ? name : undefined;
};

/**
 * Issues the certificates of passes that waited for the learner to become eligible (diploma approved,
 * profile completed): each stored request without a certificate is queued again (a fresh message, as a
 * re-drive). Idempotent: the workflow issues one certificate per training whatever the deliveries.
 */
export class ReleaseWaitingCertificates {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      queue: CertificateRequestQueue;
      eligibility: CertificateEligibility;
      logger: Logger;
    },
  ) {}

  async execute(userId: string): Promise<number> {
    if ((await this.deps.eligibility.missing(userId)).length > 0) return 0;
    let released = 0;
    for (const stored of await this.deps.repository.listRequests(userId)) {
      const id = await certificateIdFor(stored.userId, stored.trainingId);
      if (await this.deps.repository.get(stored.userId, id)) continue;
      const { requestedAt: _requestedAt, ...passed } = stored;
      await this.deps.queue.send(passed, { redrive: true });
      released += 1;
    }
    if (released > 0) this.deps.logger.info('certificate.requests_released', { count: released });
    return released;
  }
}

export const certificateLanguageOf = (profile: UserProfile): ContentLanguage =>
  profile.language === 'nl' ? 'nl' : 'fr';

/** Step (a): creates the record once; every retry finds it and returns the same certificate. */
export class IssueCertificate {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      trainings: TrainingRepository;
      users: UserRepository;
      clock: Clock;
      randomBytes: (size: number) => Uint8Array;
      eligibility: CertificateEligibility;
      /** Every issued certificate is a line of the hours ledger (recorded again on retries: a no-op). */
      ledger: Pick<HoursLedgerPort, 'record'>;
    },
  ) {}

  async execute(passed: PassedTraining): Promise<Certificate> {
    const { repository } = this.deps;
    const id = await certificateIdFor(passed.userId, passed.trainingId);
    let certificate = (await repository.get(passed.userId, id))?.value;
    /** The training as read to issue it (the hours line below uses the same read). */
    let issuedFrom: Training | undefined;
    if (!certificate) {
      const profileRead = this.deps.users.get(passed.userId);
      const [training, profile, missing] = await Promise.all([
        this.deps.trainings.get(passed.trainingId),
        profileRead,
        profileRead.then((stored) =>
          this.deps.eligibility.missing(passed.userId, { profile: stored?.value }),
        ),
      ]);
      if (!training) throw new PermanentCertificateError('training not found');
      if (!profile) throw new PermanentCertificateError('learner not found');
      issuedFrom = training;
      // The request consumer checks this before starting the workflow; checked again where it matters.
      const holderName = holderNameOf(profile.value);
      if (missing.length > 0 || !holderName) {
        throw new PermanentCertificateError(`learner not eligible: ${missing.join(',') || 'profile'}`);
      }
      const language = certificateLanguageOf(profile.value);
      const fresh: Certificate = {
        id,
        userId: passed.userId,
        trainingId: passed.trainingId,
        attemptId: passed.attemptId,
        ...(passed.quizVersion !== undefined ? { quizVersion: passed.quizVersion } : {}),
        language,
        holderName,
        trainingTitle: localized(training.title, language),
        hours: training.accreditedHours,
        organiser: training.organiser,
        completedAt: passed.passedAt,
        issuedAt: this.deps.clock.now().toISOString(),
        verificationCode: newVerificationCode(this.deps.randomBytes),
        status: 'valid',
        pdfBlobName: certificatePdfBlobName(passed.userId, id),
      };
      // A concurrent or earlier attempt may have won: theirs (and its code) is the certificate.
      certificate = (await repository.create(fresh))
        ? fresh
        : (await repository.get(passed.userId, id))?.value;
      if (!certificate) throw new Error('certificate vanished after a create conflict');
    }
    await repository.putCode(certificate.verificationCode, { userId: certificate.userId, certificateId: id });
    await this.recordHours(certificate, issuedFrom);
    return certificate;
  }

  private async recordHours(certificate: Certificate, known: Training | undefined): Promise<void> {
    const training = known ?? (await this.deps.trainings.get(certificate.trainingId));
    const completedOn = brusselsDate(certificate.completedAt);
    await this.deps.ledger.record({
      id: hoursEntryId('certificate', certificate.id),
      userId: certificate.userId,
      source: 'certificate',
      documentId: certificate.id,
      verificationCode: certificate.verificationCode,
      trainingId: certificate.trainingId,
      trainingTitle: training
        ? { fr: localized(training.title, 'fr'), nl: localized(training.title, 'nl') }
        : { fr: certificate.trainingTitle, nl: certificate.trainingTitle },
      organiser: certificate.organiser,
      // An online training has no start date of its own: the day the quiz was passed.
      startedOn: completedOn,
      completedOn,
      hours: certificate.hours,
    });
  }
}

/** Step (b): renders and stores the PDF unless it is already stored. */
export class StoreCertificatePdf {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      files: CertificateFiles;
      renderer: CertificateRenderer;
      inami: Pick<InamiLookup, 'formattedFor'>;
      clock: Clock;
      appUrl: string;
    },
  ) {}

  async execute(input: { userId: string; certificateId: string }): Promise<{ rendered: boolean }> {
    const { repository, files } = this.deps;
    const stored = await repository.get(input.userId, input.certificateId);
    if (!stored) throw new PermanentCertificateError('certificate not found');
    const certificate = stored.value;
    if (certificate.pdfStoredAt) return { rendered: false };
    let rendered = false;
    if (!(await files.exists(certificate.pdfBlobName))) {
      const inami = await this.deps.inami.formattedFor(certificate.userId);
      const bytes = await this.deps.renderer.render({
        language: certificate.language,
        holderName: certificate.holderName,
        ...(inami ? { inami } : {}),
        trainingTitle: certificate.trainingTitle,
        hours: certificate.hours,
        organiser: certificate.organiser,
        completedAt: certificate.completedAt,
        issuedAt: certificate.issuedAt,
        verificationCode: certificate.verificationCode,
        verifyUrl: `${this.deps.appUrl.replace(/\/+$/, '')}/verify/${certificate.verificationCode}`,
      });
      await files.put(certificate.pdfBlobName, bytes);
      rendered = true;
    }
    await this.markStored(input, stored);
    return { rendered };
  }

  /** `read`: the record as read at the start (its ETag usually still holds: no second read). */
  private async markStored(
    input: { userId: string; certificateId: string },
    read: Versioned<Certificate>,
  ): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current =
        attempt === 0 ? read : await this.deps.repository.get(input.userId, input.certificateId);
      if (!current) throw new PermanentCertificateError('certificate not found');
      if (current.value.pdfStoredAt) return;
      const next = { ...current.value, pdfStoredAt: this.deps.clock.now().toISOString() };
      if (await this.deps.repository.replace(next, current.etag)) return;
    }
    throw new Error('certificate kept changing while marking its PDF stored');
  }
}

/**
 * Step (c): the in-app notification (once per certificate) and one email per certificate (idempotency key
 * `certificate:<id>`), the PDF attached by reference. Both are idempotent: the activity may run again.
 */
export class EmailCertificate {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      users: UserRepository;
      sendEmail: SendEmail;
      /** The learner's in-app "certificate ready" notification (idempotent per certificate). */
      notify: (certificate: Certificate) => Promise<void>;
      logger: Logger;
    },
  ) {}

  async execute(input: { userId: string; certificateId: string }): Promise<{ queued: boolean }> {
    const stored = await this.deps.repository.get(input.userId, input.certificateId);
    if (!stored) throw new PermanentCertificateError('certificate not found');
    const certificate = stored.value;
    if (!certificate.pdfStoredAt) throw new Error('the PDF is not stored yet');
    if (certificate.status !== 'revoked') await this.deps.notify(certificate);
    const profile = (await this.deps.users.get(certificate.userId))?.value;
    if (!profile?.email || certificate.status === 'revoked') {
      this.deps.logger.warn('certificate.email_skipped', {
        certificateId: certificate.id,
        reason: certificate.status === 'revoked' ? 'revoked' : 'no_address',
      });
      return { queued: false };
    }
    await this.deps.sendEmail({
      id: certificateEmailId(certificate.id),
      request: {
        template: 'certificate_issued',
        recipient: {
          userId: profile.id,
          email: profile.email,
          displayName: certificate.holderName,
          language: certificate.language,
        },
        trainingTitle: certificate.trainingTitle,
        hours: certificate.hours,
        completedAt: certificate.completedAt,
        verificationCode: certificate.verificationCode,
      },
      attachments: [
        {
          container: 'certificates',
          blobName: certificate.pdfBlobName,
          name: certificateFileName(certificate.language, certificate.trainingId),
          contentType: 'application/pdf',
        },
      ],
    });
    return { queued: true };
  }
}

/** Public verification: what a code proves, nothing personal beyond the holder's name. */
export class VerifyCertificate {
  constructor(
    private readonly repository: CertificateRepository,
    /** Attestations of in-person sessions, in the same code space. */
    private readonly attestations?: {
      verify(
        owner: { userId: string; attestationId: string; sessionId: string },
        code: string,
      ): Promise<VerificationView>;
    },
  ) {}

  async execute(rawCode: string): Promise<VerificationView> {
    const code = normalizeVerificationCode(rawCode);
    if (!code) return { status: 'unknown' };
    const owner = await this.repository.findByCode(code);
    if (!owner) return { status: 'unknown' };
    // The holder erased their account: the documented minimum, no name (domain/privacy/erasure.ts).
    if (owner.retained) return { ...owner.retained };
    if (owner.sessionId !== undefined) {
      if (!this.attestations) return { status: 'unknown' };
      return this.attestations.verify(
        { userId: owner.userId, attestationId: owner.certificateId, sessionId: owner.sessionId },
        code,
      );
    }
    const certificate = (await this.repository.get(owner.userId, owner.certificateId))?.value;
    if (!certificate || certificate.verificationCode !== code) return { status: 'unknown' };
    return {
      status: certificate.status,
      kind: 'certificate',
      holderName: certificate.holderName,
      training: certificate.trainingTitle,
      hours: certificate.hours,
      completedAt: certificate.completedAt,
    };
  }
}

/** Revokes a certificate with the admin's reason (public verification says so from then on); audited. */
export class RevokeCertificate {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      clock: Clock;
      logger: Logger;
      audit: AuditLog;
    },
  ) {}

  async execute(input: {
    userId: string;
    certificateId: string;
    reason: string;
    actorId: string;
  }): Promise<Result<Certificate, CertificateError>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.repository.get(input.userId, input.certificateId);
      if (!current) return fail({ code: 'not_found', message: 'certificate not found' });
      if (current.value.status === 'revoked') return ok(current.value);
      const revoked: Certificate = {
        ...current.value,
        status: 'revoked',
        revokedAt: this.deps.clock.now().toISOString(),
        revocationReason: input.reason,
      };
      if (await this.deps.repository.replace(revoked, current.etag)) {
        this.deps.logger.info('certificate.revoked', { certificateId: revoked.id, actorId: input.actorId });
        await this.deps.audit.record({
          actor: input.actorId,
          action: 'certificate.revoke',
          target: { type: 'certificate', id: revoked.id },
          subjectUserId: revoked.userId,
          at: revoked.revokedAt ?? this.deps.clock.now().toISOString(),
          before: { status: current.value.status },
          after: { status: revoked.status },
          reason: input.reason,
        });
        return ok(revoked);
      }
    }
    return fail({ code: 'conflict', message: 'the certificate changed meanwhile, try again' });
  }
}

export const toListItem = (certificate: Certificate): CertificateListItem => ({
  id: certificate.id,
  trainingId: certificate.trainingId,
  trainingTitle: certificate.trainingTitle,
  language: certificate.language,
  hours: certificate.hours,
  completedAt: certificate.completedAt,
  issuedAt: certificate.issuedAt,
  organiser: certificate.organiser,
  verificationCode: certificate.verificationCode,
  status: certificate.status,
  pdfReady: Boolean(certificate.pdfStoredAt),
});

/** A learner's certificates as admins see them: with the revocation's date and reason. */
export class ListLearnerCertificates {
  constructor(private readonly repository: CertificateRepository) {}

  async execute(userId: string): Promise<AdminCertificate[]> {
    return (await this.repository.listFor(userId)).map((certificate) => ({
      ...toListItem(certificate),
      ...(certificate.revokedAt ? { revokedAt: certificate.revokedAt } : {}),
      ...(certificate.revocationReason ? { revocationReason: certificate.revocationReason } : {}),
    }));
  }
}

/**
 * The learner's certificates, what she still lacks to receive them (a pass made meanwhile waits:
 * `awaiting_eligibility`) and which passed trainings have no certificate yet.
 */
export class ListMyCertificates {
  constructor(
    private readonly deps: { repository: CertificateRepository; eligibility: CertificateEligibility },
  ) {}

  async execute(userId: string): Promise<MyCertificates> {
    const [certificates, requests, missing] = await Promise.all([
      this.deps.repository.listFor(userId),
      this.deps.repository.listRequests(userId),
      this.deps.eligibility.missing(userId),
    ]);
    const issued = new Set(certificates.map((certificate) => certificate.trainingId));
    return {
      items: certificates.map(toListItem),
      missing: [...missing],
      waiting: requests.map((request) => request.trainingId).filter((trainingId) => !issued.has(trainingId)),
    };
  }
}

/** Links live at most 5 minutes. */
export const CERTIFICATE_LINK_MINUTES = 5;

export class CertificatePdfLink {
  constructor(private readonly deps: { repository: CertificateRepository; files: CertificateFiles }) {}

  async execute(input: {
    userId: string;
    certificateId: string;
  }): Promise<Result<{ url: string; expiresAt: string }, CertificateError>> {
    const certificate = (await this.deps.repository.get(input.userId, input.certificateId))?.value;
    if (!certificate) return fail({ code: 'not_found', message: 'certificate not found' });
    // A revoked certificate no longer attests anything: its PDF is not handed out any more.
    if (certificate.status === 'revoked') {
      return fail({ code: 'conflict', message: 'this certificate has been revoked' });
    }
    if (!certificate.pdfStoredAt) return fail({ code: 'conflict', message: 'the PDF is not ready yet' });
    const link = await this.deps.files.readLink(
      certificate.pdfBlobName,
      CERTIFICATE_LINK_MINUTES,
      certificateFileName(certificate.language, certificate.trainingId),
    );
    return ok({ url: link.url, expiresAt: link.expiresAt.toISOString() });
  }
}

/**
 * The learner's hours against her obligations, from the hours ledger's lines (online certificates and
 * in-person attestations; see `countedEntries` for revoked certificates and those issued before the
 * ledger existed). Lines are read from the first legal period (OBLIGATION_ANCHOR_YEAR) on.
 */
export class GetHoursLedger {
  constructor(
    private readonly deps: {
      repository: CertificateRepository;
      entries: Pick<HoursLedgerPort, 'listForUser'>;
      users: UserRepository;
      inami: Pick<InamiLookup, 'has'>;
      clock: Clock;
    },
  ) {}

  async execute(userId: string): Promise<HoursLedger> {
    const period = {
      from: `${String(OBLIGATION_ANCHOR_YEAR)}-01-01`,
      to: `${String(calendarYearOf(this.deps.clock.now().toISOString()))}-12-31`,
    };
    const [certificates, lines, profile] = await Promise.all([
      this.deps.repository.listFor(userId),
      this.deps.entries.listForUser(userId, period.from, period.to),
      this.deps.users.get(userId),
    ]);
    const profession = profile?.value.profession;
    // The INAMI number only matters to nurses (the yearly home-nursing obligation).
    const hasInami = profession === 'nurse' ? await this.deps.inami.has(userId) : false;
    return buildLedger({
      // A line's date is a calendar day in Belgium: noon UTC is that same day there.
      entries: countedEntries(lines, certificates, { from: '0000-01-01', to: period.to }).map((entry) => ({
        hours: entry.hours,
        completedAt: `${entry.completedOn}T12:00:00.000Z`,
      })),
      facts: {
        ...(profession ? { profession } : {}),
        ...(profile?.value.specialistTitle ? { specialistTitle: true } : {}),
        hasInami,
      },
      now: this.deps.clock.now(),
    });
  }
}

export type WorkflowStartOutcome =
  | 'started'
  | 'restarted'
  | 'already_running'
  | 'already_completed'
  /** The learner may not hold a certificate yet: the request waits (ReleaseWaitingCertificates). */
  | 'awaiting_eligibility';

/**
 * Queue consumer logic: one orchestration per (learner, training), deterministic instance id. Running
 * or completed: nothing to do. Failed, terminated or canceled: started again under the same id (Durable
 * lets a non-running instance id be reused; its history is replaced).
 */
export class StartCertificateWorkflow {
  constructor(
    private readonly deps: { orchestration: string; logger: Logger; eligibility: CertificateEligibility },
  ) {}

  async execute(workflows: WorkflowClient, passed: PassedTraining): Promise<WorkflowStartOutcome> {
    const instanceId = certificateInstanceId(passed.userId, passed.trainingId);
    const before = await workflows.status(instanceId);
    const settled = settledOutcome(before?.runtimeStatus);
    if (settled) return settled;
    // A pass recorded before the profile was completed or the diploma approved waits: the request is
    // stored, and approving the diploma (or completing the profile) queues it again.
    const missing = await this.deps.eligibility.missing(passed.userId);
    if (missing.length > 0) {
      this.deps.logger.info('certificate.awaiting_eligibility', {
        trainingId: passed.trainingId,
        missing: missing.join(','),
      });
      return 'awaiting_eligibility';
    }
    try {
      await workflows.start(this.deps.orchestration, { instanceId, input: passed });
    } catch (error) {
      // A concurrent delivery may have started it between our read and our start.
      const after = settledOutcome((await workflows.status(instanceId))?.runtimeStatus);
      if (after) return after;
      throw error;
    }
    const outcome = before ? 'restarted' : 'started';
    this.deps.logger.info('certificate.workflow_started', {
      instanceId,
      outcome,
      previousStatus: before?.runtimeStatus ?? 'none',
    });
    return outcome;
  }
}

function settledOutcome(status: WorkflowRuntimeStatus | undefined): WorkflowStartOutcome | undefined {
  switch (status) {
    case 'Pending':
    case 'Running':
    case 'ContinuedAsNew':
      return 'already_running';
    case 'Completed':
      return 'already_completed';
    default:
      return undefined;
  }
}
