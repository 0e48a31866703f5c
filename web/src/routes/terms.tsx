import { createFileRoute } from '@tanstack/react-router';
import { LegalDocumentPage } from '../features/privacy/LegalDocumentPage';
import { validateVersionSearch } from '../features/privacy/search';

/** Public: the terms of use, current or an earlier version (`?version=N`), signed in or not. */
export const Route = createFileRoute('/terms')({
  validateSearch: validateVersionSearch,
  component: Terms,
});

function Terms() {
  const { version } = Route.useSearch();
  return <LegalDocumentPage type="terms" version={version} />;
}
