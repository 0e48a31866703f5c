// Privacy in the SPA: the public legal versions and register, what the user accepted, and the data export.
import type {
  DataExport,
  ExportDownload,
  LegalDocument,
  LegalDocumentType,
  LegalVersionList,
  MyAcceptances,
  MyErasure,
  MyExports,
  PendingErasures,
  ProcessingRegister,
} from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export function legalVersionsQueryOptions(api: ApiClient, type: LegalDocumentType) {
  return queryOptions({
    queryKey: ['legal', type, 'versions'] as const,
    queryFn: ({ signal }) =>
      api.request<LegalVersionList>(`/legal/${type}/versions`, { signal, anonymous: true }),
    staleTime: 5 * 60_000,
  });
}

export function legalVersionQueryOptions(api: ApiClient, type: LegalDocumentType, version: number) {
  return queryOptions({
    queryKey: ['legal', type, 'versions', version] as const,
    queryFn: ({ signal }) =>
      api.request<LegalDocument>(`/legal/${type}/versions/${String(version)}`, { signal, anonymous: true }),
    // A published version never changes.
    staleTime: Infinity,
  });
}

export function registerQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['privacy', 'register'] as const,
    queryFn: ({ signal }) =>
      api.request<ProcessingRegister>('/privacy/register', { signal, anonymous: true }),
    staleTime: 10 * 60_000,
  });
}

export function adminRegisterQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['manage', 'privacy', 'register'] as const,
    queryFn: ({ signal }) => api.request<ProcessingRegister>('/manage/privacy/register', { signal }),
  });
}

export const myAcceptancesQueryKey = ['me', 'legal', 'acceptances'] as const;

export function myAcceptancesQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: myAcceptancesQueryKey,
    queryFn: ({ signal }) => api.request<MyAcceptances>('/me/legal/acceptances', { signal }),
  });
}

export const myExportsQueryKey = ['me', 'exports'] as const;

/** Exports in progress are polled every 2 s so the profile shows the progress. */
export function exportRefetchInterval(exports: readonly DataExport[] | undefined): number | false {
  return exports?.some((item) => item.status === 'queued' || item.status === 'running') ? 2_000 : false;
}

export function myExportsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: myExportsQueryKey,
    queryFn: ({ signal }) => api.request<MyExports>('/me/exports', { signal }),
    refetchInterval: (query) => exportRefetchInterval(query.state.data?.items),
  });
}

export function requestExport(api: ApiClient): Promise<DataExport> {
  return api.request<DataExport>('/me/exports', { method: 'POST' });
}

export function exportDownload(api: ApiClient, exportId: string): Promise<ExportDownload> {
  return api.request<ExportDownload>(`/me/exports/${encodeURIComponent(exportId)}/download`);
}

/** The page of a legal document type (public route). */
export const legalPagePath: Readonly<Record<LegalDocumentType, '/terms' | '/privacy'>> = {
  terms: '/terms',
  privacy: '/privacy',
};

export const myErasureQueryKey = ['me', 'erasure'] as const;

export function myErasureQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: myErasureQueryKey,
    queryFn: ({ signal }) => api.request<MyErasure>('/me/erasure', { signal }),
  });
}

export function requestErasure(api: ApiClient): Promise<MyErasure> {
  return api.request<MyErasure>('/me/erasure', { method: 'POST' });
}

export function cancelErasure(api: ApiClient): Promise<MyErasure> {
  return api.request<MyErasure>('/me/erasure', { method: 'DELETE' });
}

export function pendingErasuresQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['manage', 'privacy', 'erasures'] as const,
    queryFn: ({ signal }) => api.request<PendingErasures>('/manage/privacy/erasures', { signal }),
  });
}
