import type { DiplomaReviewItem } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { LANGUAGE_NAMES, useI18n } from '../../i18n';
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  Table,
  useDocumentTitle,
  useToast,
  LoadMoreButton,
} from '../../ui';
import { formatDateTime } from '../identity/format';
import { formatSize } from '../learner/diploma';
import { decideDiploma, diplomaLink, isSafeLink, reviewQueryKey, reviewQueryOptions } from './diplomas';
import { ReasonDialog } from './ReasonDialog';
import './users.css';

type Pending = { readonly kind: 'approve' | 'reject'; readonly diploma: DiplomaReviewItem };

const TYPE_LABELS: Readonly<Record<DiplomaReviewItem['contentType'], string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

/**
 * Diplomas waiting for a decision, each with its learner (name, e-mail, profession, language): open the file
 * (short-lived link), approve, or reject with a reason written in the learner's language (the dialog says which).
 */
export function DiplomasPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useSuspenseInfiniteQuery(reviewQueryOptions(api));
  const [pending, setPending] = useState<Pending | null>(null);
  const [links, setLinks] = useState<Readonly<Record<string, string>>>({});
  useDocumentTitle(t('adminDiplomas.documentTitle'));

  const open = useMutation({
    mutationFn: (diploma: DiplomaReviewItem) => diplomaLink(api, diploma),
    onSuccess: ({ url }, diploma) => {
      if (!isSafeLink(url)) {
        toast.show(t('problem.unknown'), 'error');
        return;
      }
      setLinks((current) => ({ ...current, [diploma.id]: url }));
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });

  const decide = useMutation({
    mutationFn: (input: { action: Pending; reason?: string }) =>
      decideDiploma(
        api,
        input.action.diploma,
        input.action.kind === 'approve'
          ? { decision: 'approve' }
          : { decision: 'reject', reason: input.reason ?? '' },
      ),
    onSuccess: (_result, input) => {
      setPending(null);
      toast.show(t(input.action.kind === 'approve' ? 'adminDiplomas.approved' : 'adminDiplomas.rejected'));
      void queryClient.invalidateQueries({ queryKey: reviewQueryKey });
    },
  });

  const items = list.data.pages.flatMap((page) => page.items);
  const who = (diploma: DiplomaReviewItem): string =>
    diploma.learner
      ? `${diploma.learner.displayName} (${diploma.learner.email})`
      : t('people.diplomas.unknownLearner');

  const start = (action: Pending): void => {
    decide.reset();
    setPending(action);
  };
  const writeIn = pending?.diploma.learner?.writeIn ?? 'fr';

  return (
    <>
      <header className="page-header">
        <h1>{t('adminDiplomas.title')}</h1>
        <p className="lead">{t('adminDiplomas.intro')}</p>
      </header>
      {items.length === 0 ? (
        <EmptyState title={t('adminDiplomas.emptyTitle')}>
          <p>{t('adminDiplomas.emptyBody')}</p>
        </EmptyState>
      ) : (
        <>
          <Table caption={t('adminDiplomas.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('people.diplomas.learner')}</th>
                <th scope="col">{t('profile.email')}</th>
                <th scope="col">{t('people.diplomas.profession')}</th>
                <th scope="col">{t('people.diplomas.language')}</th>
                <th scope="col">{t('adminDiplomas.uploadedAt')}</th>
                <th scope="col">{t('adminDiplomas.type')}</th>
                <th scope="col">{t('adminDiplomas.size')}</th>
                <th scope="col">{t('adminDiplomas.status')}</th>
                <th scope="col">{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((diploma) => (
                <tr key={diploma.id}>
                  <th scope="row">
                    {diploma.learner ? (
                      <Link to="/admin/users/$userId" params={{ userId: diploma.userId }}>
                        {diploma.learner.displayName}
                      </Link>
                    ) : (
                      t('people.diplomas.unknownLearner')
                    )}
                  </th>
                  <td>{diploma.learner?.email ?? '—'}</td>
                  <td>{diploma.learner?.profession ? t(`profession.${diploma.learner.profession}`) : '—'}</td>
                  <td>{diploma.learner ? LANGUAGE_NAMES[diploma.learner.language] : '—'}</td>
                  <td>{formatDateTime(diploma.uploadedAt, lang)}</td>
                  <td>{TYPE_LABELS[diploma.contentType]}</td>
                  <td>{formatSize(diploma.sizeBytes, lang)}</td>
                  <td>
                    <Badge>{t(`diploma.status.${diploma.status}`)}</Badge>
                  </td>
                  <td>
                    <div
                      className="cluster users__actions"
                      role="group"
                      aria-label={t('adminDiplomas.actionsFor', { user: who(diploma) })}
                    >
                      <Button
                        size="sm"
                        variant="secondary"
                        busy={open.isPending && open.variables.id === diploma.id}
                        onClick={() => {
                          open.mutate(diploma);
                        }}
                      >
                        {t('adminDiplomas.open')}
                      </Button>
                      {links[diploma.id] ? (
                        <a href={links[diploma.id]} target="_blank" rel="noopener noreferrer">
                          {t('adminDiplomas.openedLink')}
                        </a>
                      ) : null}
                      <Button
                        size="sm"
                        onClick={() => {
                          start({ kind: 'approve', diploma });
                        }}
                      >
                        {t('adminDiplomas.approve')}
                      </Button>
                      <Button
                        size="sm"
                        variant="danger"
                        onClick={() => {
                          start({ kind: 'reject', diploma });
                        }}
                      >
                        {t('adminDiplomas.reject')}
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="cluster">
            <p role="status" className="users__count">
              {t('adminDiplomas.shown', { count: items.length })}
            </p>
            <LoadMoreButton list={list}>{t('admin.users.loadMore')}</LoadMoreButton>
          </div>
        </>
      )}

      <ConfirmDialog
        open={pending?.kind === 'approve'}
        title={t('adminDiplomas.approveTitle')}
        confirmLabel={t('adminDiplomas.approve')}
        cancelLabel={t('common.cancel')}
        busy={decide.isPending}
        error={decide.isError ? problemMessage(t, decide.error) : undefined}
        onCancel={() => {
          setPending(null);
        }}
        onConfirm={() => {
          if (pending) decide.mutate({ action: pending });
        }}
      >
        <p>{pending ? t('adminDiplomas.approveBody', { user: who(pending.diploma) }) : null}</p>
      </ConfirmDialog>
      <ReasonDialog
        key={pending?.kind === 'reject' ? pending.diploma.id : 'none'}
        open={pending?.kind === 'reject'}
        title={t('adminDiplomas.rejectTitle')}
        confirmLabel={t('adminDiplomas.reject')}
        label={t('adminDiplomas.reason')}
        hint={
          pending?.diploma.learner
            ? t('people.diplomas.writeIn', {
                language: t(`people.diplomas.languageName.${writeIn}`),
                name: pending.diploma.learner.displayName,
              })
            : undefined
        }
        lang={writeIn}
        tooShort="adminDiplomas.reasonShort"
        tooLong="adminDiplomas.reasonLong"
        busy={decide.isPending}
        error={decide.isError ? problemMessage(t, decide.error) : undefined}
        onCancel={() => {
          setPending(null);
        }}
        onConfirm={(reason) => {
          if (pending) decide.mutate({ action: pending, reason });
        }}
      >
        <p>{pending ? t('adminDiplomas.rejectBody', { user: who(pending.diploma) }) : null}</p>
      </ReasonDialog>
    </>
  );
}
