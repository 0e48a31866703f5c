import { formatVerificationCode, normalizeVerificationCode, verificationCodeSchema } from '@soins/shared';
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  buildLedger,
  calendarYearOf,
  obligationsFor,
  periodBounds,
  periodStartYear,
} from '../src/domain/certificates/ledger';
import {
  base32,
  certificateIdFor,
  certificateInstanceId,
  newVerificationCode,
  VERIFICATION_CODE_BYTES,
} from '../src/domain/certificates/model';
import {
  CertificatePdfLink,
  EmailCertificate,
  GetHoursLedger,
  IssueCertificate,
  PermanentCertificateError,
  RedriveCertificate,
  RequestCertificate,
  RevokeCertificate,
  StartCertificateWorkflow,
  StoreCertificatePdf,
  VerifyCertificate,
  makeCertificateEligibility,
  ReleaseWaitingCertificates,
} from '../src/domain/certificates/use-cases';
import type { EmailMessageInput } from '@soins/shared';
import type { WorkflowClient, WorkflowRuntimeStatus } from '../src/domain/ports';
import { parseFaultPlan, withFaults } from '../src/functions/certificates/fault-injection';
import { TokenBucketLimiter } from '../src/functions/rate-limit';
import { clientAddressOf } from '../src/functions/client-address';
import type { PassedTraining } from '../src/domain/certificates/request-port';
import { MemoryHoursLedger } from './fakes/hours-ledger-fake';
import { MemoryNotificationStore } from './fakes/notification-fakes';
import { Notify } from '../src/domain/notifications/notifications';
import { brusselsDate } from '../src/domain/hours/ledger';
import {
  asUserRepository,
  MemoryCertificateFiles,
  MemoryCertificateRepository,
  MemoryTrainings,
  MemoryUsers,
  profile,
  RecordingRenderer,
  training,
} from './certificate-fakes';
import { ManualClock } from './fakes/email-fakes';
import { MemoryAuditLog } from './fakes/audit-fakes';
import { RecordingLogger } from './fakes/logger';

/** A learner with a completed profile and an approved diploma. */
const eligible = { missing: () => Promise.resolve([]) };

describe('verification codes', () => {
  it('encode 160 random bits as 32 base32 characters', () => {
    const sizes: number[] = [];
    const code = newVerificationCode((size) => {
      sizes.push(size);
      return randomBytes(size);
    });
    expect(sizes).toEqual([VERIFICATION_CODE_BYTES]);
    expect(VERIFICATION_CODE_BYTES * 8).toBeGreaterThanOrEqual(128);
    expect(code).toMatch(/^[A-Z2-7]{32}$/);
    expect(verificationCodeSchema.safeParse(code).success).toBe(true);
  });

  it('never repeat across many draws', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newVerificationCode((n) => randomBytes(n))));
    expect(codes.size).toBe(2000);
  });

  it('follow RFC 4648 base32', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
    expect(base32(new Uint8Array(20).fill(0xff))).toBe('7'.repeat(32));
  });

  it('are refused when the random source is short', () => {
    expect(() => newVerificationCode(() => new Uint8Array(8))).toThrow();
  });

  it('normalise what people type and print in groups of four', () => {
    const code = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    expect(normalizeVerificationCode(formatVerificationCode(code).toLowerCase())).toBe(code);
    expect(normalizeVerificationCode(' abcd efgh ijkl mnop qrst uvwx yz23 4567 ')).toBe(code);
    expect(normalizeVerificationCode('ABCD')).toBeUndefined();
    expect(normalizeVerificationCode(`${code}0`)).toBeUndefined();
    expect(normalizeVerificationCode('x'.repeat(10_000))).toBeUndefined();
    expect(formatVerificationCode(code)).toBe('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
  });

  it('certificate ids are deterministic per learner and training, and differ across learners', async () => {
    const a = await certificateIdFor('u_marie0001', 'plaies');
    expect(a).toMatch(/^c-[a-z2-7]{24}$/);
    expect(await certificateIdFor('u_marie0001', 'plaies')).toBe(a);
    expect(await certificateIdFor('u_jan000001', 'plaies')).not.toBe(a);
    expect(await certificateIdFor('u_marie0001', 'diabete')).not.toBe(a);
    expect(certificateInstanceId('u_marie0001', 'plaies')).toBe('certificate-u_marie0001-plaies');
  });
});

