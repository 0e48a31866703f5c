import { createFileRoute } from '@tanstack/react-router';
import { LearnerSessionsPage } from '../../features/sessions/LearnerSessionsPage';
import { learnerSessionsQueryOptions } from '../../features/sessions/queries';

export const Route = createFileRoute('/_learner/sessions')({
  loader: ({ context }) => context.queryClient.query(learnerSessionsQueryOptions(context.api)),
  component: LearnerSessionsPage,
});
