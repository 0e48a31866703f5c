import {
  diplomaContentTypes,
  type Diploma,
  type DiplomaDecision,
  type DiplomaReviewItem,
} from '@soins/shared';
import type { AuditLog } from './audit';
import type { UserRepository } from './identity/model';
import type { Clock, Logger } from './ports';
import { fail, ok, type Result } from './result';

export type DiplomaContentType = (typeof diplomaContentTypes)[number];

/** What the file really is, from its first bytes; the name and declared type are never trusted. */
export function sniffDiplomaType(bytes: Uint8Array): DiplomaContentType | undefined {
  const starts = (signature: readonly number[]): boolean => signature.every((byte, i) => bytes[i] === byte);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

export interface StoredDiploma {
  readonly value: Diploma;
  readonly etag: string;
}

export interface DiplomaRepository {
  create(diploma: Diploma): Promise<void>;
  get(userId: string, id: string): Promise<StoredDiploma | undefined>;
  latestFor(userId: string): Promise<Diploma | undefined>;
  /** Every diploma of the user, newest upload first (single partition). */
  historyFor(userId: string): Promise<Diploma[]>;
  replace(diploma: Diploma, etag: string): Promise<boolean>;
  /**
   * Diplomas waiting for a decision, oldest upload first, one page at a time: `continuationToken` comes
   * from the previous page (one that the repository did not hand out throws InvalidPageTokenError).
   */
  pendingReview(continuationToken?: string): Promise<{ items: Diploma[]; continuationToken?: string }>;
  /** Every diploma still `scanning` that was uploaded before `uploadedBefore` (ISO time): a sweep. */
  stalledScans(uploadedBefore: string): Promise<Diploma[]>;
}

/** Blob storage for diplomas: a quarantine until scanned clean, then the reviewed container. */
export interface DiplomaFiles {
  putQuarantine(
    userId: string,
    id: string,
    bytes: Uint8Array,
    contentType: DiplomaContentType,
  ): Promise<void>;
  readQuarantine(userId: string, id: string): Promise<Uint8Array | undefined>;
  /** Moves a clean file out of quarantine (idempotent: a file already moved is fine). */
  promote(userId: string, id: string): Promise<void>;
  isPromoted(userId: string, id: string): Promise<boolean>;
  deleteEverywhere(userId: string, id: string): Promise<void>;
  /**
   * The diploma a quarantine file's URL names (as a scanner reporting on its own names it), or undefined
   * for any other file: another container, another storage account, a name this app never writes.
   */
  quarantineFileAt(uri: string): Promise<{ userId: string; diplomaId: string } | undefined>;
  /** The version (ETag, unquoted) of a quarantined file, or undefined once it has left quarantine. */
  quarantineVersion(userId: string, id: string): Promise<string | undefined>;
  /**
   * A read-only link valid for `minutes` to a promoted (clean) diploma, served as a download
   * (`Content-Disposition: attachment`) under `file.name` with `file.contentType`, whatever the blob says.
   */
  readLink(
    userId: string,
    id: string,
    minutes: number,
    file: { name: string; contentType: DiplomaContentType },
  ): Promise<{ url: string; expiresAt: Date }>;
}

/**
 * What a viewer would run or open by itself in a file (JavaScript, actions, embedded files, XFA…):
 * the kinds found, empty for a static document (adapters/scanner/pdf-active-content.ts for PDFs).
 */
export type ActiveContentDetector = (bytes: Uint8Array, contentType: DiplomaContentType) => readonly string[];

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** A scanner the app asks (clamd): it scans the bytes it is given and answers. */
export interface MalwareScanner {
  scan(content: Uint8Array): Promise<ScanVerdict>;
}

/**
 * A result a scanner published on its own (Microsoft Defender for Storage scans every blob written to
 * the account and sends an event): which file version it scanned and what it found, or why it could not.
 */
export interface ScanReport {
  /** The scanned file as the scanner names it (the blob URL). */
  readonly fileUri: string;
  /** The version of the file that was scanned (the blob ETag). */
  readonly fileVersion: string;
  readonly result: ScanVerdict | { readonly error: string };
  readonly scannedAt: string;
}

export type ScanReportOutcome =
  | 'clean'
  | 'infected'
  /** The scanner could not scan the file: the diploma stays `scanning`, and operators are told. */
  | 'scan_failed'
  /** Not a diploma in quarantine (another container or account, or a name this app never writes). */
  | 'ignored_not_quarantine'
  /** A quarantine name with no diploma record (an upload that failed after writing its file). */
  | 'ignored_unknown_diploma'
  /** The diploma was already handled: a duplicate or late event. */
  | 'ignored_already_scanned'
  /** The report is about another version of the file than the one in quarantine now. */
  | 'ignored_other_version';

export interface DiplomaEvents {
  scanRequested(diploma: Diploma, options?: { retry: boolean }): Promise<void>;
  /** Alerts the admins; idempotent per diploma (it may run again on redelivery). */
  infected(diploma: Diploma, detection: { signature: string; detectedAt: string }): Promise<void>;
  decided(diploma: Diploma): Promise<void>;
}

export type DiplomaError =
  | { code: 'unsupported_media_type'; message: string }
  | { code: 'active_content'; message: string }
  | { code: 'conflict'; message: string }
  | { code: 'not_found'; message: string };

export class UploadDiploma {
  constructor(
    private readonly deps: {
      diplomas: DiplomaRepository;
      files: DiplomaFiles;
      events: DiplomaEvents;
      clock: Clock;
      newId: () => string;
      /** Refused rather than flagged: a diploma is a static document, and a flag would still have an admin open it. */
      activeContent?: ActiveContentDetector;
      logger?: Logger;
    },
  ) {}

  async execute(input: { userId: string; bytes: Uint8Array }): Promise<Result<Diploma, DiplomaError>> {
    const contentType = sniffDiplomaType(input.bytes);
    if (!contentType) return fail({ code: 'unsupported_media_type', message: 'PDF, JPEG or PNG only' });
    const active = this.deps.activeContent?.(input.bytes, contentType) ?? [];
    if (active.length > 0) {
      this.deps.logger?.warn('diploma.active_content_refused', { kinds: active.join(',') });
      return fail({ code: 'active_content', message: `active content: ${active.join(', ')}` });
    }
    const latest = await this.deps.diplomas.latestFor(input.userId);
    // A new upload is allowed first, after a rejection, or after an infected file; not while one is in
    // flight, unless its scan has been stuck for longer than any retry would take.
    const stuck = latest?.status === 'scanning' && isStaleScan(latest, this.deps.clock.now());
    if (latest && !stuck && ['scanning', 'pending_review', 'approved'].includes(latest.status)) {
      return fail({ code: 'conflict', message: `a diploma is already ${latest.status}` });
    }
    const now = this.deps.clock.now().toISOString();
    const diploma: Diploma = {
      id: this.deps.newId(),
      userId: input.userId,
      status: 'scanning',
      contentType,
      sizeBytes: input.bytes.byteLength,
      uploadedAt: now,
    };
    // File first, record second, message last: a failure leaves at most an orphan blob, never a record
    // pointing at nothing; the scan message is idempotent on the diploma id.
    await this.deps.files.putQuarantine(input.userId, diploma.id, input.bytes, contentType);
    await this.deps.diplomas.create(diploma);
    await this.deps.events.scanRequested(diploma);
    return ok(diploma);
  }
}

/** A scan still pending after this long lost its message (or it was dead-lettered). */
export const staleScanAfterMs = 15 * 60_000;

export function isStaleScan(diploma: Diploma, now: Date): boolean {
  return now.getTime() - Date.parse(diploma.uploadedAt) > staleScanAfterMs;
}

/**
 * Timer job: asks again for the scan of diplomas still `scanning` after a few minutes, so a lost or
 * dead-lettered message never leaves a learner waiting forever.
 */
export class RequeueStalledScans {
  constructor(
    private readonly deps: {
      diplomas: DiplomaRepository;
      events: DiplomaEvents;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async execute(olderThanMs = 5 * 60_000): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - olderThanMs).toISOString();
    let requeued = 0;
    for (const diploma of await this.deps.diplomas.stalledScans(before)) {
      await this.deps.events.scanRequested(diploma, { retry: true });
      requeued++;
    }
    if (requeued > 0) this.deps.logger.warn('diploma.scans_requeued', { count: requeued });
    return requeued;
  }
}

/**
 * Timer job where the scanner reports on its own (Defender for Storage): there is no scan to ask for
 * again (Defender scans a blob when it is written, and one blob cannot be re-submitted), so a diploma
 * still `scanning` after a few minutes means a lost or failed result. Each one is logged as an error,
 * on every run until it is resolved, for the operators' alert; the learner may upload again once the
 * scan counts as stuck (`isStaleScan`).
 */
export class ReportStalledScans {
  constructor(private readonly deps: { diplomas: DiplomaRepository; clock: Clock; logger: Logger }) {}

  async execute(olderThanMs = 5 * 60_000): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const before = new Date(now - olderThanMs).toISOString();
    const stalled = await this.deps.diplomas.stalledScans(before);
    for (const diploma of stalled) {
      const waitedMs = now - Date.parse(diploma.uploadedAt);
      this.deps.logger.error('diploma.scan_result_missing', {
        diplomaId: diploma.id,
        waitedMinutes: Math.floor(waitedMs / 60_000),
      });
    }
    return stalled.length;
  }
}

