import { createFileRoute } from '@tanstack/react-router';
import { TrainingsPage } from '../../../features/admin/trainings/TrainingsPage';
import { trainingsQueryOptions } from '../../../features/admin/trainings/queries';
import { validateTrainingsSearch } from '../../../features/admin/trainings/search';

export const Route = createFileRoute('/admin/trainings/')({
  validateSearch: validateTrainingsSearch,
  loader: ({ context }) => context.queryClient.query({ ...trainingsQueryOptions(context.api), staleTime: 0 }),
  component: AdminTrainings,
});

function AdminTrainings() {
  const search = Route.useSearch();
  return <TrainingsPage key={`${search.q ?? ''}|${search.status ?? ''}`} search={search} />;
}
