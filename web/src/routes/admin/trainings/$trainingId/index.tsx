import { createFileRoute } from '@tanstack/react-router';
import { TrainingEditorPage } from '../../../../features/admin/trainings/TrainingEditorPage';
import { trainingQueryOptions } from '../../../../features/admin/trainings/queries';

export const Route = createFileRoute('/admin/trainings/$trainingId/')({
  // Always the stored version: edits are made against its ETag.
  loader: ({ context, params }) =>
    context.queryClient.query({ ...trainingQueryOptions(context.api, params.trainingId), staleTime: 0 }),
  component: TrainingEditor,
});

function TrainingEditor() {
  const { trainingId } = Route.useParams();
  return <TrainingEditorPage key={trainingId} trainingId={trainingId} />;
}
