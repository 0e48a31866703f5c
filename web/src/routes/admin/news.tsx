import { createFileRoute } from '@tanstack/react-router';
import { NewsAdminPage } from '../../features/news/NewsAdminPage';
import { adminNewsQueryOptions } from '../../features/news/queries';

export const Route = createFileRoute('/admin/news')({
  loader: ({ context }) =>
    context.queryClient.infiniteQuery({ ...adminNewsQueryOptions(context.api), staleTime: 0 }),
  component: NewsAdminPage,
});
