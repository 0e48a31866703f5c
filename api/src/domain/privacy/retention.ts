// Retention jobs (timer functions): each deletes what outlived the period the data inventory declares
// for its store, measured on the injected clock. Processed Stripe event ids and idempotency records
// need no job: their containers' time to live deletes them (checked against the inventory by a test).
import type { Diploma } from '@soins/shared';
import type { Clock, DeadLetters, Logger, WorkflowClient } from '../ports';
import type { AuditReader } from '../audit';
import { ERASURE_AUDIT_ACTION, erasureIdOfPseudonym, erasureInstanceId } from './erasure';
import type { ExportFiles, ExportStore } from './export';
import { retentionDaysOfJob, type RetentionJobName } from './inventory';

const DAY_MS = 24 * 60 * 60_000;
/** Work per run is bounded; what is left waits for the next run. */
const BATCH = 100;
const MAX_PER_RUN = 1_000;

export interface RetentionReport {
  readonly job: RetentionJobName;
  readonly deleted: number;
  readonly kept: number;
}

/** Export archives: deleted once their 24 hours are over; their records say `expired`. */
export class PurgeExpiredExports {
  static readonly job: RetentionJobName = 'privacy-exports-expire';

  constructor(
    private readonly deps: { store: ExportStore; files: ExportFiles; clock: Clock; logger: Logger },
  ) {}

  async execute(): Promise<RetentionReport> {
    const now = this.deps.clock.now();
    let deleted = 0;
    // Records first: a ready export past its link's expiry.
    for (const record of await this.deps.store.readyExpiredBefore(now, MAX_PER_RUN)) {
      await this.deps.files.delete(record.userId, record.exportId);
      await this.deps.store.save({ ...record, status: 'expired' });
      deleted++;
    }
    // Then any archive older than the period, whatever its record says (a failed or vanished one).
    const before = new Date(now.getTime() - retentionDaysOfJob(PurgeExpiredExports.job) * DAY_MS);
    for (const archive of await this.deps.files.writtenBefore(before, MAX_PER_RUN)) {
      await this.deps.files.delete(archive.userId, archive.exportId);
      deleted++;
    }
    this.deps.logger.info('privacy.retention', { job: PurgeExpiredExports.job, deleted });
    return { job: PurgeExpiredExports.job, deleted, kept: 0 };
  }
}

export interface QuarantinedFile {
  readonly userId: string;
  readonly diplomaId: string;
  readonly lastModified: Date;
}

/** The quarantine container, as the cleanup sees it. */
export interface QuarantineFiles {
  writtenBefore(before: Date, limit: number): Promise<QuarantinedFile[]>;
  deleteQuarantined(userId: string, diplomaId: string): Promise<void>;
}

export interface DiplomaLookup {
  get(userId: string, id: string): Promise<{ value: Diploma } | undefined>;
  latestFor(userId: string): Promise<Diploma | undefined>;
}

/**
 * Diploma files left in quarantine past the period: an abandoned upload (the file was written, the
 * record never was), a leftover (the diploma was decided or found infected but its quarantine copy
 * stayed), or a superseded upload (the learner uploaded again). The person's latest diploma, while it
 * still waits for its scan, is kept: deleting it would strand the review; operators are alerted by
 * `diploma.scan_result_missing` and the learner may upload again.
 */
export class PurgeQuarantineLeftovers {
  static readonly job: RetentionJobName = 'privacy-quarantine-cleanup';

  constructor(
    private readonly deps: { files: QuarantineFiles; diplomas: DiplomaLookup; clock: Clock; logger: Logger },
  ) {}

