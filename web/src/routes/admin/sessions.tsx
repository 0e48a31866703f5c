import { createFileRoute } from '@tanstack/react-router';
import { AdminSessionsPage } from '../../features/sessions/AdminSessionsPage';
import { adminSessionsQueryOptions } from '../../features/sessions/queries';

export const Route = createFileRoute('/admin/sessions')({
  loader: ({ context }) => context.queryClient.query(adminSessionsQueryOptions(context.api)),
  component: AdminSessionsPage,
});
