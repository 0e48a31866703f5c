import { createFileRoute } from '@tanstack/react-router';
import { meQueryOptions } from '../../features/identity/queries';
import { ProfilePage } from '../../features/learner/ProfilePage';
import { diplomaQueryOptions, inamiQueryOptions } from '../../features/learner/queries';
import {
  myAcceptancesQueryOptions,
  myErasureQueryOptions,
  myExportsQueryOptions,
} from '../../features/privacy/queries';
import { myRemindersQueryOptions } from '../../features/reminders/queries';

export const Route = createFileRoute('/_learner/profile')({
  loader: ({ context }) =>
    Promise.all([
      context.queryClient.query({ ...meQueryOptions(context.api), staleTime: 'static' }),
      context.queryClient.query({ ...inamiQueryOptions(context.api), staleTime: 0 }),
      context.queryClient.query({ ...diplomaQueryOptions(context.api), staleTime: 0 }),
      context.queryClient.query({ ...myAcceptancesQueryOptions(context.api), staleTime: 0 }),
      context.queryClient.query({ ...myExportsQueryOptions(context.api), staleTime: 0 }),
      context.queryClient.query({ ...myErasureQueryOptions(context.api), staleTime: 0 }),
      context.queryClient.query({ ...myRemindersQueryOptions(context.api), staleTime: 0 }),
    ]),
  component: ProfilePage,
});
