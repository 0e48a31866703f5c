import { createFileRoute } from '@tanstack/react-router';
import { QuizEditorPage } from '../../../../features/admin/trainings/QuizEditorPage';
import { bankQueryOptions, trainingQueryOptions } from '../../../../features/admin/trainings/queries';

export const Route = createFileRoute('/admin/trainings/$trainingId/quiz')({
  loader: ({ context, params }) =>
    Promise.all([
      context.queryClient.query({
        ...trainingQueryOptions(context.api, params.trainingId),
        staleTime: 0,
      }),
      context.queryClient.query({ ...bankQueryOptions(context.api, params.trainingId), staleTime: 0 }),
    ]),
  component: QuizEditor,
});

function QuizEditor() {
  const { trainingId } = Route.useParams();
  return <QuizEditorPage key={trainingId} trainingId={trainingId} />;
}
