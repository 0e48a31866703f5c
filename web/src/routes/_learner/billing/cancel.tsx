import { createFileRoute } from '@tanstack/react-router';
import { CancelPage } from '../../../features/billing/CancelPage';

export const Route = createFileRoute('/_learner/billing/cancel')({
  component: CancelPage,
});
