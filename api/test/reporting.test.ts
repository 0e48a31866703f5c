import type { ExportRequest, EmailMessage } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { reportDocument } from '../src/adapters/pdf/report-document';
import type { AuditEntry } from '../src/domain/audit';
import type { MessageBus, OutboundMessage } from '../src/domain/ports';
import type {
  ExportFiles,
  ExportJobChange,
  ExportJobs,
  ReportSources,
  ReportTable,
  StoredExportJob,
} from '../src/domain/reporting/ports';
import type { HoursFacts, ParticipantFacts } from '../src/domain/reporting/reports';
import {
  buildReport,
  ExportDownloadLink,
  MAX_PDF_ROWS,
  RunExport,
  StartExport,
} from '../src/domain/reporting/use-cases';

class MemoryJobs implements ExportJobs {
  readonly jobs = new Map<string, StoredExportJob>();
  readonly updates: ExportJobChange[] = [];
  create(job: StoredExportJob) {
    const existing = this.jobs.get(job.id);
    if (existing) return Promise.resolve({ created: false, job: existing });
    this.jobs.set(job.id, job);
    return Promise.resolve({ created: true, job });
  }
  get(_actorId: string, jobId: string) {
    return Promise.resolve(this.jobs.get(jobId));
  }
  listFor(actorId: string) {
    return Promise.resolve([...this.jobs.values()].filter((j) => j.actorId === actorId));
  }
  update(_actorId: string, jobId: string, change: ExportJobChange) {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error('no job');
    this.updates.push(change);
    this.jobs.set(jobId, { ...job, ...change });
    return Promise.resolve();
  }
}

class MemoryFiles implements ExportFiles {
  readonly files = new Map<string, { bytes: Buffer; contentType: string }>();
  chunks = 0;
  async writeStream(blobName: string, chunks: AsyncIterable<Uint8Array>, contentType: string) {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) {
      this.chunks += 1;
      parts.push(Buffer.from(chunk));
    }
    this.files.set(blobName, { bytes: Buffer.concat(parts), contentType });
  }
  put(blobName: string, bytes: Uint8Array, contentType: string) {
    this.files.set(blobName, { bytes: Buffer.from(bytes), contentType });
    return Promise.resolve();
  }
  readLink(blobName: string, options: { minutes: number }) {
    return Promise.resolve({
      url: `https://storage.test/exports/${blobName}?sig=x`,
      expiresAt: new Date(Date.parse('2026-12-06T10:00:00Z') + options.minutes * 60_000),
    });
  }
}

class MemoryBus implements MessageBus {
  readonly sent: { queue: string; message: OutboundMessage<unknown> }[] = [];
  send<T>(queue: string, message: OutboundMessage<T>): Promise<void> {
    this.sent.push({ queue, message });
    return Promise.resolve();
  }
}

