import { createFileRoute } from '@tanstack/react-router';
import { PlayerPage } from '../../../../features/courses/player/PlayerPage';
import { askPlayerPage } from '../../../../features/courses/queries';

/** `?chapter=<id>` picks the chapter (any other value is ignored). */
function validatePlayerSearch(search: Record<string, unknown>): { chapter?: string } {
  const chapter = search.chapter;
  return typeof chapter === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(chapter) ? { chapter } : {};
}

export const Route = createFileRoute('/_learner/learn/$trainingId/')({
  validateSearch: validatePlayerSearch,
  loader: ({ context, params }) => askPlayerPage(context, params.trainingId),
  component: Player,
});

function Player() {
  const { trainingId } = Route.useParams();
  const { chapter } = Route.useSearch();
  return <PlayerPage trainingId={trainingId} chapterId={chapter} />;
}
