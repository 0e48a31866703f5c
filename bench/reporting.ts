// Reporting figures (issue 13): the CSV export of 10 000 participants through the real pipeline — report
// building, CSV encoding, UTF-8 chunks and the streamed block upload (4 MiB blocks) to Azurite's private
// `exports` container — in a fresh Node process, for its wall time and its peak resident set (maxRSS of
// the process: Node itself included); and the PDF report of 1 000 rows with the engine as deployed
// (api/dist/pdf-worker.cjs, Noto Sans). The facts come from an in-memory source in pages of 100, as
// Cosmos hands them out, so the figure is the export's own cost, not the emulator's.
// `npm run bench -- reporting` runs these alone (needs `npm run build:api` for the PDF engine).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportDocument } from '../api/src/adapters/pdf/report-document';
import type { PdfEngine } from '../api/src/adapters/pdf/engine';
import { createBlobStorage } from '../api/src/adapters/storage/connection';
import { BlobReportFiles, reportFilesContainerName } from '../api/src/adapters/storage/report-files';
import type {
  ExportJobChange,
  ExportJobs,
  ReportSources,
  StoredExportJob,
} from '../api/src/domain/reporting/ports';
import type { ParticipantFacts } from '../api/src/domain/reporting/reports';
import { buildReport, printedCell, RunExport } from '../api/src/domain/reporting/use-cases';
import { findFreePort } from '../local/lib/service';
import { azuriteConnectionString, startAzurite } from '../local/services/azurite';

type Record_ = (what: string, value: number, unit: string, budget: number, lowerIsBetter?: boolean) => void;
type Note = (what: string, figure: string) => void;

const PARTICIPANTS = 10_000;
const PDF_ROWS = 1_000;

function participant(i: number): ParticipantFacts {
  return {
    userId: `u${String(i).padStart(6, '0')}`,
    enrolledAt: '2026-03-01T08:00:00Z',
    chaptersCompleted: i % 6,
    chapterCount: 6,
    ...(i % 3 === 0
      ? {
          completedAt: '2026-03-10T10:00:00Z',
          quizPassedAt: '2026-03-11T10:00:00Z',
          certificateCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
        }
      : {}),
  };
}

/** Participants in pages of 100, generated as they are asked for (nothing held beforehand). */
function syntheticSources(count: number): ReportSources {
  async function* pages(): AsyncGenerator<ParticipantFacts[]> {
    for (let start = 0; start < count; start += 100) {
      await Promise.resolve();
      yield Array.from({ length: Math.min(100, count - start) }, (_, k) => participant(start + k));
    }
  }
  return {
    trainingParticipants: () => Promise.resolve({ total: count, pages: pages() }),
    trainingRates: () => Promise.resolve({ total: 0, pages: [] }),
    sessionParticipants: () => Promise.resolve(undefined),
    yearlyHours: () => Promise.resolve({ pages: [] }),
    person: (userId) =>
      Promise.resolve({ lastName: `Dubois-${userId}`, firstName: 'Marie-Hélène', profession: 'nurse' }),
    inami: () => Promise.resolve(undefined),
  };
}

class MemoryJobs implements ExportJobs {
  readonly jobs = new Map<string, StoredExportJob>();
  create(job: StoredExportJob) {
    this.jobs.set(job.id, job);
    return Promise.resolve({ created: true, job });
  }
  get(_actorId: string, jobId: string) {
    return Promise.resolve(this.jobs.get(jobId));
  }
  listFor() {
    return Promise.resolve([...this.jobs.values()]);
  }
  update(_actorId: string, jobId: string, change: ExportJobChange) {
    const job = this.jobs.get(jobId);
    if (job) this.jobs.set(jobId, { ...job, ...change });
    return Promise.resolve();
  }
}

