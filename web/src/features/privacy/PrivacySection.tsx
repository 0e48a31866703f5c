import type { DataExport, ExportStatus } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type MessageKey } from '../../i18n';
import { Badge, Button, type BadgeTone } from '../../ui';
import { formatDateTime } from '../identity/format';
import {
  exportDownload,
  legalPagePath,
  myAcceptancesQueryOptions,
  myExportsQueryKey,
  myExportsQueryOptions,
  requestExport,
} from './queries';
import './privacy.css';
import { numberFormat } from '../../i18n/intl';

const STATUS: Readonly<Record<ExportStatus, { label: MessageKey; tone: BadgeTone }>> = {
  queued: { label: 'privacy.export.status.queued', tone: 'neutral' },
  running: { label: 'privacy.export.status.running', tone: 'neutral' },
  ready: { label: 'privacy.export.status.ready', tone: 'brand' },
  failed: { label: 'privacy.export.status.failed', tone: 'danger' },
  expired: { label: 'privacy.export.status.expired', tone: 'neutral' },
};

/** The legal documents the user accepted, with the version and the time, each linking to that version. */
export function AcceptancesSection(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const { items } = useSuspenseQuery(myAcceptancesQueryOptions(api)).data;
  return (
    <section className="card" aria-labelledby="acceptances-title">
      <h2 id="acceptances-title">{t('privacy.acceptances.title')}</h2>
      {items.length === 0 ? (
        <p>{t('privacy.acceptances.none')}</p>
      ) : (
        <ul className="privacy__exports">
          {items.map((item) => (
            <li key={`${item.type}:${String(item.version)}`}>
              <Link to={legalPagePath[item.type]} search={{ version: item.version }}>
                {t(item.type === 'terms' ? 'legalPage.terms' : 'legalPage.privacy')},{' '}
                {t('privacy.acceptances.version', { version: item.version })}
              </Link>{' '}
              <span className="privacy__muted">
                {t('privacy.acceptances.acceptedAt', { date: formatDateTime(item.acceptedAt, lang) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ExportItem({ item }: { readonly item: DataExport }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const download = useMutation({
    mutationFn: () => exportDownload(api, item.exportId),
    onSuccess: (link) => {
      window.location.assign(link.url);
    },
  });
  const view = STATUS[item.status];
  const percent =
    item.progress && item.progress.total > 0
      ? Math.round((item.progress.done / item.progress.total) * 100)
      : 0;
  return (
    <li>
      <p>
        <Badge tone={view.tone}>{t(view.label)}</Badge>{' '}
        <span className="privacy__muted">
          {t('privacy.export.requestedAt', { date: formatDateTime(item.requestedAt, lang) })}
        </span>
      </p>
      {item.status === 'queued' || item.status === 'running' ? (
        <progress
          className="privacy__progress"
          max={100}
          value={percent}
          aria-label={t('privacy.export.progress')}
        >
          {percent} %
        </progress>
      ) : null}
      {item.status === 'ready' && item.expiresAt ? (
        <div className="cluster">
          <Button
            busy={download.isPending}
            onClick={() => {
              download.mutate();
            }}
          >
            {t('privacy.export.download')}
          </Button>
          <span className="privacy__muted">
            {t('privacy.export.until', { date: formatDateTime(item.expiresAt, lang) })}
            {item.sizeBytes !== undefined ? ` · ${formatSize(item.sizeBytes, lang)}` : ''}
          </span>
        </div>
      ) : null}
      {download.isError ? (
        <p className="field__error" role="alert">
          {isApiError(download.error, 'export_expired')
            ? t('privacy.export.expired')
            : problemMessage(t, download.error)}
        </p>
      ) : null}
    </li>
  );
}

function formatSize(bytes: number, lang: string): string {
  const locale = lang === 'nl' ? 'nl-BE' : 'fr-BE';
  if (bytes < 1024 * 1024) {
    return numberFormat(locale, {
      style: 'unit',
      unit: 'kilobyte',
      maximumFractionDigits: 0,
    }).format(Math.max(1, bytes / 1024));
  }
  return numberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(
    bytes / (1024 * 1024),
  );
}

/** Right of access and portability: ask for an archive of all one's data, follow its progress, download it. */
export function DataExportSection(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { items } = useSuspenseQuery(myExportsQueryOptions(api)).data;
  const running = items.some((item) => item.status === 'queued' || item.status === 'running');
  const ask = useMutation({
    mutationFn: () => requestExport(api),
    onSettled: () => queryClient.invalidateQueries({ queryKey: myExportsQueryKey }),
  });
  return (
    <section className="card" aria-labelledby="data-export-title">
      <h2 id="data-export-title">{t('privacy.export.title')}</h2>
      <p>{t('privacy.export.intro')}</p>
      <div className="cluster">
        <Button
          busy={ask.isPending}
          disabled={running}
          onClick={() => {
            ask.mutate();
          }}
        >
          {t('privacy.export.request')}
        </Button>
        <Link to="/processing-register">{t('privacy.export.registerLink')}</Link>
      </div>
      {ask.isError ? (
        <p className="field__error" role="alert">
          {isApiError(ask.error, 'export_in_progress')
            ? t('privacy.export.inProgress')
            : problemMessage(t, ask.error)}
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {running ? <p>{t('privacy.export.running')}</p> : null}
      </div>
      {items.length > 0 ? (
        <ul className="privacy__exports" aria-label={t('privacy.export.list')}>
          {items.map((item) => (
            <ExportItem key={item.exportId} item={item} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
