import { createFileRoute } from '@tanstack/react-router';
import { Dashboard } from '../../features/learner/Dashboard';
import { meQueryOptions } from '../../features/identity/queries';

export const Route = createFileRoute('/_learner/dashboard')({
  loader: ({ context }) => context.queryClient.query({ ...meQueryOptions(context.api), staleTime: 'static' }),
  component: Dashboard,
});
