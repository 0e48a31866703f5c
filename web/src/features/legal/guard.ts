import { redirect } from '@tanstack/react-router';
import type { RouterContext } from '../../router-context';
import type { GuardLocation } from '../identity/guard';
import { legalStatusQueryOptions, pendingDocuments } from './queries';

/** Sends the user to the legal page (then back here) while they have documents to accept. */
export async function requireLegalAccepted(
  context: Pick<RouterContext, 'queryClient' | 'api'>,
  location: GuardLocation,
): Promise<void> {
  const status = await context.queryClient.query({
    ...legalStatusQueryOptions(context.api),
    staleTime: 'static',
  });
  if (pendingDocuments(status).length > 0) {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router redirects are thrown
    throw redirect({ to: '/legal', search: { returnTo: location.href } });
  }
}

/**
 * Starts the status request of a signed-in user at once, beside the profile's, so the learner gates do not wait for
 * one round trip after the other (`requireLegalAccepted` then reuses it). Never rejects.
 */
export function prefetchLegalStatus(context: Pick<RouterContext, 'auth' | 'queryClient' | 'api'>): void {
  if (!context.auth.isSignedIn()) return;
  context.queryClient
    .query({ ...legalStatusQueryOptions(context.api), staleTime: 'static' })
    .catch(() => undefined);
}
