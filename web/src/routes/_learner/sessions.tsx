import { createFileRoute } from '@tanstack/react-router';
import {
  LearnerSessionsPage,
  learnerSessionsQueryOptions,
} from '../../features/sessions/LearnerSessionsPage';

export const Route = createFileRoute('/_learner/sessions')({
  loader: ({ context }) => context.queryClient.query(learnerSessionsQueryOptions(context.api)),
  component: LearnerSessionsPage,
});
