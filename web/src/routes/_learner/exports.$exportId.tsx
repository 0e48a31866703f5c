import { createFileRoute } from '@tanstack/react-router';
import { ExportDownloadPage } from '../../features/privacy/ExportDownloadPage';

/** The export e-mail's link: starts the download of the learner's own archive while it is valid. */
export const Route = createFileRoute('/_learner/exports/$exportId')({
  component: ExportDownload,
});

function ExportDownload() {
  const { exportId } = Route.useParams();
  return <ExportDownloadPage exportId={exportId} />;
}
