import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import { Badge, Button, ErrorState, Loading, useDocumentTitle } from '../../../ui';
import { formatDate, formatHours } from '../format';
import { verificationQueryOptions } from '../queries';
import { formatCode, normalizeCode } from './code';
import '../courses.css';

/**
 * Public check of a certificate (the QR code on the PDF points here): valid with its holder, training, hours and
 * date; revoked; or unknown. No sign-in; the visitor's language.
 */
export function VerifyPage({ code: raw }: { readonly code: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  useDocumentTitle(t('courses.verify.documentTitle'));
  const code = normalizeCode(raw);
  const verification = useQuery({
    ...verificationQueryOptions(api, code ?? '', lang),
    enabled: code !== undefined,
  });

  let body: ReactNode;
  if (code === undefined) {
    body = (
      <Outcome tone="danger" title={t('courses.verify.unknownTitle')} text={t('courses.verify.malformed')} />
    );
  } else if (verification.isPending) {
    body = <Loading label={t('courses.verify.checking')} />;
  } else if (verification.isError) {
    body = (
      <ErrorState
        title={
          isApiError(verification.error, 'rate_limited')
            ? t('courses.verify.rateLimitedTitle')
            : t('courses.verify.errorTitle')
        }
        action={
          <Button variant="secondary" onClick={() => void verification.refetch()}>
            {t('courses.retry')}
          </Button>
        }
      >
        <p>
          {isApiError(verification.error, 'rate_limited')
            ? t('courses.verify.rateLimited')
            : problemMessage(t, verification.error)}
        </p>
      </ErrorState>
    );
  } else {
    const view = verification.data;
    if (view.status === 'unknown') {
      body = (
        <Outcome tone="danger" title={t('courses.verify.unknownTitle')} text={t('courses.verify.unknown')} />
      );
    } else {
      body = (
        <Outcome
          tone={view.status === 'valid' ? 'brand' : 'danger'}
          title={view.status === 'valid' ? t('courses.verify.validTitle') : t('courses.verify.revokedTitle')}
          text={view.status === 'valid' ? t('courses.verify.valid') : t('courses.verify.revoked')}
        >
          {view.kind === 'attestation' ? <p>{t('courses.verify.kindAttestation')}</p> : null}
          <dl className="facts">
            {view.holderName ? (
              <div className="verify__holder">
                <dt>{t('courses.verify.holder')}</dt>
                <dd>{view.holderName}</dd>
              </div>
            ) : null}
            {view.training ? (
              <div>
                <dt>{t('courses.certificates.training')}</dt>
                <dd>{view.training}</dd>
              </div>
            ) : null}
            {view.hours !== undefined ? (
              <div>
                <dt>{t('courses.facts.hours')}</dt>
                <dd>{formatHours(lang, view.hours)}</dd>
              </div>
            ) : null}
            {view.completedAt ? (
              <div>
                <dt>{t('courses.certificates.date')}</dt>
                <dd>{formatDate(lang, view.completedAt)}</dd>
              </div>
            ) : null}
          </dl>
        </Outcome>
      );
    }
  }

  return (
    <>
      <header className="page-header">
        <h1>{t('courses.verify.title')}</h1>
        <p className="lead">
          {t('courses.verify.codeLabel')}{' '}
          <span className="code">{code ? formatCode(code) : raw.slice(0, 100)}</span>
        </p>
      </header>
      <div aria-live="polite">{body}</div>
      <p className="verify__another">
        <Link to="/verify">{t('courses.verify.another')}</Link>
      </p>
    </>
  );
}

function Outcome({
  tone,
  title,
  text,
  children,
}: {
  readonly tone: 'brand' | 'danger';
  readonly title: string;
  readonly text: string;
  readonly children?: ReactNode;
}): ReactNode {
  return (
    <section className={`card verify verify--${tone}`} aria-labelledby="verify-outcome">
      <h2 id="verify-outcome">
        <Badge tone={tone}>{title}</Badge>
      </h2>
      <p>{text}</p>
      {children}
    </section>
  );
}