describe('ledger periods', () => {
  it('cut multi-year periods in blocks anchored on 2024', () => {
    expect(periodStartYear(2024, 4)).toBe(2024);
    expect(periodStartYear(2027, 4)).toBe(2024);
    expect(periodStartYear(2028, 4)).toBe(2028);
    expect(periodStartYear(2023, 4)).toBe(2020);
    expect(periodStartYear(2028, 5)).toBe(2024);
    expect(periodStartYear(2029, 5)).toBe(2029);
    expect(periodStartYear(2026, 1)).toBe(2026);
    expect(periodBounds(2026, 4)).toEqual({
      startsOn: '2024-01-01',
      endsOn: '2027-12-31',
      startYear: 2024,
      endYear: 2027,
    });
    expect(periodBounds(2026, 1)).toMatchObject({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
  });

  it('count a date in its Belgian calendar year', () => {
    expect(calendarYearOf('2026-12-31T22:30:00Z')).toBe(2026);
    expect(calendarYearOf('2026-12-31T23:30:00Z')).toBe(2027);
  });

  it('apply the obligations of the profession', () => {
    expect(obligationsFor({ hasInami: true })).toEqual([]);
    expect(obligationsFor({ profession: 'other', hasInami: true })).toEqual([]);
    expect(obligationsFor({ profession: 'nurse', hasInami: false })).toEqual([]);
    expect(obligationsFor({ profession: 'nurse', hasInami: true }).map((o) => o.kind)).toEqual([
      'nurse_inami_annual',
    ]);
    expect(
      obligationsFor({ profession: 'nurse', hasInami: true, specialistTitle: true }).map((o) => o.kind),
    ).toEqual(['nurse_inami_annual', 'nurse_specialist']);
    expect(obligationsFor({ profession: 'midwife', hasInami: false }).map((o) => o.requiredHours)).toEqual([
      75,
    ]);
  });

  it('sum hours per year and per period with progress', () => {
    const ledger = buildLedger({
      entries: [
        { hours: 1.5, completedAt: '2025-03-01T10:00:00Z' },
        { hours: 2, completedAt: '2026-02-01T10:00:00Z' },
        { hours: 3.25, completedAt: '2026-06-01T10:00:00Z' },
      ],
      facts: { profession: 'nurse', hasInami: true, specialistTitle: true },
      now: new Date('2026-11-25T10:00:00Z'),
    });
    expect(ledger.profession).toBe('nurse');
    expect(ledger.totalHours).toBe(6.75);
    expect(ledger.years).toEqual([
      { year: 2025, hours: 1.5, certificates: 1 },
      { year: 2026, hours: 5.25, certificates: 2 },
    ]);
    const annual = ledger.obligations.find((o) => o.kind === 'nurse_inami_annual');
    expect(annual?.periods.map((p) => [p.startsOn, p.hours, p.progressPercent, p.met, p.current])).toEqual([
      ['2025-01-01', 1.5, 30, false, false],
      ['2026-01-01', 5.25, 100, true, true],
    ]);
    const specialist = ledger.obligations.find((o) => o.kind === 'nurse_specialist');
    expect(specialist?.periods).toEqual([
      {
        startsOn: '2024-01-01',
        endsOn: '2027-12-31',
        hours: 6.75,
        requiredHours: 60,
        progressPercent: 11,
        met: false,
        current: true,
      },
    ]);
  });

  it('without a profession: calendar years only, the current year included', () => {
    const ledger = buildLedger({ entries: [], facts: { hasInami: false }, now: new Date('2026-05-01Z') });
    expect(ledger).toEqual({
      profession: null,
      totalHours: 0,
      years: [{ year: 2026, hours: 0, certificates: 0 }],
      obligations: [],
    });
  });
});

const passed: PassedTraining = {
  userId: 'u_marie0001',
  trainingId: 'plaies-chroniques',
  attemptId: 'attempt-1',
  passedAt: '2026-11-20T10:00:00.000Z',
  scorePercent: 80,
};

function world() {
  const clock = new ManualClock();
  const repository = new MemoryCertificateRepository();
  const files = new MemoryCertificateFiles();
  const renderer = new RecordingRenderer();
  const users = new MemoryUsers(new Map([[passed.userId, profile({ id: passed.userId })]]));
  const trainings = new MemoryTrainings(new Map([[passed.trainingId, training()]]));
  const logger = new RecordingLogger();
  const emails: EmailMessageInput[] = [];
  const ledger = new MemoryHoursLedger();
  const issue = new IssueCertificate({
    repository,
    trainings,
    users: asUserRepository(users),
    clock,
    randomBytes: (n) => randomBytes(n),
    eligibility: eligible,
    ledger,
  });
  const store = new StoreCertificatePdf({
    repository,
    files,
    renderer,
    inami: { formattedFor: () => Promise.resolve('1-23456-78-901') },
    clock,
    appUrl: 'https://app.soins.test/',
  });
  const notifications = new MemoryNotificationStore();
  const notify = new Notify({ store: notifications, clock, logger });
  const email = new EmailCertificate({
    repository,
    users: asUserRepository(users),
    sendEmail: (message) => {
      emails.push(message);
      return Promise.resolve();
    },
    notify: async (certificate) => {
      await notify.execute(certificate.userId, {
        kind: 'certificate-ready',
        certificateId: certificate.id,
        trainingId: certificate.trainingId,
        trainingTitle: { [certificate.language]: certificate.trainingTitle },
      });
    },
    logger,
  });
  return {
    clock,
    repository,
    files,
    renderer,
    users,
    trainings,
    logger,
    emails,
    issue,
    store,
    email,
    ledger,
    notifications,
  };
}

describe('workflow steps', () => {
  it('issue once: a retry returns the same certificate and code', async () => {
    const w = world();
    const first = await w.issue.execute(passed);
    const second = await w.issue.execute(passed);
    expect(second).toEqual(first);
    expect(w.repository.creates).toBe(1);
    expect(first).toMatchObject({
      holderName: 'Marie Dubois',
      trainingTitle: 'Soins des plaies chroniques',
      hours: 1.5,
      organiser: 'SOINS+ asbl',
      completedAt: passed.passedAt,
      language: 'fr',
      status: 'valid',
    });
    expect(w.repository.codes.get(first.verificationCode)).toEqual({
      userId: passed.userId,
      certificateId: first.id,
    });
  });

  it('issue records one hours-ledger line (both titles, Brussels dates), however often it is retried', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    await w.issue.execute(passed);
    expect([...w.ledger.entries.values()]).toEqual([
      {
        id: `certificate:${certificate.id}`,
        userId: passed.userId,
        source: 'certificate',
        documentId: certificate.id,
        verificationCode: certificate.verificationCode,
        trainingId: passed.trainingId,
        trainingTitle: { fr: 'Soins des plaies chroniques', nl: 'Zorg voor chronische wonden' },
        organiser: 'SOINS+ asbl',
        startedOn: brusselsDate(passed.passedAt),
        completedOn: brusselsDate(passed.passedAt),
        hours: 1.5,
      },
    ]);
  });

  it('issue reads the training once, for the certificate and its hours line alike', async () => {
    const w = world();
    const read = vi.spyOn(w.trainings, 'get');
    const certificate = await w.issue.execute(passed);
    expect(read).toHaveBeenCalledTimes(1);
    expect(w.ledger.entries.get(`certificate:${certificate.id}`)?.hours).toBe(1.5);
    // A retry finds the certificate issued: the hours line is recorded again from a fresh read.
    await w.issue.execute(passed);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('issue in Dutch for a Dutch-speaking learner', async () => {
    const w = world();
    w.users.profiles.set(passed.userId, profile({ id: passed.userId, language: 'nl' }));
    expect((await w.issue.execute(passed)).trainingTitle).toBe('Zorg voor chronische wonden');
  });

  it('issue: a lost create race keeps the winner and its code', async () => {
    const w = world();
    const winner = await w.issue.execute(passed);
    // Simulate the race: the record appears between our read and our create.
    const realGet = w.repository.get.bind(w.repository);
    let reads = 0;
    w.repository.get = (userId, id) => (reads++ === 0 ? Promise.resolve(undefined) : realGet(userId, id));
    expect((await w.issue.execute(passed)).verificationCode).toBe(winner.verificationCode);
  });

  it('issue fails for good without the training', async () => {
    const w = world();
    await expect(w.issue.execute({ ...passed, trainingId: 'missing' })).rejects.toBeInstanceOf(
      PermanentCertificateError,
    );
  });

  it('store renders once, then skips; the print carries the INAMI number and the verify URL', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const ref = { userId: passed.userId, certificateId: certificate.id };
    expect(await w.store.execute(ref)).toEqual({ rendered: true });
    expect(await w.store.execute(ref)).toEqual({ rendered: false });
    expect(w.files.puts).toBe(1);
    expect(w.renderer.prints[0]).toMatchObject({
      inami: '1-23456-78-901',
      verifyUrl: `https://app.soins.test/verify/${certificate.verificationCode}`,
    });
    expect((await w.repository.get(ref.userId, ref.certificateId))?.value.pdfStoredAt).toBeDefined();
  });

  it('store after a crash between upload and record: no second render', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    await w.files.put(certificate.pdfBlobName, Buffer.from('%PDF'));
    expect(await w.store.execute({ userId: passed.userId, certificateId: certificate.id })).toEqual({
      rendered: false,
    });
    expect(w.renderer.prints).toHaveLength(0);
  });

  it('email: one idempotency key per certificate, the PDF attached by reference', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const ref = { userId: passed.userId, certificateId: certificate.id };
    await expect(w.email.execute(ref)).rejects.toThrow(/not stored/);
    await w.store.execute(ref);
    await w.email.execute(ref);
    await w.email.execute(ref);
    expect(w.emails).toHaveLength(2);
    expect(new Set(w.emails.map((e) => e.id))).toEqual(new Set([`certificate:${certificate.id}`]));
    expect(w.emails[0]).toMatchObject({
      request: { template: 'certificate_issued', verificationCode: certificate.verificationCode, hours: 1.5 },
      attachments: [
        {
          container: 'certificates',
          blobName: certificate.pdfBlobName,
          name: 'attestation-plaies-chroniques.pdf',
          contentType: 'application/pdf',
        },
      ],
    });
    expect(JSON.stringify(w.emails[0])).not.toContain('%PDF');
  });

  it('email: the step run again (a retried activity) leaves one "certificate ready" notification', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const ref = { userId: passed.userId, certificateId: certificate.id };
    await w.store.execute(ref);
    await w.email.execute(ref);
    await w.email.execute(ref);
    expect(w.notifications.all(passed.userId)).toEqual([
      expect.objectContaining({
        userId: passed.userId,
        key: `certificate-ready:${certificate.id}`,
        subject: {
          kind: 'certificate-ready',
          certificateId: certificate.id,
          trainingId: passed.trainingId,
          trainingTitle: { fr: 'Soins des plaies chroniques' },
        },
      }),
    ]);
  });
});

