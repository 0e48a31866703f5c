import { createFileRoute } from '@tanstack/react-router';
import { ReportingPage } from '../../features/admin/reporting/ReportingPage';
import { exportsQueryOptions } from '../../features/admin/reporting/queries';
import { trainingsQueryOptions } from '../../features/admin/trainings/queries';

export const Route = createFileRoute('/admin/reporting')({
  loader: ({ context }) =>
    Promise.all([
      context.queryClient.query({ ...exportsQueryOptions(context.api), staleTime: 0 }),
      context.queryClient.query({ ...trainingsQueryOptions(context.api), staleTime: 0 }),
    ]),
  component: ReportingPage,
});
