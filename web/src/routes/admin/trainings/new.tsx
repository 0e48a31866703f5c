import { createFileRoute } from '@tanstack/react-router';
import { NewTrainingPage } from '../../../features/admin/trainings/NewTrainingPage';

export const Route = createFileRoute('/admin/trainings/new')({
  component: NewTrainingPage,
});
