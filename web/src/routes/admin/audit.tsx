import { createFileRoute } from '@tanstack/react-router';
import { AuditPage } from '../../features/admin/AuditPage';
import { auditQueryOptions } from '../../features/admin/audit';
import { validateAuditSearch } from '../../features/admin/audit-search';

export const Route = createFileRoute('/admin/audit')({
  validateSearch: validateAuditSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    context.queryClient.infiniteQuery({ ...auditQueryOptions(context.api, deps), staleTime: 0 }),
  component: Audit,
});

function Audit() {
  const search = Route.useSearch();
  return <AuditPage key={JSON.stringify(search)} search={search} />;
}