describe('eligibility: a completed profile and an approved diploma', () => {
  const diplomaOf = (status: 'approved' | 'pending_review' | undefined) => ({
    latestFor: () =>
      Promise.resolve(
        status
          ? {
              id: 'd-1',
              userId: passed.userId,
              status,
              contentType: 'application/pdf' as const,
              sizeBytes: 10,
              uploadedAt: '2026-11-01T00:00:00Z',
            }
          : undefined,
      ),
  });

  it('names what is missing: the onboarding form, the approved diploma', async () => {
    const users = (p: ReturnType<typeof profile>) => asUserRepository(new MemoryUsers(new Map([[p.id, p]])));
    const complete = profile({ id: passed.userId });
    const { firstName: _f, lastName: _l, ...tokenOnly } = complete;
    expect(
      await makeCertificateEligibility({ users: users(complete), diplomas: diplomaOf('approved') }).missing(
        passed.userId,
      ),
    ).toEqual([]);
    expect(
      await makeCertificateEligibility({
        users: users(tokenOnly),
        diplomas: diplomaOf('pending_review'),
      }).missing(passed.userId),
    ).toEqual(['profile', 'diploma']);
    expect(
      await makeCertificateEligibility({ users: users(complete), diplomas: diplomaOf(undefined) }).missing(
        passed.userId,
      ),
    ).toEqual(['diploma']);
  });

  it('issue refuses a learner who is not eligible, and never prints the display name', async () => {
    const w = world();
    const refusing = new IssueCertificate({
      repository: w.repository,
      trainings: w.trainings,
      users: asUserRepository(w.users),
      clock: w.clock,
      randomBytes: (n) => randomBytes(n),
      eligibility: { missing: () => Promise.resolve(['diploma' as const]) },
      ledger: w.ledger,
    });
    await expect(refusing.execute(passed)).rejects.toThrow('learner not eligible: diploma');
    const { firstName: _f, lastName: _l, ...tokenOnly } = profile({ id: passed.userId });
    w.users.profiles.set(passed.userId, tokenOnly);
    await expect(w.issue.execute(passed)).rejects.toThrow('learner not eligible');
    expect(w.repository.creates).toBe(0);
  });

  it('the consumer leaves the request waiting; approval releases the passes without a certificate', async () => {
    const logger = new RecordingLogger();
    const waiting = new StartCertificateWorkflow({
      orchestration: 'quiz-to-certificate',
      logger,
      eligibility: { missing: () => Promise.resolve(['diploma' as const]) },
    });
    const starts: string[] = [];
    const workflows: WorkflowClient = {
      start: (_name, options) => {
        starts.push(options.instanceId ?? '');
        return Promise.resolve(options.instanceId ?? '');
      },
      status: () => Promise.resolve(undefined),
      raiseEvent: () => Promise.resolve(),
      terminate: () => Promise.resolve(),
      purge: () => Promise.resolve(false),
    };
    expect(await waiting.execute(workflows, passed)).toBe('awaiting_eligibility');
    expect(starts).toEqual([]);

    const w = world();
    await w.repository.saveRequest({ ...passed, requestedAt: '2026-11-20T10:00:01Z' });
    const other = { ...passed, trainingId: 'hygiene' };
    w.trainings.items.set('hygiene', training({ trainingId: 'hygiene', id: 'hygiene' }));
    await w.repository.saveRequest({ ...other, requestedAt: '2026-11-20T10:00:02Z' });
    await w.issue.execute(other); // this one already has its certificate
    const sent: { passed: PassedTraining; redrive: boolean }[] = [];
    const queue = {
      send: (p: PassedTraining, options?: { redrive?: boolean }) => {
        sent.push({ passed: p, redrive: options?.redrive === true });
        return Promise.resolve();
      },
    };
    let missing: ('profile' | 'diploma')[] = ['diploma'];
    const release = new ReleaseWaitingCertificates({
      repository: w.repository,
      queue,
      eligibility: { missing: () => Promise.resolve(missing) },
      logger,
    });
    expect(await release.execute(passed.userId)).toBe(0);
    missing = [];
    expect(await release.execute(passed.userId)).toBe(1);
    expect(sent).toEqual([{ passed, redrive: true }]);
  });
});

