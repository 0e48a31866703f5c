import { redirect } from '@tanstack/react-router';
import type { RouterContext } from '../../router-context';
import type { GuardLocation } from '../identity/guard';
import { meQueryOptions } from '../identity/queries';

/** Sends a learner who has not filled in the onboarding form there first, then back to the requested page. */
export async function requireProfileComplete(
  context: Pick<RouterContext, 'queryClient' | 'api'>,
  location: GuardLocation,
): Promise<void> {
  const profile = await context.queryClient.query({ ...meQueryOptions(context.api), staleTime: 'static' });
  if (!profile.profileComplete) {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router redirects are thrown
    throw redirect({ to: '/onboarding', search: { returnTo: location.href } });
  }
}