  async execute(): Promise<RetentionReport> {
    const period = retentionDaysOfJob(PurgeQuarantineLeftovers.job) * DAY_MS;
    const before = new Date(this.deps.clock.now().getTime() - period);
    let deleted = 0;
    let kept = 0;
    for (const file of await this.deps.files.writtenBefore(before, MAX_PER_RUN)) {
      const diploma = (await this.deps.diplomas.get(file.userId, file.diplomaId))?.value;
      const awaitingScan =
        diploma?.status === 'scanning' &&
        (await this.deps.diplomas.latestFor(file.userId))?.id === diploma.id;
      if (awaitingScan) {
        kept++;
        this.deps.logger.warn('privacy.quarantine_kept_scanning', { diplomaId: file.diplomaId });
        continue;
      }
      await this.deps.files.deleteQuarantined(file.userId, file.diplomaId);
      deleted++;
    }
    this.deps.logger.info('privacy.retention', { job: PurgeQuarantineLeftovers.job, deleted, kept });
    return { job: PurgeQuarantineLeftovers.job, deleted, kept };
  }
}

/**
 * Dead letters older than the period, on every queue. Service Bus does not expire them: its
 * dead-letter sub-queue ignores time to live and is never cleaned up by the broker, so this job purges
 * them through the same `DeadLetters` port the operations page uses (Service Bus in Azure, the local
 * store here). Age is measured from the message's enqueue time.
 */
export class PurgeOldDeadLetters {
  static readonly job: RetentionJobName = 'privacy-dead-letters-purge';

  constructor(
    private readonly deps: {
      deadLetters: DeadLetters;
      queues: readonly string[];
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async execute(): Promise<RetentionReport> {
    const period = retentionDaysOfJob(PurgeOldDeadLetters.job) * DAY_MS;
    const before = this.deps.clock.now().getTime() - period;
    let deleted = 0;
    for (const queue of this.deps.queues) {
      // Oldest first: stop at the first one still within the period.
      while (deleted < MAX_PER_RUN) {
        const { items } = await this.deps.deadLetters.list(queue, { limit: BATCH });
        const old = items.filter(
          (item) => item.enqueuedAt !== undefined && Date.parse(item.enqueuedAt) < before,
        );
        let purged = 0;
        for (const item of old) if (await this.deps.deadLetters.purge(queue, item.id)) purged++;
        deleted += purged;
        if (purged === 0 || old.length < items.length || items.length < BATCH) break;
      }
    }
    this.deps.logger.info('privacy.retention', { job: PurgeOldDeadLetters.job, deleted });
    return { job: PurgeOldDeadLetters.job, deleted, kept: 0 };
  }
}

/**
 * The erasure orchestration carries the person's address and name to its last step (the final e-mail goes there
 * after her profile is gone), so its Durable history would outlive her. Once it has ended, its history is purged.
 * The erasures that ended are read back from the audit log, which records each under its pseudonym. Runs daily over
 * the last week (a missed run catches up; purging twice is harmless); a failed instance is never purged (Durable refuses to purge one that has not finished, and a failed one is resumed with its input).
 */
export class PurgeErasureWorkflowHistories {
  static readonly job: RetentionJobName = 'privacy-erasure-history-purge';
  static readonly lookBackDays = 7;

  constructor(
    private readonly deps: {
      audit: Pick<AuditReader, 'search'>;
      workflows: Pick<WorkflowClient, 'purge'>;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async execute(): Promise<RetentionReport> {
    const now = this.deps.clock.now();
    const from = new Date(now.getTime() - PurgeErasureWorkflowHistories.lookBackDays * DAY_MS);
    const filter = { action: ERASURE_AUDIT_ACTION, from: from.toISOString(), until: now.toISOString() };
    let deleted = 0;
    let kept = 0;
    let continuationToken: string | undefined;
    do {
      const page = await this.deps.audit.search(filter, {
        pageSize: BATCH,
        ...(continuationToken ? { continuationToken } : {}),
      });
      for (const entry of page.items) {
        const erasureId = erasureIdOfPseudonym(entry.target.id);
        if (!erasureId || deleted + kept >= MAX_PER_RUN) continue;
        if (await this.deps.workflows.purge(erasureInstanceId(erasureId))) deleted++;
        else kept++;
      }
      continuationToken = page.continuationToken;
    } while (continuationToken && deleted + kept < MAX_PER_RUN);
    this.deps.logger.info('privacy.retention', { job: PurgeErasureWorkflowHistories.job, deleted });
    return { job: PurgeErasureWorkflowHistories.job, deleted, kept };
  }
}
