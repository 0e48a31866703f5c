import { createFileRoute } from '@tanstack/react-router';
import { DiplomasPage } from '../../features/admin/DiplomasPage';
import { reviewQueryOptions } from '../../features/admin/diplomas';

export const Route = createFileRoute('/admin/diplomas')({
  loader: ({ context }) =>
    context.queryClient.infiniteQuery({ ...reviewQueryOptions(context.api), staleTime: 0 }),
  component: DiplomasPage,
});
