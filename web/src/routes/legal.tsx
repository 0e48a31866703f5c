import { createFileRoute } from '@tanstack/react-router';
import { requireSignedIn } from '../features/identity/guard';
import { LegalGate } from '../features/legal/LegalGate';
import { legalStatusQueryOptions } from '../features/legal/queries';
import { validateLegalSearch } from '../features/legal/search';

/** Legal documents to accept (terms, privacy): any signed-in user, whatever the role. */
export const Route = createFileRoute('/legal')({
  validateSearch: validateLegalSearch,
  beforeLoad: ({ context, location }) => requireSignedIn(context, location),
  loader: ({ context }) =>
    context.queryClient.query({ ...legalStatusQueryOptions(context.api), staleTime: 0 }),
  component: LegalRoute,
});

function LegalRoute() {
  const { returnTo } = Route.useSearch();
  return <LegalGate returnTo={returnTo} />;
}
