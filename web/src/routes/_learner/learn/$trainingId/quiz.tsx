import { createFileRoute } from '@tanstack/react-router';
import { QuizPage } from '../../../../features/courses/quiz/QuizPage';
import { askQuizPage } from '../../../../features/courses/queries';

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
  // The training's title (the page's eyebrow) comes with the status: fetched by the page alone, it appeared after
  // the first paint and pushed the page down (a layout shift).
  loader: ({ context, params, deps }) => askQuizPage(context, params.trainingId, deps.attempt),
  component: Quiz,
});

function Quiz() {
  const { trainingId } = Route.useParams();
  const { attempt } = Route.useSearch();
  return <QuizPage key={attempt ?? 'status'} trainingId={trainingId} attemptId={attempt} />;
}
