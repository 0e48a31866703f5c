import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { ErrorState, Loading, useDocumentTitle } from '../../ui';
import { exportDownload } from './queries';
import './privacy.css';

/**
 * Where the export e-mail's link lands (behind sign-in): the api checks that the export is the caller's and still
 * within its 24 hours, and answers a read-only link of a few minutes, which starts the download.
 */
export function ExportDownloadPage({ exportId }: { readonly exportId: string }): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  useDocumentTitle(t('privacy.download.documentTitle'));
  const link = useQuery({
    queryKey: ['me', 'exports', exportId, 'download'],
    queryFn: () => exportDownload(api, exportId),
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
  useEffect(() => {
    if (link.data) window.location.assign(link.data.url);
  }, [link.data]);

  let body: ReactNode;
  if (link.isPending) body = <Loading label={t('privacy.download.preparing')} />;
  else if (link.isError) {
    const expired = isApiError(link.error, 'export_expired');
    body = (
      <ErrorState title={t(expired ? 'privacy.download.expiredTitle' : 'privacy.download.errorTitle')}>
        <p>{expired ? t('privacy.export.expired') : problemMessage(t, link.error)}</p>
        <p>
          <Link to="/profile">{t('privacy.download.backToProfile')}</Link>
        </p>
      </ErrorState>
    );
  } else {
    body = (
      <p>
        {t('privacy.download.started')}{' '}
        <a href={link.data.url} download>
          {t('privacy.download.again')}
        </a>
      </p>
    );
  }
  return (
    <>
      <header className="page-header">
        <h1>{t('privacy.download.title')}</h1>
      </header>
      {body}
    </>
  );
}
