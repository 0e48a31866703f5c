import { createFileRoute } from '@tanstack/react-router';
import { requireSignedIn } from '../features/identity/guard';
import { LegalGate } from '../features/legal/LegalGate';
import { legalStatusQueryOptions } from '../features/legal/queries';
import { validateLegalSearch } from '../features/legal/search';
import { loadSpaceTexts } from '../i18n';

/** Legal documents to accept (terms, privacy): any signed-in user, whatever the role. */
export const Route = createFileRoute('/legal')({
  validateSearch: validateLegalSearch,
  // The learner space's texts are fetched beside the sign-in check.
  beforeLoad: async ({ context, location }) => {
    const [signedIn] = await Promise.all([
      requireSignedIn(context, location),
      loadSpaceTexts(context.i18n.lang, 'learner'),
    ]);
    return signedIn;
  },
  loader: ({ context }) =>
    context.queryClient.query({ ...legalStatusQueryOptions(context.api), staleTime: 0 }),
  component: LegalRoute,
});

function LegalRoute() {
  const { returnTo } = Route.useSearch();
  return <LegalGate returnTo={returnTo} />;
}