describe('reads and admin actions', () => {
  it('verification shows the minimum, and revocation shows through', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const verify = new VerifyCertificate(w.repository);
    const view = await verify.execute(formatVerificationCode(certificate.verificationCode).toLowerCase());
    expect(view).toEqual({
      status: 'valid',
      kind: 'certificate',
      holderName: 'Marie Dubois',
      training: 'Soins des plaies chroniques',
      hours: 1.5,
      completedAt: passed.passedAt,
    });
    expect(await verify.execute('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toEqual({ status: 'unknown' });
    expect(await verify.execute('../../etc/passwd')).toEqual({ status: 'unknown' });

    const audit = new MemoryAuditLog();
    const revoke = new RevokeCertificate({
      repository: w.repository,
      clock: w.clock,
      logger: w.logger,
      audit,
    });
    const input = {
      userId: passed.userId,
      certificateId: certificate.id,
      reason: 'fraude',
      actorId: 'admin',
    };
    const revoked = await revoke.execute(input);
    expect(revoked.ok && revoked.value.status).toBe('revoked');
    const again = await revoke.execute({ ...input, reason: 'autre' });
    expect(again.ok && again.value.revocationReason).toBe('fraude');
    // Audited once (revoking again changes nothing), with the reason and the learner as subject.
    expect(audit.entries).toEqual([
      {
        actor: 'admin',
        action: 'certificate.revoke',
        target: { type: 'certificate', id: certificate.id },
        subjectUserId: passed.userId,
        at: '2026-11-25T10:00:00.000Z',
        before: { status: 'valid' },
        after: { status: 'revoked' },
        reason: 'fraude',
      },
    ]);
    expect((await verify.execute(certificate.verificationCode)).status).toBe('revoked');
    expect((await revoke.execute({ ...input, certificateId: 'c-nothing' })).ok).toBe(false);
  });

  it('PDF link: a revoked certificate is refused with a conflict saying so', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const ref = { userId: passed.userId, certificateId: certificate.id };
    await w.store.execute(ref);
    const link = new CertificatePdfLink({ repository: w.repository, files: w.files });
    expect((await link.execute(ref)).ok).toBe(true);
    await new RevokeCertificate({
      repository: w.repository,
      clock: w.clock,
      logger: w.logger,
      audit: new MemoryAuditLog(),
    }).execute({
      ...ref,
      reason: 'fraude',
      actorId: 'admin',
    });
    expect(await link.execute(ref)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'this certificate has been revoked' },
    });
  });

  it('PDF link: not ready → conflict, unknown → not found, ready → at most 5 minutes', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const link = new CertificatePdfLink({ repository: w.repository, files: w.files });
    const ref = { userId: passed.userId, certificateId: certificate.id };
    expect(await link.execute(ref)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await link.execute({ ...ref, userId: 'u_someoneelse' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await w.store.execute(ref);
    const result = await link.execute(ref);
    expect(result.ok && Date.parse(result.value.expiresAt) - Date.parse('2026-11-25T10:00:00Z')).toBe(
      300_000,
    );
  });

  it('hours ledger leaves revoked certificates out and tolerates a profile without profession', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const ledger = new GetHoursLedger({
      repository: w.repository,
      entries: w.ledger,
      users: asUserRepository(w.users),
      inami: { has: () => Promise.resolve(true) },
      clock: w.clock,
    });
    const before = await ledger.execute(passed.userId);
    expect(before.totalHours).toBe(1.5);
    expect(before.obligations.map((o) => o.kind)).toEqual(['nurse_inami_annual']);
    await new RevokeCertificate({
      repository: w.repository,
      clock: w.clock,
      logger: w.logger,
      audit: new MemoryAuditLog(),
    }).execute({
      userId: passed.userId,
      certificateId: certificate.id,
      reason: 'erreur',
      actorId: 'admin',
    });
    expect((await ledger.execute(passed.userId)).totalHours).toBe(0);
    w.users.profiles.set(passed.userId, profile({ id: passed.userId, profession: undefined }));
    expect((await ledger.execute(passed.userId)).obligations).toEqual([]);
  });

  it('hours ledger reads the ledger lines: in-person attestations count, certificates issued before the ledger too', async () => {
    const w = world();
    const certificate = await w.issue.execute(passed);
    const ledger = new GetHoursLedger({
      repository: w.repository,
      entries: w.ledger,
      users: asUserRepository(w.users),
      inami: { has: () => Promise.resolve(true) },
      clock: w.clock,
    });
    await w.ledger.record({
      id: 'attestation:s-1.u1',
      userId: passed.userId,
      source: 'attestation',
      documentId: 's-1.u1',
      verificationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
      trainingId: 'hygiene',
      trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
      organiser: 'SOINS+',
      sessionId: 's-1',
      startedOn: '2026-11-03',
      completedOn: '2026-11-03',
      hours: 2.5,
    });
    const both = await ledger.execute(passed.userId);
    expect(both.totalHours).toBe(4);
    expect(both.years).toContainEqual({ year: 2026, hours: 4, certificates: 2 });
    // A certificate issued before the ledger existed has no line: it still counts (once).
    w.ledger.entries.delete(`certificate:${certificate.id}`);
    expect((await ledger.execute(passed.userId)).totalHours).toBe(4);
  });

  it('request keeps the first request and queues it; a re-drive queues it again with a fresh id', async () => {
    const w = world();
    const sent: { passed: PassedTraining; redrive: boolean }[] = [];
    const queue = {
      send: (p: PassedTraining, options?: { redrive?: boolean }) => {
        sent.push({ passed: p, redrive: options?.redrive ?? false });
        return Promise.resolve();
      },
    };
    const requests = new RequestCertificate({ repository: w.repository, queue, clock: w.clock });
    await requests.request(passed);
    await requests.request({ ...passed, attemptId: 'attempt-2' });
    expect((await w.repository.getRequest(passed.userId, passed.trainingId))?.attemptId).toBe('attempt-1');
    const audit = new MemoryAuditLog();
    const redrive = new RedriveCertificate({ repository: w.repository, queue, audit, clock: w.clock });
    expect((await redrive.execute({ ...passed, actorId: 'admin' })).ok).toBe(true);
    expect((await redrive.execute({ actorId: 'admin', userId: passed.userId, trainingId: 'other' })).ok).toBe(
      false,
    );
    expect(sent.map((s) => s.redrive)).toEqual([false, false, true]);
    expect(sent[2]?.passed).toEqual(passed);
    expect(audit.entries).toEqual([
      {
        actor: 'admin',
        action: 'certificate.redrive',
        target: { type: 'training', id: passed.trainingId },
        subjectUserId: passed.userId,
        at: '2026-11-25T10:00:00.000Z',
      },
    ]);
  });
});

