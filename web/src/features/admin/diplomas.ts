// Admin review of diplomas: the list waiting for a decision, a short-lived read link, approve / reject.
import type { Diploma, DiplomaDecision, DiplomaReviewList } from '@soins/shared';
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const reviewQueryKey = ['admin', 'diplomas', 'pending_review'] as const;

export function reviewQueryOptions(api: ApiClient) {
  return infiniteQueryOptions({
    queryKey: reviewQueryKey,
    queryFn: ({ pageParam, signal }) =>
      api.request<DiplomaReviewList>('/manage/diplomas', {
        query: { status: 'pending_review', continuationToken: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
  });
}

const diplomaPath = (d: Pick<Diploma, 'userId' | 'id'>): string =>
  `/manage/diplomas/${encodeURIComponent(d.userId)}/${encodeURIComponent(d.id)}`;

export function diplomaLink(
  api: ApiClient,
  diploma: Pick<Diploma, 'userId' | 'id'>,
): Promise<{ url: string; expiresAt: string }> {
  return api.request(`${diplomaPath(diploma)}/link`, { method: 'POST' });
}

export function decideDiploma(
  api: ApiClient,
  diploma: Pick<Diploma, 'userId' | 'id'>,
  decision: DiplomaDecision,
): Promise<{ diploma: Diploma }> {
  return api.request(`${diplomaPath(diploma)}/decision`, { method: 'POST', body: decision });
}

export const REJECTION_REASON_MIN = 3;
export const REJECTION_REASON_MAX = 500;

/** Problem with a rejection reason (the api requires 3 to 500 characters once trimmed), or null. */
export function rejectionReasonProblem(reason: string): 'short' | 'long' | null {
  const trimmed = reason.trim();
  if (trimmed.length < REJECTION_REASON_MIN) return 'short';
  if (trimmed.length > REJECTION_REASON_MAX) return 'long';
  return null;
}

/** Only https links from the api are opened (defence in depth against a tampered answer). */
export function isSafeLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLocalHost(parsed.hostname));
  } catch {
    return false;
  }
}

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1';
}
