import { createFileRoute } from '@tanstack/react-router';
import { AdminSessionsPage, adminSessionsQueryOptions } from '../../features/sessions/AdminSessionsPage';

export const Route = createFileRoute('/admin/sessions')({
  loader: ({ context }) => context.queryClient.query(adminSessionsQueryOptions(context.api)),
  component: AdminSessionsPage,
});
