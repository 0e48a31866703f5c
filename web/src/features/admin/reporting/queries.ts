// Server state of the reporting page (`/api/manage/reports/exports`): the admin's recent exports (polled
// while one runs), starting an export with the page's own idempotency key, and a fresh download link.
// The answers are still checked with the shared schemas, imported when a call is made: the route's loader is in
// the app's first chunk, and a static import would put zod and every shared schema there (~26 KB gzip).
import type { ReportDownload, ExportJob, ExportJobList, ExportRequest } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../../api/client';

export const exportsQueryKey = ['admin', 'reports', 'exports'] as const;

/** Polling interval while an export is queued or running (milliseconds). */
export const EXPORT_POLL_MS = 1000;

export const isRunning = (job: ExportJob): boolean => job.status === 'queued' || job.status === 'running';

export function exportsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: exportsQueryKey,
    queryFn: async ({ signal }) => {
      const { exportJobListSchema } = await import('@soins/shared');
      return api.request<ExportJobList>('/manage/reports/exports', { signal, schema: exportJobListSchema });
    },
    refetchInterval: (query) => (query.state.data?.items.some(isRunning) ? EXPORT_POLL_MS : false),
  });
}

export async function startExport(api: ApiClient, request: ExportRequest): Promise<ExportJob> {
  const { exportJobSchema } = await import('@soins/shared');
  return api.request<ExportJob>('/manage/reports/exports', {
    method: 'POST',
    body: request,
    schema: exportJobSchema,
  });
}

/** A read-only link of a few minutes, asked for at each click (never stored). */
export async function downloadLink(api: ApiClient, jobId: string): Promise<ReportDownload> {
  const { reportDownloadSchema } = await import('@soins/shared');
  return api.request<ReportDownload>(`/manage/reports/exports/${encodeURIComponent(jobId)}/download`, {
    method: 'POST',
    schema: reportDownloadSchema,
  });
}

/** Starts the browser's download of a link (the storage answers with `Content-Disposition: attachment`). */
export function saveFrom(link: ReportDownload): void {
  const anchor = document.createElement('a');
  anchor.href = link.url;
  anchor.download = link.fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
