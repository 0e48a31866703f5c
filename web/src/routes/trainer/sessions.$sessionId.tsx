import { createFileRoute } from '@tanstack/react-router';
import { SheetPage } from '../../features/trainer/SheetPage';
import { sheetQueryOptions } from '../../features/trainer/queries';

export const Route = createFileRoute('/trainer/sessions/$sessionId')({
  loader: ({ context, params }) =>
    context.queryClient.query({ ...sheetQueryOptions(context.api, params.sessionId), staleTime: 'static' }),
  component: Sheet,
});

function Sheet() {
  const { sessionId } = Route.useParams();
  return <SheetPage sessionId={sessionId} />;
}
