import { createFileRoute } from '@tanstack/react-router';
import { AdminRegisterPage } from '../../features/privacy/RegisterPage';
import { adminRegisterQueryOptions } from '../../features/privacy/queries';

export const Route = createFileRoute('/admin/privacy')({
  loader: ({ context }) =>
    context.queryClient.query({ ...adminRegisterQueryOptions(context.api), staleTime: 0 }),
  component: AdminRegisterPage,
});
