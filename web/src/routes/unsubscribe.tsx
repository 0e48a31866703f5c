import { createFileRoute } from '@tanstack/react-router';
import { UnsubscribePage } from '../features/reminders/UnsubscribePage';

/** `?token=`: the signed token of a reminder's unsubscribe link (checked by the api, not here). */
function validateUnsubscribeSearch(search: Record<string, unknown>): { token: string } {
  const token = search.token;
  return { token: typeof token === 'string' && token.length <= 512 ? token : '' };
}

/** Public: a reminder e-mail's unsubscribe link, signed in or not. */
export const Route = createFileRoute('/unsubscribe')({
  validateSearch: validateUnsubscribeSearch,
  component: Unsubscribe,
});

function Unsubscribe() {
  const { token } = Route.useSearch();
  return <UnsubscribePage token={token} />;
}
