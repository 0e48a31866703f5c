import { createFileRoute } from '@tanstack/react-router';
import { OperationsPage } from '../../features/operations/OperationsPage';
import { deadLettersQueryOptions } from '../../features/operations/queries';

export const Route = createFileRoute('/admin/operations')({
  loader: ({ context }) =>
    context.queryClient.query({ ...deadLettersQueryOptions(context.api), staleTime: 0 }),
  component: OperationsPage,
});
