import type { LegalDocumentType } from '@soins/shared';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { ErrorState, Loading, useDocumentTitle } from '../../ui';
import { formatDate } from '../identity/format';
import { localizedContent, paragraphs } from '../legal/queries';
import { legalPagePath, legalVersionQueryOptions, legalVersionsQueryOptions } from './queries';
import './privacy.css';

/**
 * A legal document as anyone can read it, signed in or not: the current version by default, any earlier
 * one with `?version=N`, and the list of every published version.
 */
export function LegalDocumentPage({
  type,
  version: asked,
}: {
  readonly type: LegalDocumentType;
  readonly version: number | undefined;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const versions = useQuery(legalVersionsQueryOptions(api, type));
  const latest = versions.data?.items[0]?.version;
  const shown = asked ?? latest;
  const document = useQuery({
    ...legalVersionQueryOptions(api, type, shown ?? 0),
    enabled: shown !== undefined,
  });
  const heading = t(type === 'terms' ? 'legalPage.terms' : 'legalPage.privacy');
  useDocumentTitle(`${heading} · SOINS+`);

  let body: ReactNode;
  if (versions.isPending || (shown !== undefined && document.isPending)) {
    body = <Loading label={t('common.loading')} />;
  } else if (versions.isError || document.isError) {
    body = (
      <ErrorState title={t('legalPage.errorTitle')}>
        <p>{problemMessage(t, versions.error ?? document.error)}</p>
      </ErrorState>
    );
  } else if (!document.data) {
    body = <p>{t('legalPage.none')}</p>;
  } else {
    const content = localizedContent(document.data.content, lang);
    body = (
      <article className="card legal-page" aria-labelledby="legal-page-title">
        <h2 id="legal-page-title">{content.title}</h2>
        <p className="legal__meta">
          {t('legal.version', {
            version: document.data.version,
            date: formatDate(document.data.publishedAt, lang),
          })}
          {document.data.version !== latest ? ` · ${t('legalPage.earlier')}` : ''}
        </p>
        <div className="legal-page__body" lang={lang === 'nl' ? 'nl' : 'fr'}>
          {paragraphs(content.body).map((text, index) => (
            <p key={index}>{text}</p>
          ))}
        </div>
      </article>
    );
  }

  return (
    <>
      <header className="page-header">
        <h1>{heading}</h1>
      </header>
      <div className="stack">
        {body}
        {versions.data && versions.data.items.length > 0 ? (
          <nav className="card" aria-labelledby="legal-versions-title">
            <h2 id="legal-versions-title">{t('legalPage.versions')}</h2>
            <ul className="legal-page__versions">
              {versions.data.items.map((item) => (
                <li key={item.version}>
                  <Link
                    to={legalPagePath[type]}
                    search={{ version: item.version }}
                    aria-current={item.version === shown ? 'page' : undefined}
                  >
                    {t('legal.version', { version: item.version, date: formatDate(item.publishedAt, lang) })}
                  </Link>
                  {item.version === latest ? ` (${t('legalPage.current')})` : ''}
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </div>
    </>
  );
}
