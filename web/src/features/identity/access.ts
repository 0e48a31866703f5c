// Who may enter which space. Roles come only from the api's profile (`GET /api/me`), never from the token.
import type { Profile, Role } from '@soins/shared';

export const SPACES = ['learner', 'trainer', 'admin'] as const;
export type Space = (typeof SPACES)[number];

/** Roles that open each space; admins also see the trainer space (the api lets them call trainer routes). */
const ALLOWED: Readonly<Record<Space, readonly Role[]>> = {
  learner: ['learner'],
  trainer: ['trainer', 'admin'],
  admin: ['admin'],
};

export const SPACE_HOME: Readonly<Record<Space, '/dashboard' | '/trainer' | '/admin'>> = {
  learner: '/dashboard',
  trainer: '/trainer',
  admin: '/admin',
};

export function canEnter(roles: readonly Role[], space: Space): boolean {
  return ALLOWED[space].some((role) => roles.includes(role));
}

/** The user's own space: admin first, then trainer, else learner. */
export function homeSpace(profile: Pick<Profile, 'roles'>): Space {
  if (profile.roles.includes('admin')) return 'admin';
  if (profile.roles.includes('trainer')) return 'trainer';
  return 'learner';
}

export function homePath(profile: Pick<Profile, 'roles'>): string {
  return SPACE_HOME[homeSpace(profile)];
}

/** The space a path belongs to, if any (used to decide where a returning user may land). */
export function spaceOfPath(pathname: string): Space | undefined {
  const first = pathname.split(/[/?#]/)[1] ?? '';
  if (first === 'admin') return 'admin';
  if (first === 'trainer') return 'trainer';
  if (first === 'dashboard') return 'learner';
  return undefined;
}

/** Thrown by a space's guard when the signed-in user's roles do not open it; rendered as the 403 page. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  constructor(
    readonly space: Space,
    readonly home: Space,
  ) {
    super(`forbidden: ${space}`);
  }
}

export function isForbiddenError(error: unknown): error is ForbiddenError {
  return error instanceof ForbiddenError;
}
