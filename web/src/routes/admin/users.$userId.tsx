import { createFileRoute } from '@tanstack/react-router';
import { UserRecordPage } from '../../features/admin/UserRecordPage';
import { recordQueryOptions } from '../../features/admin/people';

export const Route = createFileRoute('/admin/users/$userId')({
  loader: ({ context, params }) =>
    context.queryClient.query({ ...recordQueryOptions(context.api, params.userId), staleTime: 0 }),
  component: UserRecord,
});

function UserRecord() {
  const { userId } = Route.useParams();
  return <UserRecordPage key={userId} userId={userId} />;
}
