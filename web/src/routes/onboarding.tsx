import { createFileRoute } from '@tanstack/react-router';
import { requireSignedIn } from '../features/identity/guard';
import { meQueryOptions } from '../features/identity/queries';
import { requireLegalAccepted } from '../features/legal/guard';
import { OnboardingPage } from '../features/learner/OnboardingPage';
import { loadSpaceTexts } from '../i18n';
import { sanitizeReturnTo } from '../features/identity/return-to';

/** The onboarding form after the first sign-in (names, profession, phone); legal documents come first. */
export const Route = createFileRoute('/onboarding')({
  validateSearch: (search: Record<string, unknown>): { returnTo?: string } => {
    const returnTo = sanitizeReturnTo(search.returnTo);
    return returnTo !== undefined && !returnTo.startsWith('/onboarding') ? { returnTo } : {};
  },
  // The learner space's texts are fetched beside the gates.
  beforeLoad: async ({ context, location }) => {
    const gates = async (): Promise<void> => {
      await requireSignedIn(context, location);
      await requireLegalAccepted(context, location);
    };
    await Promise.all([gates(), loadSpaceTexts(context.i18n.lang, 'learner')]);
  },
  loader: ({ context }) => context.queryClient.query({ ...meQueryOptions(context.api), staleTime: 0 }),
  component: OnboardingRoute,
});

function OnboardingRoute() {
  const { returnTo } = Route.useSearch();
  return <OnboardingPage returnTo={returnTo} />;
}
