import { createFileRoute } from '@tanstack/react-router';
import { CertificatesPage } from '../../features/courses/certificates/CertificatesPage';
import { certificatesQueryOptions, hoursQueryOptions, ignoreError } from '../../features/courses/queries';

/** `?awaiting=<trainingId>`: the quiz was just passed; the page looks for that certificate until it appears. */
function validateCertificatesSearch(search: Record<string, unknown>): { awaiting?: string } {
  const awaiting = search.awaiting;
  return typeof awaiting === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(awaiting) ? { awaiting } : {};
}

export const Route = createFileRoute('/_learner/certificates')({
  validateSearch: validateCertificatesSearch,
  loader: ({ context }) =>
    Promise.all([
      context.queryClient.query(certificatesQueryOptions(context.api)).catch(ignoreError),
      context.queryClient.query(hoursQueryOptions(context.api)).catch(ignoreError),
    ]),
  component: Certificates,
});

function Certificates() {
  const { awaiting } = Route.useSearch();
  return <CertificatesPage awaiting={awaiting} />;
}
