import { createFileRoute } from '@tanstack/react-router';
import { TrainingDetailPage } from '../../features/courses/catalogue/TrainingDetailPage';
import { askTrainingPage } from '../../features/courses/queries';

export const Route = createFileRoute('/catalogue/$trainingId')({
  loader: ({ context, params }) => askTrainingPage(context, params.trainingId),
  component: TrainingDetail,
});

function TrainingDetail() {
  const { trainingId } = Route.useParams();
  return <TrainingDetailPage trainingId={trainingId} />;
}
