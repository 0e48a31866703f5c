// The guard every space's layout runs in `beforeLoad`: signed out -> the sign-in step (which returns to the
// requested page); signed in without the role -> ForbiddenError, rendered as the 403 page at the same address.
import type { Profile } from '@soins/shared';
import { redirect } from '@tanstack/react-router';
import type { RouterContext } from '../../router-context';
import { canEnter, ForbiddenError, homeSpace, type Space } from './access';
import { AuthUnavailableError } from './auth';
import { meQueryOptions } from './queries';

export interface GuardLocation {
  /** Path, search and hash of the page being opened. */
  readonly href: string;
}

/** Signed in (any role): the profile; signed out -> the sign-in step, which returns to the requested page. */
export async function requireSignedIn(
  context: Pick<RouterContext, 'auth' | 'queryClient' | 'api'>,
  location: GuardLocation,
): Promise<{ readonly profile: Profile }> {
  await context.auth.ready();
  if (context.auth.status() === 'unavailable') throw new AuthUnavailableError(null);
  if (!context.auth.isSignedIn()) {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router redirects are thrown
    throw redirect({ to: '/auth/sign-in', search: { returnTo: location.href } });
  }
  const profile = await context.queryClient.query({ ...meQueryOptions(context.api), staleTime: 'static' });
  return { profile };
}

export async function requireSpace(
  context: Pick<RouterContext, 'auth' | 'queryClient' | 'api'>,
  location: GuardLocation,
  space: Space,
): Promise<{ readonly profile: Profile }> {
  const { profile } = await requireSignedIn(context, location);
  if (!canEnter(profile.roles, space)) throw new ForbiddenError(space, homeSpace(profile));
  return { profile };
}

/**
 * Public pages (the catalogue and its trainings): a visitor passes as is, without loading MSAL when this tab holds
 * no session; a signed-in user is known (the profile), and a learner still goes through her space's gates (legal
 * documents, onboarding) so she never acts before them.
 */
export async function allowVisitors(
  context: Pick<RouterContext, 'auth' | 'queryClient' | 'api'>,
  location: GuardLocation,
  learnerGates: (location: GuardLocation) => Promise<void>,
): Promise<{ readonly profile: Profile | undefined }> {
  if (context.auth.status() === 'loading') await context.auth.ready();
  if (!context.auth.isSignedIn()) return { profile: undefined };
  const profile = await context.queryClient.query({ ...meQueryOptions(context.api), staleTime: 'static' });
  if (canEnter(profile.roles, 'learner')) await learnerGates(location);
  return { profile };
}
