import { createFileRoute } from '@tanstack/react-router';
import { validateReturnSearch } from '../../../features/billing/search';
import { subscriptionQueryOptions } from '../../../features/billing/queries';
import { SubscriptionPage } from '../../../features/billing/SubscriptionPage';

export const Route = createFileRoute('/_learner/account/subscription')({
  validateSearch: validateReturnSearch,
  loader: ({ context }) =>
    context.queryClient.query({ ...subscriptionQueryOptions(context.api), staleTime: 0 }),
  component: Subscription,
});

function Subscription() {
  const { returnTo } = Route.useSearch();
  return <SubscriptionPage returnTo={returnTo} />;
}
