import type { LegalDocument } from '@soins/shared';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Button, useDocumentTitle } from '../../ui';
import { formatDate } from '../identity/format';
import { homePath } from '../identity/access';
import { useProfile } from '../identity/hooks';
import {
  acceptLegal,
  legalStatusQueryKey,
  legalStatusQueryOptions,
  localizedContent,
  paragraphs,
  pendingDocuments,
} from './queries';
import './legal.css';

const docKey = (doc: Pick<LegalDocument, 'type' | 'version'>): string => `${doc.type}@${String(doc.version)}`;

/**
 * The blocking page shown while the user has legal documents to accept: each pending document in the user's
 * language (French otherwise) with its own explicit checkbox; accepting them all continues to the requested page.
 */
export function LegalGate({ returnTo }: { readonly returnTo: string | undefined }): ReactNode {
  const { api } = useAppContext();
  const queryClient = useQueryClient();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const profile = useProfile();
  const status = useSuspenseQuery(legalStatusQueryOptions(api));
  const documents = pendingDocuments(status.data);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outdated, setOutdated] = useState(false);
  const [missing, setMissing] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const errorId = useId();
  useDocumentTitle(t('legal.documentTitle'));

  const target = returnTo ?? (profile ? homePath(profile) : '/dashboard');
  const done = documents.length === 0;

  useEffect(() => {
    if (error !== null) errorRef.current?.focus();
  }, [error]);

  useEffect(() => {
    if (done) void navigate({ href: target, replace: true });
  }, [done, navigate, target]);

  if (done) return null;

  const allChecked = documents.every((doc) => checked.has(docKey(doc)));

  const submit = async (): Promise<void> => {
    setError(null);
    setOutdated(false);
    if (!allChecked) {
      setMissing(true);
      const first = documents.find((doc) => !checked.has(docKey(doc)));
      if (first) document.getElementById(`legal-accept-${first.type}`)?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      for (const doc of documents) await acceptLegal(api, doc.type, doc.version);
      await queryClient.invalidateQueries({ queryKey: legalStatusQueryKey });
    } catch (e) {
      if (isApiError(e, 'legal_version_outdated')) {
        setOutdated(true);
        setChecked(new Set());
        await queryClient.invalidateQueries({ queryKey: legalStatusQueryKey });
        headingRef.current?.focus();
      } else {
        setError(problemMessage(t, e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header className="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('legal.title')}
        </h1>
        <p className="lead">{t('legal.intro')}</p>
      </header>
      <div role="status" aria-live="polite" className="legal__status">
        {outdated ? <p className="legal__notice">{t('legal.outdated')}</p> : null}
      </div>
      <form
        className="stack"
        noValidate
        aria-describedby={error !== null || missing ? errorId : undefined}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {documents.map((doc) => {
          const content = localizedContent(doc.content, lang);
          const key = docKey(doc);
          return (
            <section key={key} className="card legal__doc" aria-labelledby={`legal-${doc.type}`}>
              <h2 id={`legal-${doc.type}`}>{content.title}</h2>
              <p className="legal__meta">
                {t('legal.version', {
                  version: doc.version,
                  date: formatDate(doc.publishedAt, lang),
                })}
              </p>
              <div
                className="legal__body"
                role="region"
                tabIndex={0}
                aria-label={content.title}
                lang={lang === 'nl' ? 'nl' : 'fr'}
              >
                {paragraphs(content.body).map((text, index) => (
                  <p key={index}>{text}</p>
                ))}
              </div>
              <div className="legal__check">
                <input
                  type="checkbox"
                  id={`legal-accept-${doc.type}`}
                  checked={checked.has(key)}
                  aria-invalid={missing && !checked.has(key) ? true : undefined}
                  aria-describedby={missing && !checked.has(key) ? errorId : undefined}
                  onChange={(event) => {
                    const next = new Set(checked);
                    if (event.currentTarget.checked) next.add(key);
                    else next.delete(key);
                    setChecked(next);
                    if (documents.every((d) => next.has(docKey(d)))) setMissing(false);
                  }}
                />
                <label htmlFor={`legal-accept-${doc.type}`}>
                  {t('legal.accept', { title: content.title })}
                </label>
              </div>
            </section>
          );
        })}
        {error !== null || missing ? (
          <p id={errorId} ref={errorRef} tabIndex={-1} className="legal__error" role="alert">
            {missing ? t('legal.mustAccept') : error}
          </p>
        ) : null}
        <div className="cluster">
          <Button type="submit" busy={busy}>
            {t('legal.submit')}
          </Button>
        </div>
      </form>
    </>
  );
}
