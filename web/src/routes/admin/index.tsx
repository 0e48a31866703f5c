import { createFileRoute } from '@tanstack/react-router';
import { UsersPage } from '../../features/admin/UsersPage';
import { usersQueryOptions } from '../../features/admin/queries';
import { validateUsersSearch } from '../../features/admin/search';

export const Route = createFileRoute('/admin/')({
  validateSearch: validateUsersSearch,
  loaderDeps: ({ search }) => ({ q: search.q }),
  loader: ({ context, deps }) =>
    context.queryClient.infiniteQuery({ ...usersQueryOptions(context.api, deps.q), staleTime: 'static' }),
  component: AdminUsers,
});

function AdminUsers() {
  const { q } = Route.useSearch();
  return <UsersPage key={q ?? ''} q={q} />;
}
