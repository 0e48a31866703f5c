import { createFileRoute } from '@tanstack/react-router';
import { validateSuccessSearch } from '../../../features/billing/search';
import { SuccessPage } from '../../../features/billing/SuccessPage';

export const Route = createFileRoute('/_learner/billing/success')({
  validateSearch: validateSuccessSearch,
  component: SuccessRoute,
});

function SuccessRoute() {
  const { session_id, returnTo } = Route.useSearch();
  return <SuccessPage sessionId={session_id} returnTo={returnTo} />;
}
