import type { CertificateListItem, HoursLedger, LedgerObligation } from '@soins/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import {
  Badge,
  Button,
  buttonClass,
  EmptyState,
  ErrorState,
  Loading,
  Table,
  useDocumentTitle,
} from '../../../ui';
import { formatDate, formatHours } from '../format';
import { certificatePdfLink, certificatesQueryOptions, hoursQueryOptions } from '../queries';
import { formatCode } from '../verify/code';
import { EligibilityNotice } from './EligibilityNotice';
import {
  OBLIGATION_TITLE,
  periodLabel,
  periodsForDisplay,
  progressValue,
  remainingHours,
  yearLabel,
  yearsNewestFirst,
} from './ledger';
import { HoursReportDownload } from './HoursReportDownload';
import '../courses.css';

/** The learner's certificates (with their PDF and verification code) and hours ledger against legal obligations. */
export function CertificatesPage({ awaiting }: { readonly awaiting?: string | undefined }): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t('courses.certificates.documentTitle'));
  return (
    <>
      <header className="page-header">
        <h1>{t('courses.certificates.title')}</h1>
        <p className="lead">{t('courses.certificates.intro')}</p>
      </header>
      <div className="stack">
        <CertificateList awaiting={awaiting} />
        <HoursSection />
      </div>
    </>
  );
}

