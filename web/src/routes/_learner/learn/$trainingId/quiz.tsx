import { createFileRoute } from '@tanstack/react-router';
import { QuizPage } from '../../../../features/courses/quiz/QuizPage';
import { contentLanguage, quizStatusQueryOptions, ignoreError } from '../../../../features/courses/queries';

/** `?attempt=<trainingId>.<n>` shows that attempt (its questions while in progress, else its result). */
function validateQuizSearch(search: Record<string, unknown>): { attempt?: string } {
  const attempt = search.attempt;
  return typeof attempt === 'string' && /^[a-z0-9][a-z0-9-]{0,63}\.[1-9]\d{0,3}$/.test(attempt)
    ? { attempt }
    : {};
}

export const Route = createFileRoute('/_learner/learn/$trainingId/quiz')({
  validateSearch: validateQuizSearch,
  loaderDeps: ({ search }) => ({ attempt: search.attempt }),
  loader: ({ context, params, deps }) =>
    deps.attempt
      ? undefined
      : context.queryClient
          .query(quizStatusQueryOptions(context.api, params.trainingId, contentLanguage(context.i18n.lang)))
          .catch(ignoreError),
  component: Quiz,
});

function Quiz() {
  const { trainingId } = Route.useParams();
  const { attempt } = Route.useSearch();
  return <QuizPage key={attempt ?? 'status'} trainingId={trainingId} attemptId={attempt} />;
}