describe('starting the workflow', () => {
  function client(status: WorkflowRuntimeStatus | undefined, startFails = false) {
    const starts: string[] = [];
    let current = status;
    const workflows: WorkflowClient = {
      start: (_name, options) => {
        if (startFails) {
          current = 'Running';
          return Promise.reject(new Error('409'));
        }
        starts.push(options.instanceId ?? '');
        return Promise.resolve(options.instanceId ?? '');
      },
      status: (instanceId) =>
        Promise.resolve(
          current
            ? {
                instanceId,
                name: 'quiz-to-certificate',
                runtimeStatus: current,
                output: null,
                customStatus: null,
                createdAt: undefined,
                lastUpdatedAt: undefined,
              }
            : undefined,
        ),
      raiseEvent: () => Promise.resolve(),
      terminate: () => Promise.resolve(),
      purge: () => Promise.resolve(false),
    };
    return { workflows, starts };
  }
  const start = new StartCertificateWorkflow({
    orchestration: 'quiz-to-certificate',
    logger: new RecordingLogger(),
    eligibility: eligible,
  });

  it.each([
    [undefined, 'started', 1],
    ['Failed', 'restarted', 1],
    ['Terminated', 'restarted', 1],
    ['Running', 'already_running', 0],
    ['Pending', 'already_running', 0],
    ['Completed', 'already_completed', 0],
  ] as const)('instance %s → %s', async (status, outcome, startCount) => {
    const { workflows, starts } = client(status);
    expect(await start.execute(workflows, passed)).toBe(outcome);
    expect(starts).toEqual(
      Array.from({ length: startCount }, () => certificateInstanceId(passed.userId, passed.trainingId)),
    );
  });

  it('a concurrent start that won is not an error', async () => {
    const { workflows } = client(undefined, true);
    expect(await start.execute(workflows, passed)).toBe('already_running');
  });
});

