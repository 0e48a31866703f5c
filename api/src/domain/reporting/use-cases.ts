// Background exports: an admin asks (StartExport: one job per client key, audited, queued), the queue
// consumer runs it (RunExport: rows streamed into the file, progress saved as it goes, e-mail at the
// end), and the admin downloads it through a short-lived read-only link (ExportDownloadLink).
import type { EmailRecipient, ExportRequest, ReportLanguage, ReportScope } from '@soins/shared';
import type { AuditLog } from '../audit';
import { enqueueEmail } from '../email/enqueue';
import type { Clock, Logger, MessageBus } from '../ports';
import { fail, ok, type Result } from '../result';
import { csvCell, csvChunks, type CsvCell } from '../csv';
import type {
  ExportFiles,
  ExportJobs,
  ExportMessage,
  Pages,
  ReportPdfRenderer,
  ReportSources,
  StoredExportJob,
} from './ports';
import {
  hoursRow,
  participantRow,
  rateRow,
  reportHeader,
  reportTitle,
  sessionParticipantRow,
  subjectOf,
  type ReportPerson,
} from './reports';

export const EXPORTS_QUEUE = 'report-exports';
/** pdfmake lays a table out in memory: larger reports are for the CSV. */
export const MAX_PDF_ROWS = 5000;
/** Download links live this long; the page asks for a fresh one on each click. */
export const DOWNLOAD_LINK_MINUTES = 5;
/** Progress is saved at most this often (milliseconds). */
const PROGRESS_INTERVAL_MS = 1000;

const unknownPerson: ReportPerson = { lastName: '—', firstName: '' };

