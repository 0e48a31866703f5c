import { createFileRoute } from '@tanstack/react-router';
import { TrainingDetailPage } from '../../features/courses/catalogue/TrainingDetailPage';
import { contentLanguage, trainingDetailQueryOptions, ignoreError } from '../../features/courses/queries';

export const Route = createFileRoute('/catalogue/$trainingId')({
  loader: ({ context, params }) =>
    context.queryClient
      .query(trainingDetailQueryOptions(context.api, params.trainingId, contentLanguage(context.i18n.lang)))
      .catch(ignoreError),
  component: TrainingDetail,
});

function TrainingDetail() {
  const { trainingId } = Route.useParams();
  return <TrainingDetailPage trainingId={trainingId} />;
}
