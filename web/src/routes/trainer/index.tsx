import { createFileRoute } from '@tanstack/react-router';
import { SessionsPage } from '../../features/trainer/SessionsPage';
import { trainerSessionsQueryOptions } from '../../features/trainer/queries';

export const Route = createFileRoute('/trainer/')({
  loader: ({ context }) =>
    context.queryClient.query({ ...trainerSessionsQueryOptions(context.api), staleTime: 'static' }),
  component: SessionsPage,
});