const clock = { now: () => new Date('2026-12-06T09:00:00Z') };
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function participants(count: number): ParticipantFacts[] {
  return Array.from({ length: count }, (_, i) => ({
    userId: `u${i}`,
    enrolledAt: '2026-03-01T23:30:00Z',
    chaptersCompleted: i % 4,
    chapterCount: 4,
    ...(i % 2 === 0 ? { completedAt: '2026-03-10T10:00:00Z', quizPassedAt: '2026-03-11T10:00:00Z' } : {}),
    ...(i === 0 ? { certificateCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567' } : {}),
  }));
}

async function* paged<T>(rows: readonly T[], size = 100): AsyncGenerator<T[]> {
  for (let i = 0; i < rows.length; i += size) {
    await Promise.resolve(); // a page arrives from the database
    yield rows.slice(i, i + size);
  }
}

function sources(options: { participants?: ParticipantFacts[]; hours?: HoursFacts[] } = {}): ReportSources & {
  inamiReads: string[];
} {
  const inamiReads: string[] = [];
  return {
    inamiReads,
    trainingParticipants: (trainingId) =>
      Promise.resolve(
        trainingId === 'hygiene-mains'
          ? { total: options.participants?.length ?? 0, pages: paged(options.participants ?? []) }
          : undefined,
      ),
    trainingRates: () =>
      Promise.resolve({
        total: 1,
        pages: paged([
          {
            trainingId: 'hygiene-mains',
            title: { fr: 'Hygiène', nl: 'Hygiëne' },
            enrolled: 8,
            completed: 6,
            attempted: 5,
            passed: 4,
          },
        ]),
      }),
    sessionParticipants: () => Promise.resolve(undefined),
    yearlyHours: () => Promise.resolve({ pages: paged(options.hours ?? []) }),
    person: (userId) =>
      Promise.resolve(
        userId === 'gone'
          ? undefined
          : {
              lastName: userId === 'u1' ? '=HYPERLINK("x")' : `Nom ${userId}`,
              firstName: 'Marie',
              profession: 'nurse',
            },
      ),
    inami: (userId) => {
      inamiReads.push(userId);
      return Promise.resolve(userId === 'u0' ? '1-23456-78-901' : undefined);
    },
  };
}

function setup(source = sources()) {
  const jobs = new MemoryJobs();
  const files = new MemoryFiles();
  const bus = new MemoryBus();
  const audits: AuditEntry[] = [];
  const rendered: ReportTable[] = [];
  const start = new StartExport({
    jobs,
    bus,
    audit: {
      record: (entry) => {
        audits.push(entry);
        return Promise.resolve();
      },
    },
    clock,
    subjectExists: (scope) =>
      Promise.resolve(scope.kind !== 'training-participants' || scope.trainingId === 'hygiene-mains'),
  });
  const run = new RunExport({
    jobs,
    sources: source,
    files,
    pdf: {
      render: (table) => {
        rendered.push(table);
        return Promise.resolve(new Uint8Array([0x25, 0x50, 0x44, 0x46]));
      },
    },
    bus,
    recipient: (userId) =>
      Promise.resolve({
        userId,
        email: 'admin@demo.soins.plus',
        displayName: 'Admin',
        language: 'fr' as const,
      }),
    clock,
    logger,
  });
  return {
    jobs,
    files,
    bus,
    audits,
    rendered,
    start,
    run,
    download: new ExportDownloadLink({ jobs, files }),
  };
}

const request = (overrides: Partial<ExportRequest> = {}): ExportRequest =>
  ({
    kind: 'training-participants',
    trainingId: 'hygiene-mains',
    format: 'csv',
    language: 'fr',
    clientKey: 'click-0001',
    ...overrides,
  }) as ExportRequest;

describe('reports', () => {
  it('builds participant rows: names, profession, Brussels days, progress, quiz, certificate', async () => {
    const report = await buildReport(
      { kind: 'training-participants', trainingId: 'hygiene-mains' },
      'fr',
      sources({ participants: participants(3) }),
    );
    expect(report?.total).toBe(3);
    expect(report?.header).toEqual([
      'Nom',
      'Prénom',
      'Profession',
      'Inscrit·e le',
      'Progression (%)',
      'Terminée le',
      'Quiz réussi',
      'Quiz réussi le',
      'Code de l’attestation',
    ]);
    const rows = [];
    for await (const page of report?.pages ?? []) rows.push(...page);
    expect(rows[0]).toEqual([
      'Nom u0',
      'Marie',
      'Infirmier·ère',
      '2026-03-02', // 23:30 UTC is the next day in Brussels
      100,
      '2026-03-10',
      'oui',
      '2026-03-11',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
    ]);
    expect(rows[1]?.slice(4, 8)).toEqual([25, '', 'non', '']);
  });

  it('writes Dutch headers and labels', async () => {
    const report = await buildReport({ kind: 'training-rates' }, 'nl', sources());
    expect(report?.header[1]).toBe('Opleiding');
    const rows = [];
    for await (const page of report?.pages ?? []) rows.push(...page);
    expect(rows).toEqual([['hygiene-mains', 'Hygiëne', 8, 6, 75, 5, 4, 80]]);
  });

  it('reads each INAMI number once per learner, for the hours report only', async () => {
    const line = (userId: string): HoursFacts => ({
      userId,
      source: 'certificate',
      trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
      organiser: 'SOINS+',
      startedOn: '2026-02-01',
      completedOn: '2026-02-03',
      hours: 1.5,
      verificationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
    });
    const source = sources({ hours: [line('u0'), line('u0'), line('u2')] });
    const report = await buildReport({ kind: 'yearly-hours', year: 2026 }, 'fr', source);
    const rows = [];
    for await (const page of report?.pages ?? []) rows.push(...page);
    expect(rows[0]?.slice(3, 10)).toEqual([
      '1-23456-78-901',
      'Hygiène des mains',
      'SOINS+',
      '2026-02-01',
      '2026-02-03',
      1.5,
      'Formation en ligne',
    ]);
    expect(source.inamiReads).toEqual(['u0', 'u2']);
    await buildReport({ kind: 'training-participants', trainingId: 'hygiene-mains' }, 'fr', source);
    expect(source.inamiReads).toEqual(['u0', 'u2']);
  });
});

describe('export jobs', () => {
  it('one job per client key: audited and queued once, the same job on a retry', async () => {
    const { start, audits, bus } = setup();
    const first = await start.execute({ actorId: 'admin1', request: request() });
    const again = await start.execute({ actorId: 'admin1', request: request() });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(first.value.created).toBe(true);
    expect(again.value.created).toBe(false);
    expect(again.value.job.id).toBe(first.value.job.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor: 'admin1',
      action: 'report.export',
      target: { type: 'export', id: first.value.job.id },
    });
    // Re-sent while queued under the same message id (the broker's duplicate detection drops it).
    expect(bus.sent.map((s) => [s.queue, s.message.id])).toEqual([
      ['report-exports', `export:${first.value.job.id}`],
      ['report-exports', `export:${first.value.job.id}`],
    ]);
    const other = await start.execute({ actorId: 'admin2', request: request() });
    expect(other.ok && other.value.job.id).not.toBe(first.value.job.id);
  });

  it('refuses a client key reused for another export, and an unknown training', async () => {
    const { start } = setup();
    await start.execute({ actorId: 'admin1', request: request() });
    const reused = await start.execute({ actorId: 'admin1', request: request({ format: 'pdf' }) });
    expect(reused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const unknown = await start.execute({
      actorId: 'admin1',
      request: request({ clientKey: 'click-0002', trainingId: 'nope' }),
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('runs a CSV export: streamed file, progress, done, one e-mail, then a download link', async () => {
    const env = setup(sources({ participants: participants(1200) }));
    const started = await env.start.execute({ actorId: 'admin1', request: request() });
    if (!started.ok) throw new Error('not started');
    const job = started.value.job;
    await env.run.execute({ jobId: job.id, actorId: 'admin1' });
    const done = env.jobs.jobs.get(job.id);
    expect(done).toMatchObject({ status: 'done', rows: 1200, total: 1200, percent: 100, empty: false });
    expect(done?.fileName).toBe('soins-training-participants-hygiene-mains-2026-12-06.csv');
    const file = env.files.files.get(`admin1/${job.id}.csv`);
    expect(file?.contentType).toBe('text/csv; charset=utf-8');
    expect(env.files.chunks).toBeGreaterThan(1);
    const text = file?.bytes.toString('utf8') ?? '';
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(1202);
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""x""\)";Marie;/);
    const emails = env.bus.sent.filter((s) => s.queue === 'email').map((s) => s.message.body as EmailMessage);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.id).toBe(`export:${job.id}`);
    expect(emails[0]?.request).toMatchObject({
      template: 'export_ready',
      report: 'training-participants',
      rows: 1200,
    });
    // A redelivery after the end changes nothing but re-sends the same (idempotent) e-mail.
    await env.run.execute({ jobId: job.id, actorId: 'admin1' });
    expect(env.jobs.jobs.get(job.id)?.rows).toBe(1200);
    const link = await env.download.execute({ actorId: 'admin1', jobId: job.id });
    expect(link).toMatchObject({ ok: true, value: { fileName: done?.fileName } });
  });

  it('an export with no rows is done and empty (header only), not an error', async () => {
    const env = setup(sources({ participants: [] }));
    const started = await env.start.execute({ actorId: 'admin1', request: request() });
    if (!started.ok) throw new Error('not started');
    await env.run.execute({ jobId: started.value.job.id, actorId: 'admin1' });
    expect(env.jobs.jobs.get(started.value.job.id)).toMatchObject({ status: 'done', rows: 0, empty: true });
    const text = env.files.files.get(`admin1/${started.value.job.id}.csv`)?.bytes.toString('utf8');
    expect(text?.slice(1).split('\r\n')).toEqual([expect.stringMatching(/^Nom;Prénom;/), '']);
  });

  it('a PDF export renders the table once; too many rows for a PDF is a clear failure', async () => {
    const env = setup(sources({ participants: participants(30) }));
    const started = await env.start.execute({
      actorId: 'admin1',
      request: request({ format: 'pdf', language: 'nl' }),
    });
    if (!started.ok) throw new Error('not started');
    await env.run.execute({ jobId: started.value.job.id, actorId: 'admin1' });
    expect(env.rendered).toHaveLength(1);
    expect(env.rendered[0]).toMatchObject({ language: 'nl', title: 'Deelnemers aan de opleiding' });
    expect(env.rendered[0]?.rows).toHaveLength(30);
    expect(env.files.files.get(`admin1/${started.value.job.id}.pdf`)?.contentType).toBe('application/pdf');

    const big = setup(sources({ participants: participants(MAX_PDF_ROWS + 1) }));
    const bigJob = await big.start.execute({ actorId: 'admin1', request: request({ format: 'pdf' }) });
    if (!bigJob.ok) throw new Error('not started');
    await big.run.execute({ jobId: bigJob.value.job.id, actorId: 'admin1' });
    expect(big.jobs.jobs.get(bigJob.value.job.id)).toMatchObject({
      status: 'failed',
      failure: 'too_many_rows_for_pdf',
    });
    expect(await big.download.execute({ actorId: 'admin1', jobId: bigJob.value.job.id })).toMatchObject({
      ok: false,
      error: { code: 'export_not_ready' },
    });
  });
});

describe('report PDF document', () => {
  it('repeats the header row and numbers the pages, in the report language', () => {
    const doc = reportDocument({
      language: 'nl',
      title: 'Deelnemers',
      subtitle: 'hygiene-mains',
      generatedAt: '2026-12-06T09:00:00Z',
      header: ['Naam', 'Voornaam'],
      rows: [['Peeters', 'Jan']],
    }) as {
      content: { table?: { headerRows: number; body: unknown[][] } }[];
      footer: (page: number, count: number) => { columns: { text: string }[] };
      defaultStyle: { font: string };
    };
    expect(doc.content[0]?.table?.headerRows).toBe(1);
    expect(doc.content[0]?.table?.body).toHaveLength(2);
    expect(doc.footer(2, 14).columns[1]?.text).toBe('Pagina 2 / 14');
    expect(doc.defaultStyle.font).toBe('NotoSans');
  });
});
