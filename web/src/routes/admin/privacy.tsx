import { createFileRoute } from '@tanstack/react-router';
import { PendingErasuresSection } from '../../features/privacy/PendingErasuresSection';
import { AdminRegisterPage } from '../../features/privacy/RegisterPage';
import { adminRegisterQueryOptions, pendingErasuresQueryOptions } from '../../features/privacy/queries';

export const Route = createFileRoute('/admin/privacy')({
  loader: ({ context }) =>
    Promise.all([
      context.queryClient.query({ ...adminRegisterQueryOptions(context.api), staleTime: 0 }),
      context.queryClient.query({ ...pendingErasuresQueryOptions(context.api), staleTime: 0 }),
    ]),
  component: () => (
    <>
      <AdminRegisterPage />
      <PendingErasuresSection />
    </>
  ),
});
