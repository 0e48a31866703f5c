import { createFileRoute } from '@tanstack/react-router';
import { LegalDocumentPage } from '../features/privacy/LegalDocumentPage';
import { validateVersionSearch } from '../features/privacy/search';

/** Public: the privacy policy, current or an earlier version (`?version=N`), signed in or not. */
export const Route = createFileRoute('/privacy')({
  validateSearch: validateVersionSearch,
  component: Privacy,
});

function Privacy() {
  const { version } = Route.useSearch();
  return <LegalDocumentPage type="privacy" version={version} />;
}
