// Legal documents: the user's acceptance status (`GET /api/me/legal`: current versions with their fr/nl content and
// the ones still to accept), acceptance, and the admin's versions and publication.
import type { LegalContent, LegalDocument, LegalDocumentType, LegalStatus } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const legalStatusQueryKey = ['me', 'legal'] as const;

export function legalStatusQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: legalStatusQueryKey,
    queryFn: ({ signal }) => api.request<LegalStatus>('/me/legal', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function acceptLegal(api: ApiClient, type: LegalDocumentType, version: number): Promise<unknown> {
  return api.request('/me/legal/acceptances', { method: 'POST', body: { type, version } });
}

const ORDER: readonly LegalDocumentType[] = ['terms', 'privacy'];

/** The current documents the user still has to accept, in a stable order (terms, then privacy). */
export function pendingDocuments(status: LegalStatus): LegalDocument[] {
  return status.current
    .filter((doc) => status.pending.some((p) => p.type === doc.type && p.version === doc.version))
    .sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
}

/** The document's text in the user's language; French when it is not available in that language. */
export function localizedContent(content: LegalContent, lang: string): LegalContent['fr'] {
  return lang === 'nl' ? content.nl : content.fr;
}

/** Body text split into paragraphs on blank lines (rendered as text, never as HTML). */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The legal documents an admin versions, in the order the page shows them. */
export const LEGAL_TYPES: readonly LegalDocumentType[] = ['terms', 'privacy'];

export const adminLegalVersionsKey = (type: LegalDocumentType) => ['admin', 'legal', type] as const;

export function adminLegalVersionsQueryOptions(api: ApiClient, type: LegalDocumentType) {
  return queryOptions({
    queryKey: adminLegalVersionsKey(type),
    queryFn: ({ signal }) =>
      api.request<{ items: LegalDocument[] }>(`/manage/legal/${type}/versions`, { signal }),
  });
}

/** `basedOn`: the version the draft started from (0: none published); a newer one meanwhile is a 412. */
export function publishLegalVersion(
  api: ApiClient,
  type: LegalDocumentType,
  content: LegalContent,
  basedOn: number,
): Promise<LegalDocument> {
  return api.request<LegalDocument>(`/manage/legal/${type}/versions`, {
    method: 'POST',
    body: { content, basedOn },
  });
}