function CertificateList({ awaiting }: { readonly awaiting: string | undefined }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const [since] = useState(() => Date.now());
  const certificates = useQuery(
    certificatesQueryOptions(api, awaiting ? { trainingId: awaiting, since } : undefined),
  );
  const missing = certificates.data?.missing ?? [];
  const passesWait =
    missing.length > 0 &&
    (awaiting !== undefined || (certificates.data !== undefined && certificates.data.waiting.length > 0));
  const preparing =
    !passesWait &&
    awaiting !== undefined &&
    certificates.data !== undefined &&
    !certificates.data.items.some((item) => item.trainingId === awaiting);
  let body: ReactNode;
  if (certificates.isPending) body = <Loading label={t('common.loading')} />;
  else if (certificates.isError)
    body = (
      <ErrorState
        title={t('courses.certificates.errorTitle')}
        action={
          <Button variant="secondary" onClick={() => void certificates.refetch()}>
            {t('courses.retry')}
          </Button>
        }
      >
        <p>{problemMessage(t, certificates.error)}</p>
      </ErrorState>
    );
  else if (certificates.data.items.length === 0)
    body = (
      <EmptyState
        level={3}
        title={t('courses.certificates.emptyTitle')}
        action={
          <Link to="/catalogue" className={buttonClass('secondary')}>
            {t('courses.toCatalogue')}
          </Link>
        }
      >
        <p>{t('courses.certificates.emptyBody')}</p>
      </EmptyState>
    );
  else
    body = (
      <Table caption={t('courses.certificates.tableCaption')}>
        <thead>
          <tr>
            <th scope="col">{t('courses.certificates.training')}</th>
            <th scope="col">{t('courses.facts.hours')}</th>
            <th scope="col">{t('courses.certificates.date')}</th>
            <th scope="col">{t('courses.certificates.code')}</th>
            <th scope="col">{t('courses.certificates.pdf')}</th>
          </tr>
        </thead>
        <tbody>
          {certificates.data.items.map((item) => (
            <tr key={item.id}>
              <th scope="row" lang={item.language !== lang ? item.language : undefined}>
                {item.trainingTitle}
                {item.status === 'revoked' ? (
                  <>
                    {' '}
                    <Badge tone="danger">{t('courses.certificates.revoked')}</Badge>
                  </>
                ) : null}
              </th>
              <td>{formatHours(lang, item.hours)}</td>
              <td>{formatDate(lang, item.completedAt)}</td>
              <td>
                <Link to="/verify/$code" params={{ code: item.verificationCode }} className="code">
                  {formatCode(item.verificationCode)}
                </Link>
              </td>
              <td>
                <DownloadButton item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    );
  return (
    <section aria-labelledby="certificates-title">
      <h2 id="certificates-title">{t('courses.certificates.listTitle')}</h2>
      <p role="status" className={preparing ? 'notice' : 'sr-only'}>
        {preparing ? t('courses.certificates.awaiting') : ''}
      </p>
      {passesWait ? <EligibilityNotice missing={missing} /> : null}
      {body}
    </section>
  );
}

/** Asks for a short-lived link, then opens it (the link is never kept: it expires within minutes). */
function DownloadButton({ item }: { readonly item: CertificateListItem }): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const download = useMutation({
    mutationFn: () => certificatePdfLink(api, item.id),
    onSuccess: (link) => {
      window.location.assign(link.url);
    },
  });
  // A revoked certificate attests nothing any more: the api refuses its PDF, so none is offered.
  if (item.status === 'revoked') return <span className="muted">{t('courses.certificates.revoked')}</span>;
  if (!item.pdfReady) return <span className="muted">{t('courses.certificates.preparing')}</span>;
  return (
    <>
      <Button
        size="sm"
        variant="secondary"
        busy={download.isPending}
        onClick={() => {
          if (!download.isPending) download.mutate();
        }}
      >
        {t('courses.certificates.download')}
        <span className="sr-only"> ({item.trainingTitle})</span>
      </Button>
      {download.isError ? (
        <p className="field__error" role="alert">
          {problemMessage(t, download.error)}
        </p>
      ) : null}
    </>
  );
}

function HoursSection(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const hours = useQuery(hoursQueryOptions(api));
  let body: ReactNode;
  if (hours.isPending) body = <Loading label={t('common.loading')} />;
  else if (hours.isError)
    body = (
      <ErrorState
        title={t('courses.hours.errorTitle')}
        action={
          <Button variant="secondary" onClick={() => void hours.refetch()}>
            {t('courses.retry')}
          </Button>
        }
      >
        <p>{problemMessage(t, hours.error)}</p>
      </ErrorState>
    );
  else
    body = (
      <>
        <Ledger ledger={hours.data} />
        <HoursReportDownload years={hours.data.years.map((y) => y.year)} />
      </>
    );
  return (
    <section aria-labelledby="hours-title">
      <h2 id="hours-title">{t('courses.hours.title')}</h2>
      {body}
    </section>
  );
}

function Ledger({ ledger }: { readonly ledger: HoursLedger }): ReactNode {
  const { t, lang } = useI18n();
  return (
    <div className="stack">
      <p>{t('courses.hours.total', { hours: formatHours(lang, ledger.totalHours) })}</p>
      {ledger.obligations.length === 0 ? (
        <p className="muted">
          {ledger.profession === null ? t('courses.hours.noProfession') : t('courses.hours.noObligation')}{' '}
          {ledger.profession === null ? <Link to="/profile">{t('courses.hours.toProfile')}</Link> : null}
        </p>
      ) : (
        ledger.obligations.map((obligation) => <Obligation key={obligation.kind} obligation={obligation} />)
      )}
      <Table caption={t('courses.hours.yearsCaption')}>
        <thead>
          <tr>
            <th scope="col">{t('courses.hours.year')}</th>
            <th scope="col">{t('courses.facts.hours')}</th>
            <th scope="col">{t('courses.hours.certificates')}</th>
          </tr>
        </thead>
        <tbody>
          {yearsNewestFirst(ledger.years).map((year) => (
            <tr key={year.year}>
              <th scope="row">{yearLabel(lang, year.year)}</th>
              <td>{formatHours(lang, year.hours)}</td>
              <td>{t('courses.hours.certificatesCount', { count: year.certificates })}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function Obligation({ obligation }: { readonly obligation: LedgerObligation }): ReactNode {
  const { t, lang } = useI18n();
  return (
    <section className="card" aria-labelledby={`obligation-${obligation.kind}`}>
      <h3 id={`obligation-${obligation.kind}`}>{t(OBLIGATION_TITLE[obligation.kind])}</h3>
      <p className="muted">
        {t('courses.hours.rule', {
          hours: formatHours(lang, obligation.requiredHours),
          years: obligation.periodYears,
        })}
      </p>
      <ul className="ledger-periods">
        {periodsForDisplay(obligation.periods).map((period) => {
          const label = periodLabel(lang, period);
          const text = t(period.met ? 'courses.hours.periodMet' : 'courses.hours.periodProgress', {
            done: formatHours(lang, period.hours),
            required: formatHours(lang, period.requiredHours),
            left: formatHours(lang, remainingHours(period)),
          });
          return (
            <li key={period.startsOn} className="ledger-period">
              <p className="ledger-period__label">
                <strong>{label}</strong>
                {period.current ? (
                  <>
                    {' '}
                    <Badge tone="brand">{t('courses.hours.current')}</Badge>
                  </>
                ) : null}
              </p>
              <div className="progress-line">
                <progress
                  className="progress"
                  max={period.requiredHours}
                  value={progressValue(period)}
                  aria-label={`${label}: ${text}`}
                />
                <span aria-hidden="true">{text}</span>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
