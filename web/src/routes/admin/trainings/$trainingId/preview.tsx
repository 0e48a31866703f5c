import { createFileRoute } from '@tanstack/react-router';
import { PreviewPage } from '../../../../features/admin/trainings/PreviewPage';
import { trainingQueryOptions } from '../../../../features/admin/trainings/queries';

export const Route = createFileRoute('/admin/trainings/$trainingId/preview')({
  loader: ({ context, params }) =>
    context.queryClient.query({ ...trainingQueryOptions(context.api, params.trainingId), staleTime: 0 }),
  component: Preview,
});

function Preview() {
  const { trainingId } = Route.useParams();
  return <PreviewPage key={trainingId} trainingId={trainingId} />;
}
