import { createFileRoute } from '@tanstack/react-router';
import { CataloguePage } from '../../features/courses/catalogue/CataloguePage';
import { validateCatalogueSearch } from '../../features/courses/catalogue/search';
import { askCataloguePage } from '../../features/courses/queries';

export const Route = createFileRoute('/catalogue/')({
  validateSearch: validateCatalogueSearch,
  loaderDeps: ({ search }) => search,
  // Prefetch only: the page shows its own loading, empty and error states.
  loader: ({ context, deps }) => askCataloguePage(context, deps),
  component: Catalogue,
});

function Catalogue() {
  return <CataloguePage search={Route.useSearch()} />;
}