/** Runs for each scan message, at least once: every step is safe to repeat. */
export class ScanDiploma {
  constructor(
    private readonly deps: {
      diplomas: DiplomaRepository;
      files: DiplomaFiles;
      scanner: MalwareScanner;
      events: DiplomaEvents;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async execute(input: { userId: string; diplomaId: string }): Promise<void> {
    const stored = await this.deps.diplomas.get(input.userId, input.diplomaId);
    if (!stored || stored.value.status !== 'scanning') return; // already handled
    const bytes = await this.deps.files.readQuarantine(input.userId, input.diplomaId);
    await applyVerdict(this.deps, stored, bytes ? await this.deps.scanner.scan(bytes) : undefined);
  }
}

/**
 * Runs for each result a scanner published on its own (Defender for Storage), at least once and in any
 * order: drives the same transitions as `ScanDiploma`, for the current quarantine upload only.
 */
export class RecordScanReport {
  constructor(
    private readonly deps: {
      diplomas: DiplomaRepository;
      files: DiplomaFiles;
      events: DiplomaEvents;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async execute(report: ScanReport): Promise<ScanReportOutcome> {
    const file = await this.deps.files.quarantineFileAt(report.fileUri);
    if (!file) return 'ignored_not_quarantine';
    const stored = await this.deps.diplomas.get(file.userId, file.diplomaId);
    if (!stored) return 'ignored_unknown_diploma';
    if (stored.value.status !== 'scanning') return 'ignored_already_scanned';
    const current = await this.deps.files.quarantineVersion(file.userId, file.diplomaId);
    // Still in quarantine: only a result about this very version counts. Gone: an earlier delivery
    // already promoted or deleted it and stopped before recording the status; `applyVerdict` finishes.
    if (current !== undefined && unquoted(current) !== unquoted(report.fileVersion)) {
      return 'ignored_other_version';
    }
    if ('error' in report.result) {
      // Not a verdict: the file is neither promoted nor deleted. The stalled-scan report names it until
      // someone acts, and the learner may upload again once the scan counts as stuck.
      this.deps.logger.error('diploma.scan_failed', {
        diplomaId: file.diplomaId,
        reason: report.result.error.slice(0, 200),
      });
      return 'scan_failed';
    }
    return applyVerdict(this.deps, stored, report.result, { inQuarantine: current !== undefined });
  }
}

const unquoted = (etag: string): string => etag.replace(/^(W\/)?"(.*)"$/, '$2');

/**
 * The transitions after a scan, each safe to repeat. A file no longer in quarantine was moved (clean) or
 * deleted (infected) by an earlier run that stopped before recording the status: that run's outcome wins.
 */
async function applyVerdict(
  deps: {
    diplomas: DiplomaRepository;
    files: DiplomaFiles;
    events: DiplomaEvents;
    clock: Clock;
    logger: Logger;
  },
  stored: StoredDiploma,
  found: ScanVerdict | undefined,
  file: { inQuarantine: boolean } = { inQuarantine: found !== undefined },
): Promise<'clean' | 'infected'> {
  const { userId, id } = stored.value;
  let verdict: ScanVerdict;
  if (found && file.inQuarantine) {
    verdict = found;
  } else if (await deps.files.isPromoted(userId, id)) {
    verdict = { clean: true }; // an earlier delivery scanned it clean and moved it, then stopped
  } else {
    // An earlier delivery deleted it (or the storage account's own response to malware did).
    verdict = {
      clean: false,
      signature: found?.clean === false ? found.signature : 'deleted-by-earlier-scan',
    };
  }
  const now = deps.clock.now().toISOString();
  if (verdict.clean) {
    if (file.inQuarantine) await deps.files.promote(userId, id);
    const next: Diploma = { ...stored.value, status: 'pending_review' };
    await deps.diplomas.replace(next, stored.etag);
    deps.logger.info('diploma.scanned_clean', { diplomaId: id, at: now });
    return 'clean';
  }
  await deps.files.deleteEverywhere(userId, id);
  const infected: Diploma = { ...stored.value, status: 'infected', decidedAt: now };
  deps.logger.warn('diploma.infected', { diplomaId: id, signature: verdict.signature });
  // Alert before recording the status: a redelivery after a failed alert still finds `scanning` and
  // alerts again (the alert is idempotent), whereas the other order could lose it.
  await deps.events.infected(infected, { signature: verdict.signature, detectedAt: now });
  await deps.diplomas.replace(infected, stored.etag);
  return 'infected';
}

export class DecideDiploma {
  constructor(
    private readonly deps: {
      diplomas: DiplomaRepository;
      events: DiplomaEvents;
      clock: Clock;
      audit: AuditLog;
    },
  ) {}

  async execute(input: {
    actorId: string;
    userId: string;
    diplomaId: string;
    decision: DiplomaDecision;
  }): Promise<Result<Diploma, DiplomaError>> {
    const stored = await this.deps.diplomas.get(input.userId, input.diplomaId);
    if (!stored) return fail({ code: 'not_found', message: 'no such diploma' });
    if (stored.value.status !== 'pending_review') {
      return fail({ code: 'conflict', message: `diploma is ${stored.value.status}` });
    }
    const decided: Diploma = {
      ...stored.value,
      status: input.decision.decision === 'approve' ? 'approved' : 'rejected',
      decidedAt: this.deps.clock.now().toISOString(),
      ...(input.decision.decision === 'reject' ? { rejectionReason: input.decision.reason } : {}),
    };
    if (!(await this.deps.diplomas.replace(decided, stored.etag))) {
      return fail({ code: 'conflict', message: 'decided concurrently' });
    }
    await this.deps.audit.record({
      actor: input.actorId,
      action: input.decision.decision === 'approve' ? 'diploma.approve' : 'diploma.reject',
      target: { type: 'diploma', id: decided.id },
      subjectUserId: decided.userId,
      at: decided.decidedAt ?? this.deps.clock.now().toISOString(),
      before: { status: stored.value.status },
      after: { status: decided.status },
      ...(input.decision.decision === 'reject' ? { reason: input.decision.reason } : {}),
    });
    await this.deps.events.decided(decided);
    return ok(decided);
  }
}

/**
 * The review queue as reviewers see it: each diploma with its learner (name, e-mail, profession) and the
 * language a refusal must be written in, the learner's (the refusal email goes out in it).
 */
export class DiplomaReviewQueue {
  constructor(private readonly deps: { diplomas: DiplomaRepository; users: Pick<UserRepository, 'get'> }) {}

  async execute(
    continuationToken?: string,
  ): Promise<{ items: DiplomaReviewItem[]; continuationToken?: string }> {
    const page = await this.deps.diplomas.pendingReview(continuationToken);
    const items = await Promise.all(
      page.items.map(async (diploma): Promise<DiplomaReviewItem> => {
        const profile = (await this.deps.users.get(diploma.userId))?.value;
        return {
          ...diploma,
          learner:
            profile && profile.status !== 'deleted'
              ? {
                  displayName: profile.displayName,
                  email: profile.email,
                  ...(profile.profession ? { profession: profile.profession } : {}),
                  language: profile.language,
                  writeIn: profile.language === 'nl' ? 'nl' : 'fr',
                }
              : null,
        };
      }),
    );
    return { items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
  }
}

export class DiplomaReadLink {
  constructor(
    private readonly deps: {
      diplomas: DiplomaRepository;
      files: DiplomaFiles;
      audit: AuditLog;
      clock: Clock;
    },
  ) {}

  async execute(input: {
    actorId: string;
    userId: string;
    diplomaId: string;
  }): Promise<Result<{ url: string; expiresAt: string }, DiplomaError>> {
    const stored = await this.deps.diplomas.get(input.userId, input.diplomaId);
    // Never a link to a file that is unscanned or infected.
    if (!stored || !['pending_review', 'approved', 'rejected'].includes(stored.value.status)) {
      return fail({ code: 'not_found', message: 'no readable diploma' });
    }
    // A document with personal data: the opening is audited before the link is handed out.
    await this.deps.audit.record({
      actor: input.actorId,
      action: 'diploma.view',
      target: { type: 'diploma', id: input.diplomaId },
      subjectUserId: input.userId,
      at: this.deps.clock.now().toISOString(),
    });
    const { contentType } = stored.value;
    const extension = contentType === 'application/pdf' ? 'pdf' : contentType === 'image/png' ? 'png' : 'jpg';
    const link = await this.deps.files.readLink(input.userId, input.diplomaId, 5, {
      name: `diplome-${input.diplomaId}.${extension}`,
      contentType,
    });
    return ok({ url: link.url, expiresAt: link.expiresAt.toISOString() });
  }
}
