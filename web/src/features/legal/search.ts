import { sanitizeReturnTo } from '../identity/return-to';

export interface LegalSearch {
  readonly returnTo?: string;
}

/** `?returnTo=` of the legal page: a same-origin path only (never the legal page itself). */
export function validateLegalSearch(search: Record<string, unknown>): LegalSearch {
  const returnTo = sanitizeReturnTo(search.returnTo);
  return returnTo !== undefined && !returnTo.startsWith('/legal') ? { returnTo } : {};
}