/** The child process: one CSV export of `count` participants to Azurite; prints its figures as JSON. */
async function child(connectionString: string, count: number): Promise<void> {
  const storage = createBlobStorage({ kind: 'key', connectionString });
  await (await storage.container(reportFilesContainerName)).createIfNotExists();
  const jobs = new MemoryJobs();
  const job: StoredExportJob = {
    id: `x${'b'.repeat(31)}`,
    actorId: 'bench-admin',
    clientKey: 'bench-0001',
    scope: { kind: 'training-participants', trainingId: 'bench' },
    kind: 'training-participants',
    format: 'csv',
    language: 'fr',
    subject: 'bench',
    status: 'queued',
    rows: 0,
    percent: 0,
    empty: false,
    createdAt: new Date().toISOString(),
  };
  await jobs.create(job);
  const run = new RunExport({
    jobs,
    sources: syntheticSources(count),
    files: new BlobReportFiles(storage),
    pdf: { render: () => Promise.reject(new Error('not used')) },
    bus: { send: () => Promise.resolve() },
    recipient: () => Promise.resolve(undefined),
    clock: { now: () => new Date() },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  // The process's resident set while the export runs (sampled every 10 ms), beside its lifetime peak
  // (maxRSS), which also counts the SDKs loading before the export starts.
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampling = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  await run.execute({ jobId: job.id, actorId: job.actorId });
  const ms = performance.now() - started;
  clearInterval(sampling);
  peak = Math.max(peak, process.memoryUsage().rss);
  const done = jobs.jobs.get(job.id);
  const properties = await (
    await storage.container(reportFilesContainerName)
  )
    .getBlobClient(`${job.actorId}/${job.id}.csv`)
    .getProperties();
  process.stdout.write(
    JSON.stringify({
      ms,
      rows: done?.rows ?? 0,
      bytes: properties.contentLength ?? 0,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      baselineMB: baseline / 1024 / 1024,
      peakMB: peak / 1024 / 1024,
    }),
  );
}

async function pdfReport(root: string, note: Note): Promise<void> {
  const engine = (
    createRequire(import.meta.url)(join(root, 'api', 'dist', 'pdf-worker.cjs')) as {
      createPdfEngine: () => PdfEngine;
    }
  ).createPdfEngine();
  const report = await buildReport(
    { kind: 'training-participants', trainingId: 'bench' },
    'fr',
    syntheticSources(PDF_ROWS),
  );
  const rows: string[][] = [];
  for await (const page of report?.pages ?? []) rows.push(...page.map((row) => row.map(printedCell)));
  const table = {
    language: 'fr' as const,
    title: 'Participants à la formation',
    subtitle: 'bench',
    generatedAt: new Date().toISOString(),
    header: report?.header ?? [],
    rows,
  };
  await engine.render(reportDocument({ ...table, rows: rows.slice(0, 20) })); // warm-up (fonts parsed)
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const bytes = await engine.render(reportDocument(table));
  const ms = performance.now() - started;
  // No budget is set for the PDF (DESIGN.md gives none): figures only.
  note(`reporting: PDF report of ${String(PDF_ROWS)} rows (pdfmake, A4 landscape)`, `${ms.toFixed(0)} ms`);
  note(
    `reporting: PDF report of ${String(PDF_ROWS)} rows, file size`,
    `${(bytes.length / 1024 / 1024).toFixed(2)} MB`,
  );
  note(
    'reporting: PDF report, bench process RSS growth while rendering',
    `${(Math.max(0, process.memoryUsage().rss - before) / 1024 / 1024).toFixed(1)} MB`,
  );
}

export async function reportingBenches(root: string, record: Record_, note: Note): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'soins-bench-reporting-'));
  const ports = { blob: await findFreePort(), queue: await findFreePort(), table: await findFreePort() };
  const azurite = await startAzurite({
    blobPort: ports.blob,
    queuePort: ports.queue,
    tablePort: ports.table,
    dataDir: join(dataDir, 'azurite'),
  });
  try {
    const connectionString = azuriteConnectionString('127.0.0.1', ports);
    // The exporting process runs compiled JavaScript, as the api does in Azure: under tsx its resident set
    // would also hold the TypeScript compiler's work (some 60 MB), which is not the export's.
    const childBundle = join(dataDir, 'reporting-child.mjs');
    await build({
      entryPoints: [join(root, 'bench', 'reporting.ts')],
      outfile: childBundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // CommonJS SDKs inside an ES module bundle require Node's built-ins through a real `require`.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    const out = execFileSync(
      process.execPath,
      [childBundle, '--child', connectionString, String(PARTICIPANTS)],
      {
        cwd: root,
        maxBuffer: 1024 * 1024,
      },
    ).toString();
    const figures = JSON.parse(out) as {
      ms: number;
      rows: number;
      bytes: number;
      maxRssMB: number;
      baselineMB: number;
      peakMB: number;
    };
    if (figures.rows !== PARTICIPANTS) throw new Error(`CSV export wrote ${String(figures.rows)} rows`);
    record(
      `reporting: CSV export of ${String(PARTICIPANTS)} participants streamed to Blob`,
      figures.ms / 1000,
      's',
      5,
    );
    record(
      'reporting: CSV export, peak RSS of the exporting process during the export',
      figures.peakMB,
      'MB',
      150,
    );
    note(
      'reporting: CSV export, RSS before the export / lifetime peak (SDK loading included)',
      `${figures.baselineMB.toFixed(1)} / ${figures.maxRssMB.toFixed(1)} MB`,
    );
    note('reporting: CSV export file size', `${(figures.bytes / 1024 / 1024).toFixed(2)} MB`);
    await pdfReport(root, note);
  } finally {
    await azurite.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] ?? '', Number(process.argv[4]));
}
