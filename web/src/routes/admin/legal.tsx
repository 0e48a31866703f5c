import { createFileRoute } from '@tanstack/react-router';
import { LegalVersionsPage } from '../../features/admin/LegalVersionsPage';
import { adminLegalVersionsQueryOptions, LEGAL_TYPES } from '../../features/legal/queries';

export const Route = createFileRoute('/admin/legal')({
  loader: ({ context }) =>
    Promise.all(
      LEGAL_TYPES.map((type) =>
        context.queryClient.query({ ...adminLegalVersionsQueryOptions(context.api, type), staleTime: 0 }),
      ),
    ),
  component: LegalVersionsPage,
});