describe('verification rate limit and fault injection', () => {
  it('token bucket refuses past the burst and refills over time', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 0.5 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 2000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('client address: the entry the outermost trusted proxy appended, without port', () => {
    const req = (forwardedFor: string) => ({ headers: new Headers({ 'x-forwarded-for': forwardedFor }) });
    // Azure: the Static Web Apps edge appends the caller, then the Function App's front end the edge.
    expect(clientAddressOf(req('203.0.113.7:52144, 52.175.64.109:443'), 2)).toBe('203.0.113.7');
    expect(clientAddressOf(req('[2001:DB8::1]:443, [fd00::1]:64909'), 2)).toBe('2001:db8::1');
    expect(clientAddressOf(req('2001:db8::2 , 10.0.0.9'), 2)).toBe('2001:db8::2');
    expect(clientAddressOf(req('198.51.100.9 , '), 1)).toBe('198.51.100.9');
    // Fewer entries than trusted proxies: the call skipped them (direct to the host), one shared key.
    expect(clientAddressOf(req('203.0.113.7'), 2)).toBe('unknown');
    expect(clientAddressOf({ headers: new Headers({ 'x-client-ip': '198.51.100.2' }) }, 2)).toBe('unknown');
    expect(clientAddressOf({ headers: new Headers() }, 2)).toBe('unknown');
  });

  it('a client prepending fake X-Forwarded-For entries keeps its key (and its bucket)', () => {
    const req = (forwardedFor: string) => ({ headers: new Headers({ 'x-forwarded-for': forwardedFor }) });
    const honest = clientAddressOf(req('203.0.113.7:52144, 52.175.64.109'), 2);
    for (const spoofed of [
      '1.1.1.1, 203.0.113.7:52144, 52.175.64.109',
      '9.9.9.9, 8.8.8.8,203.0.113.7:40000, 52.175.64.110:443',
      'x, 203.0.113.7, 52.175.64.109',
    ]) {
      expect(clientAddressOf(req(spoofed), 2)).toBe(honest);
    }
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 0.001 }, () => 0);
    expect(limiter.take(clientAddressOf(req('203.0.113.7, 52.175.64.109'), 2)).allowed).toBe(true);
    expect(limiter.take(clientAddressOf(req('10.0.0.1, 203.0.113.7, 52.175.64.109'), 2)).allowed).toBe(true);
    expect(limiter.take(clientAddressOf(req('10.0.0.2, 203.0.113.7, 52.175.64.109'), 2)).allowed).toBe(false);
  });

  it('injected faults fail the first tries per key, before or after the step', async () => {
    const plan = parseFaultPlan('certificate-store:2,certificate-email-after:1');
    let runs = 0;
    const step = withFaults(
      plan,
      'certificate-store',
      (k: string) => k,
      () => Promise.resolve(++runs),
    );
    await expect(step('a')).rejects.toThrow(/injected/);
    await expect(step('a')).rejects.toThrow(/injected/);
    expect(await step('a')).toBe(1);
    await expect(step('b')).rejects.toThrow(/injected/);
    let sends = 0;
    const email = withFaults(
      plan,
      'certificate-email',
      (k: string) => k,
      () => Promise.resolve(++sends),
    );
    await expect(email('a')).rejects.toThrow(/after/);
    expect(sends).toBe(1);
    expect(await email('a')).toBe(2);
    const untouched = withFaults(
      parseFaultPlan(undefined),
      'certificate-store',
      (k: string) => k,
      () => Promise.resolve('ok'),
    );
    expect(await untouched('a')).toBe('ok');
  });
});
