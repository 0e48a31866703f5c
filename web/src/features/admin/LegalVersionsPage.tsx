import type { LegalContent, LegalDocument, LegalDocumentType } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type MessageKey } from '../../i18n';
import {
  Button,
  ConfirmDialog,
  EmptyState,
  TextAreaField,
  TextField,
  useDocumentTitle,
  useToast,
} from '../../ui';
import { formatDate } from '../identity/format';
import {
  adminLegalVersionsKey,
  adminLegalVersionsQueryOptions,
  LEGAL_TYPES,
  legalStatusQueryKey,
  paragraphs,
  publishLegalVersion,
} from '../legal/queries';
import {
  contentOf,
  draftFrom,
  legalDraftProblems,
  type LegalDraft,
  type LegalDraftField,
} from './legal-draft';
import '../legal/legal.css';

const TYPE_KEYS: Readonly<Record<LegalDocumentType, MessageKey>> = {
  terms: 'adminLegal.type.terms',
  privacy: 'adminLegal.type.privacy',
};

/** Legal documents: the published versions of each type and the publication of a new one (fr + nl). */
export function LegalVersionsPage(): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t('adminLegal.documentTitle'));
  return (
    <>
      <header className="page-header">
        <h1>{t('adminLegal.title')}</h1>
        <p className="lead">{t('adminLegal.intro')}</p>
      </header>
      <div className="stack">
        {LEGAL_TYPES.map((type) => (
          <LegalTypeSection key={type} type={type} />
        ))}
      </div>
    </>
  );
}

function LegalTypeSection({ type }: { readonly type: LegalDocumentType }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const versions = useSuspenseQuery(adminLegalVersionsQueryOptions(api, type)).data.items;
  const [draft, setDraft] = useState<LegalDraft>(draftFrom(undefined));
  const [previewing, setPreviewing] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<LegalDraftField, MessageKey>>>({});
  const [confirming, setConfirming] = useState(false);
  const [showForm, setShowForm] = useState(false);
  const headingId = useId();
  const refs = useRef<Partial<Record<LegalDraftField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const typeName = t(TYPE_KEYS[type]);

  useEffect(() => {
    if (showForm) refs.current.frTitle?.focus();
  }, [showForm]);

  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const current: LegalDocument | undefined = sorted[0];
  const publish = useMutation({
    mutationFn: (content: LegalContent) => publishLegalVersion(api, type, content, current?.version ?? 0),
    onSuccess: (doc) => {
      setConfirming(false);
      setShowForm(false);
      setPreviewing(false);
      toast.show(t('adminLegal.published', { type: typeName, version: doc.version }));
      void queryClient.invalidateQueries({ queryKey: adminLegalVersionsKey(type) });
      void queryClient.invalidateQueries({ queryKey: legalStatusQueryKey });
    },
  });

  const field = (name: LegalDraftField) => ({
    value: draft[name],
    error: errors[name] ? t(errors[name]) : undefined,
    onChange: (event: { readonly currentTarget: { readonly value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [name]: value }));
      setErrors((current) => ({ ...current, [name]: undefined }));
    },
  });

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{typeName}</h2>
      {sorted.length === 0 ? (
        <EmptyState level={3} title={t('adminLegal.noVersion')} />
      ) : (
        <ul className="legal__versions">
          {sorted.map((doc, index) => (
            <li key={doc.version}>
              {t('adminLegal.versionLine', {
                version: doc.version,
                date: formatDate(doc.publishedAt, lang),
                title: doc.content[lang === 'nl' ? 'nl' : 'fr'].title,
              })}
              {index === 0 ? ` (${t('adminLegal.current')})` : ''}
            </li>
          ))}
        </ul>
      )}
      {showForm && current ? (
        <p className="legal__meta">{t('people.legal.startedFrom', { version: current.version })}</p>
      ) : null}
      {showForm && previewing ? (
        <div className="stack">
          <h3>{t('people.legal.previewTitle')}</h3>
          {(['fr', 'nl'] as const).map((language) => {
            const content = contentOf(draft)[language];
            return (
              <article key={language} className="card legal__doc" lang={language}>
                <h4>{content.title}</h4>
                <div className="legal__body">
                  {paragraphs(content.body).map((text, index) => (
                    <p key={index}>{text}</p>
                  ))}
                </div>
              </article>
            );
          })}
          <Button
            variant="secondary"
            onClick={() => {
              setPreviewing(false);
            }}
          >
            {t('people.legal.edit')}
          </Button>
        </div>
      ) : null}
      {showForm ? (
        <form
          hidden={previewing}
          className="legal__form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const problems = legalDraftProblems(draft);
            setErrors(problems);
            const first = Object.keys(problems)[0];
            if (first) {
              refs.current[first as LegalDraftField]?.focus();
              return;
            }
            publish.reset();
            setConfirming(true);
          }}
        >
          <fieldset className="legal__fieldset">
            <legend>{t('adminLegal.french')}</legend>
            <TextField
              ref={(el) => {
                refs.current.frTitle = el;
              }}
              label={t('adminLegal.titleLabel')}
              maxLength={200}
              lang="fr"
              {...field('frTitle')}
            />
            <TextAreaField
              ref={(el) => {
                refs.current.frBody = el;
              }}
              label={t('adminLegal.bodyLabel')}
              hint={t('adminLegal.bodyHint')}
              rows={10}
              lang="fr"
              {...field('frBody')}
            />
          </fieldset>
          <fieldset className="legal__fieldset">
            <legend>{t('adminLegal.dutch')}</legend>
            <TextField
              ref={(el) => {
                refs.current.nlTitle = el;
              }}
              label={t('adminLegal.titleLabel')}
              maxLength={200}
              lang="nl"
              {...field('nlTitle')}
            />
            <TextAreaField
              ref={(el) => {
                refs.current.nlBody = el;
              }}
              label={t('adminLegal.bodyLabel')}
              hint={t('adminLegal.bodyHint')}
              rows={10}
              lang="nl"
              {...field('nlBody')}
            />
          </fieldset>
          <div className="cluster">
            <Button type="submit">{t('adminLegal.publish')}</Button>
            <Button
              variant="secondary"
              onClick={() => {
                setPreviewing(true);
              }}
            >
              {t('people.legal.preview')}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setShowForm(false);
              }}
            >
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            setDraft(draftFrom(current?.content));
            setErrors({});
            setShowForm(true);
          }}
        >
          {t('adminLegal.newVersion', { type: typeName })}
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('adminLegal.confirmTitle', { type: typeName })}
        confirmLabel={t('adminLegal.publish')}
        cancelLabel={t('common.cancel')}
        busy={publish.isPending}
        error={publish.isError ? problemMessage(t, publish.error) : undefined}
        onCancel={() => {
          setConfirming(false);
        }}
        onConfirm={() => {
          publish.mutate(contentOf(draft));
        }}
      >
        <p>{t('adminLegal.confirmBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
