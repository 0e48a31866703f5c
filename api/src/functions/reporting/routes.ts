// The reporting api (`/api/manage/reports/...`, admins only): start an export (202, idempotent on the
// client's key), list and poll the caller's exports, and get a short-lived download link once done.
import { exportRequestSchema, type ExportJob, type ExportJobList } from '@soins/shared';
import { z } from 'zod';
import type { ExportJobs, StoredExportJob } from '../../domain/reporting/ports';
import type { ExportDownloadLink, StartExport } from '../../domain/reporting/use-cases';
import { access, callerOf, pathParam, readJson, unwrap, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

const exportIdSchema = z.string().regex(/^x[0-9a-f]{31}$/, 'expected an export id');
const adminOnly = access.roles('admin');

/** The job as the SPA sees it (no blob name, no client key, no actor). */
export function toExportJob(job: StoredExportJob): ExportJob {
  return {
    id: job.id,
    kind: job.kind,
    format: job.format,
    language: job.language,
    subject: job.subject,
    status: job.status,
    rows: job.rows,
    ...(job.total !== undefined ? { total: job.total } : {}),
    percent: job.percent,
    empty: job.empty,
    ...(job.fileName ? { fileName: job.fileName } : {}),
    ...(job.failure ? { failure: job.failure } : {}),
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}

export function makeReportingRoutes(deps: {
  start: StartExport;
  jobs: ExportJobs;
  download: ExportDownloadLink;
}): RouteSpec[] {
  return [
    {
      name: 'manage-reports-export-start',
      methods: ['POST'],
      route: 'manage/reports/exports',
      access: adminOnly,
      handle: async (ctx) => {
        const request = await readJson(ctx, exportRequestSchema);
        const { created, job } = unwrap(await deps.start.execute({ actorId: callerOf(ctx).id, request }));
        return {
          status: created ? 202 : 200,
          body: toExportJob(job),
          headers: { location: `/api/manage/reports/exports/${job.id}` },
        };
      },
    },
    {
      name: 'manage-reports-export-list',
      methods: ['GET'],
      route: 'manage/reports/exports',
      access: adminOnly,
      handle: async (ctx) => {
        const body: ExportJobList = {
          items: (await deps.jobs.listFor(callerOf(ctx).id, 20)).map(toExportJob),
        };
        return { body, headers: { 'cache-control': 'no-store' } };
      },
    },
    {
      name: 'manage-reports-export-get',
      methods: ['GET'],
      route: 'manage/reports/exports/{exportId}',
      access: adminOnly,
      handle: async (ctx) => {
        const job = await deps.jobs.get(callerOf(ctx).id, pathParam(ctx, 'exportId', exportIdSchema));
        if (!job) throw new HttpProblem('not_found');
        return { body: toExportJob(job), headers: { 'cache-control': 'no-store' } };
      },
    },
    {
      name: 'manage-reports-export-download',
      methods: ['POST'],
      route: 'manage/reports/exports/{exportId}/download',
      access: adminOnly,
      handle: async (ctx) => {
        const link = unwrap(
          await deps.download.execute({
            actorId: callerOf(ctx).id,
            jobId: pathParam(ctx, 'exportId', exportIdSchema),
          }),
        );
        return { body: link, headers: { 'cache-control': 'no-store' } };
      },
    },
  ];
}
