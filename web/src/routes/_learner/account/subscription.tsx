import { createFileRoute } from '@tanstack/react-router';
import { subscriptionQueryOptions } from '../../../features/billing/queries';
import { SubscriptionPage } from '../../../features/billing/SubscriptionPage';

export const Route = createFileRoute('/_learner/account/subscription')({
  loader: ({ context }) =>
    context.queryClient.query({ ...subscriptionQueryOptions(context.api), staleTime: 0 }),
  component: SubscriptionPage,
});
