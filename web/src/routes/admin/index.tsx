import { createFileRoute } from '@tanstack/react-router';
import { UsersPage } from '../../features/admin/UsersPage';
import { usersQueryOptions } from '../../features/admin/queries';
import { validateUsersSearch } from '../../features/admin/search';

export const Route = createFileRoute('/admin/')({
  validateSearch: validateUsersSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    context.queryClient.infiniteQuery({ ...usersQueryOptions(context.api, deps), staleTime: 'static' }),
  component: AdminUsers,
});

function AdminUsers() {
  const search = Route.useSearch();
  return <UsersPage key={JSON.stringify(search)} search={search} />;
}