/** The job of an admin's request: the same admin and client key always name the same job. */
export async function exportJobId(actorId: string, clientKey: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${actorId}\n${clientKey}`));
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `x${hex.slice(0, 31)}`;
}

export function scopeOf(request: ExportRequest): ReportScope {
  switch (request.kind) {
    case 'training-participants':
      return { kind: request.kind, trainingId: request.trainingId };
    case 'training-rates':
      return { kind: request.kind };
    case 'session-participants':
      return { kind: request.kind, sessionId: request.sessionId };
    case 'yearly-hours':
      return { kind: request.kind, year: request.year };
  }
}

/** `soins-training-participants-hygiene-mains-2026-12-06.csv` */
export function exportFileName(
  job: Pick<StoredExportJob, 'kind' | 'subject' | 'format' | 'createdAt'>,
): string {
  const subject = job.subject ? `-${job.subject.replace(/[^A-Za-z0-9-]/g, '-')}` : '';
  return `soins-${job.kind}${subject}-${job.createdAt.slice(0, 10)}.${job.format}`;
}

export type StartExportError = { code: 'conflict'; message: string } | { code: 'not_found'; message: string };

export class StartExport {
  constructor(
    private readonly deps: {
      jobs: ExportJobs;
      bus: MessageBus;
      audit: AuditLog;
      clock: Clock;
      /** Whether the training or session the report is about exists (a year or all trainings always do). */
      subjectExists: (scope: ReportScope) => Promise<boolean>;
    },
  ) {}

  async execute(input: {
    actorId: string;
    request: ExportRequest;
  }): Promise<Result<{ created: boolean; job: StoredExportJob }, StartExportError>> {
    const { actorId, request } = input;
    const scope = scopeOf(request);
    const id = await exportJobId(actorId, request.clientKey);
    const existing = await this.deps.jobs.get(actorId, id);
    if (existing) {
      const same =
        JSON.stringify(existing.scope) === JSON.stringify(scope) &&
        existing.format === request.format &&
        existing.language === request.language;
      if (!same) return fail({ code: 'conflict', message: 'this client key names another export' });
      // A retry of the request: the message may not have been sent the first time (duplicate detection
      // drops a second copy within its window, and the consumer skips a job that is done).
      if (existing.status === 'queued') await this.enqueue(existing);
      return ok({ created: false, job: existing });
    }
    if (!(await this.deps.subjectExists(scope))) {
      return fail({
        code: 'not_found',
        message: `no such ${scope.kind === 'session-participants' ? 'session' : 'training'}`,
      });
    }
    const now = this.deps.clock.now().toISOString();
    const job: StoredExportJob = {
      id,
      actorId,
      clientKey: request.clientKey,
      scope,
      kind: request.kind,
      format: request.format,
      language: request.language,
      subject: subjectOf(scope),
      status: 'queued',
      rows: 0,
      percent: 0,
      empty: false,
      createdAt: now,
    };
    // Fail closed: no export of personal data without its audit entry.
    await this.deps.audit.record({
      actor: actorId,
      action: 'report.export',
      target: { type: 'export', id },
      at: now,
      after: { kind: job.kind, format: job.format, subject: job.subject, language: job.language },
    });
    const stored = await this.deps.jobs.create(job);
    if (stored.job.status === 'queued') await this.enqueue(stored.job);
    return ok(stored);
  }

  private async enqueue(job: StoredExportJob): Promise<void> {
    await this.deps.bus.send<ExportMessage>(EXPORTS_QUEUE, {
      id: `export:${job.id}`,
      body: { jobId: job.id, actorId: job.actorId },
    });
  }
}

interface BuiltReport {
  readonly header: string[];
  readonly total?: number;
  readonly pages: Pages<CsvCell[]>;
}

async function* mapPages<T>(
  pages: Pages<T>,
  row: (facts: T) => Promise<CsvCell[]> | CsvCell[],
): AsyncGenerator<CsvCell[][]> {
  for await (const page of pages) {
    const rows: CsvCell[][] = [];
    for (const facts of page) rows.push(await row(facts));
    yield rows;
  }
}

/** Builds a report's header and rows from the sources; undefined when its training or session is unknown. */
export async function buildReport(
  scope: ReportScope,
  language: ReportLanguage,
  sources: ReportSources,
): Promise<BuiltReport | undefined> {
  const header = reportHeader(scope.kind, language);
  // One export reads each person once (and each INAMI number once, for the hours report only).
  const people = new Map<string, ReportPerson>();
  const personOf = async (userId: string): Promise<ReportPerson> => {
    let person = people.get(userId);
    if (!person) {
      person = (await sources.person(userId)) ?? unknownPerson;
      people.set(userId, person);
    }
    return person;
  };
  switch (scope.kind) {
    case 'training-participants': {
      const found = await sources.trainingParticipants(scope.trainingId);
      if (!found) return undefined;
      return {
        header,
        total: found.total,
        pages: mapPages(found.pages, async (facts) =>
          participantRow(facts, await personOf(facts.userId), language),
        ),
      };
    }
    case 'training-rates': {
      const found = await sources.trainingRates();
      return {
        header,
        total: found.total,
        pages: mapPages(found.pages, (facts) => rateRow(facts, language)),
      };
    }
    case 'session-participants': {
      const found = await sources.sessionParticipants(scope.sessionId);
      if (!found) return undefined;
      return {
        header,
        total: found.total,
        pages: mapPages(found.pages, async (facts) =>
          sessionParticipantRow(facts, await personOf(facts.userId), language),
        ),
      };
    }
    case 'yearly-hours': {
      const found = await sources.yearlyHours(scope.year);
      const numbers = new Map<string, string | undefined>();
      const inamiOf = async (userId: string): Promise<string | undefined> => {
        if (!numbers.has(userId)) numbers.set(userId, await sources.inami(userId));
        return numbers.get(userId);
      };
      return {
        header,
        pages: mapPages(found.pages, async (facts) =>
          hoursRow(facts, await personOf(facts.userId), await inamiOf(facts.userId), language),
        ),
      };
    }
  }
}

/** A cell as the PDF prints it: the CSV's text without quoting or neutralisation (no formulas in a PDF). */
export function printedCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? csvCell(value) : value;
}

async function* utf8(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of chunks) yield encoder.encode(chunk);
}

export class RunExport {
  constructor(
    private readonly deps: {
      jobs: ExportJobs;
      sources: ReportSources;
      files: ExportFiles;
      pdf: ReportPdfRenderer;
      bus: MessageBus;
      recipient: (userId: string) => Promise<EmailRecipient | undefined>;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async execute(message: ExportMessage): Promise<void> {
    const { jobs, clock, logger } = this.deps;
    const job = await jobs.get(message.actorId, message.jobId);
    if (!job) {
      logger.warn('report.export_missing', { jobId: message.jobId });
      return;
    }
    if (job.status === 'done' || job.status === 'failed') {
      // A redelivery after the end: the e-mail is idempotent, so make sure it went.
      if (job.status === 'done') await this.notify(job, job.rows);
      return;
    }
    await jobs.update(job.actorId, job.id, { status: 'running', rows: 0, percent: 0 });
    const report = await buildReport(job.scope, job.language, this.deps.sources);
    if (!report) {
      await jobs.update(job.actorId, job.id, {
        status: 'failed',
        failure: 'not_found',
        finishedAt: clock.now().toISOString(),
      });
      logger.info('report.export_failed', { jobId: job.id, failure: 'not_found' });
      return;
    }
    const fileName = exportFileName(job);
    const blobName = `${job.actorId}/${job.id}.${job.format}`;
    const total = report.total;
    let saved = clock.now().getTime();
    const progress = async (rows: number): Promise<void> => {
      const now = clock.now().getTime();
      if (now - saved < PROGRESS_INTERVAL_MS) return;
      saved = now;
      await jobs.update(job.actorId, job.id, {
        rows,
        ...(total !== undefined
          ? { total, percent: Math.min(99, Math.floor((rows / Math.max(total, 1)) * 100)) }
          : {}),
      });
    };
    let rows: number;
    if (job.format === 'csv') {
      const chunks = csvChunks(report.header, report.pages, { onRows: progress });
      let counted = 0;
      const counting = async function* (): AsyncGenerator<string> {
        const iterator = chunks[Symbol.asyncIterator]();
        for (;;) {
          const next = await iterator.next();
          if (next.done) {
            counted = next.value;
            return;
          }
          yield next.value;
        }
      };
      await this.deps.files.writeStream(blobName, utf8(counting()), 'text/csv; charset=utf-8');
      rows = counted;
    } else {
      const printed: string[][] = [];
      for await (const page of report.pages) {
        for (const row of page) printed.push(row.map(printedCell));
        if (printed.length > MAX_PDF_ROWS) {
          await jobs.update(job.actorId, job.id, {
            status: 'failed',
            failure: 'too_many_rows_for_pdf',
            finishedAt: clock.now().toISOString(),
          });
          logger.info('report.export_failed', { jobId: job.id, failure: 'too_many_rows_for_pdf' });
          return;
        }
        await progress(printed.length);
      }
      const bytes = await this.deps.pdf.render({
        language: job.language,
        title: reportTitle(job.kind, job.language),
        subtitle: job.subject,
        generatedAt: clock.now().toISOString(),
        header: report.header,
        rows: printed,
      });
      await this.deps.files.put(blobName, bytes, 'application/pdf');
      rows = printed.length;
    }
    const done: StoredExportJob = { ...job, rows };
    await jobs.update(job.actorId, job.id, {
      status: 'done',
      rows,
      ...(total !== undefined ? { total } : {}),
      percent: 100,
      empty: rows === 0,
      fileName,
      blobName,
      finishedAt: clock.now().toISOString(),
    });
    logger.info('report.export_done', { jobId: job.id, kind: job.kind, format: job.format, rows });
    await this.notify(done, rows);
  }

  private async notify(job: StoredExportJob, rows: number): Promise<void> {
    const recipient = await this.deps.recipient(job.actorId);
    if (!recipient) return;
    await enqueueEmail(this.deps.bus, {
      id: `export:${job.id}`,
      request: {
        template: 'export_ready',
        recipient,
        report: job.kind,
        format: job.format,
        subject: job.subject,
        rows,
      },
    });
  }
}

export type DownloadError =
  { code: 'not_found'; message: string } | { code: 'export_not_ready'; message: string };

export class ExportDownloadLink {
  constructor(private readonly deps: { jobs: ExportJobs; files: ExportFiles }) {}

  async execute(input: {
    actorId: string;
    jobId: string;
  }): Promise<Result<{ url: string; expiresAt: string; fileName: string }, DownloadError>> {
    const job = await this.deps.jobs.get(input.actorId, input.jobId);
    if (!job) return fail({ code: 'not_found', message: 'no such export' });
    if (job.status !== 'done' || !job.blobName || !job.fileName) {
      return fail({ code: 'export_not_ready', message: 'the export has no file (yet)' });
    }
    const link = await this.deps.files.readLink(job.blobName, {
      minutes: DOWNLOAD_LINK_MINUTES,
      fileName: job.fileName,
      contentType: job.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
    });
    return ok({ url: link.url, expiresAt: link.expiresAt.toISOString(), fileName: job.fileName });
  }
}
