import { createFileRoute } from '@tanstack/react-router';
import { CancelPage } from '../../../features/billing/CancelPage';
import { validateReturnSearch } from '../../../features/billing/search';

export const Route = createFileRoute('/_learner/billing/cancel')({
  validateSearch: validateReturnSearch,
  component: Cancel,
});

function Cancel() {
  const { returnTo } = Route.useSearch();
  return <CancelPage returnTo={returnTo} />;
}
