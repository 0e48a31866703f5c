// Search params of the users page (same rules as `userListQuerySchema.q`: trimmed, at most 100 characters). A plain
// function: route search validation runs in the initial bundle, which must stay free of zod.
export interface UsersSearch {
  readonly q?: string;
}

export const MAX_QUERY_LENGTH = 100;

export function validateUsersSearch(search: Record<string, unknown>): UsersSearch {
  const raw = typeof search.q === 'number' ? String(search.q) : search.q;
  if (typeof raw !== 'string') return {};
  const q = raw.trim().slice(0, MAX_QUERY_LENGTH);
  return q ? { q } : {};
}
