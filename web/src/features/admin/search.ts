// Search params of the users page, with the rules of the api's `userListQuerySchema`: q trimmed, at most 100
// characters; role, status, profession and subscription from their lists. A plain function: route search
// validation runs in the initial bundle, which must stay free of zod.
import type { Profession, Role, SubscriptionStatus, UserStatus } from '@soins/shared';

export const USER_ROLES = ['learner', 'trainer', 'admin'] as const satisfies readonly Role[];
export const USER_STATUSES = ['active', 'disabled'] as const satisfies readonly UserStatus[];
export const USER_PROFESSIONS = ['nurse', 'midwife', 'other'] as const satisfies readonly Profession[];
export const USER_SUBSCRIPTIONS = [
  'none',
  'active',
  'trialing',
  'past_due',
  'canceled',
  'incomplete',
  'unpaid',
] as const satisfies readonly SubscriptionStatus[];

export interface UsersSearch {
  readonly q?: string;
  readonly role?: Role;
  readonly status?: UserStatus;
  readonly profession?: Profession;
  readonly subscription?: SubscriptionStatus;
}

export const MAX_QUERY_LENGTH = 100;

function oneOf<T extends string>(values: readonly T[], raw: unknown): T | undefined {
  return typeof raw === 'string' && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** Keeps the valid params and drops the others (a bad link shows the unfiltered list, never an error). */
export function validateUsersSearch(search: Record<string, unknown>): UsersSearch {
  const raw = typeof search.q === 'number' ? String(search.q) : search.q;
  const q = typeof raw === 'string' ? raw.trim().slice(0, MAX_QUERY_LENGTH) : '';
  const role = oneOf(USER_ROLES, search.role);
  const status = oneOf(USER_STATUSES, search.status);
  const profession = oneOf(USER_PROFESSIONS, search.profession);
  const subscription = oneOf(USER_SUBSCRIPTIONS, search.subscription);
  return {
    ...(q ? { q } : {}),
    ...(role ? { role } : {}),
    ...(status ? { status } : {}),
    ...(profession ? { profession } : {}),
    ...(subscription ? { subscription } : {}),
  };
}

/** Whether any filter besides the text search is set. */
export function hasFilters(search: UsersSearch): boolean {
  return Boolean(search.role ?? search.status ?? search.profession ?? search.subscription);
}
