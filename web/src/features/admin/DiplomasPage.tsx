import type { Diploma } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Badge, Button, ConfirmDialog, EmptyState, Table, useDocumentTitle, useToast } from '../../ui';
import { formatDateTime } from '../identity/format';
import { formatSize } from '../learner/diploma';
import {
  decideDiploma,
  diplomaLink,
  isSafeLink,
  REJECTION_REASON_MAX,
  rejectionReasonProblem,
  reviewQueryKey,
  reviewQueryOptions,
} from './diplomas';
import '../../ui/Field.css';
import './users.css';

type Pending = { readonly kind: 'approve' | 'reject'; readonly diploma: Diploma };

const TYPE_LABELS: Readonly<Record<Diploma['contentType'], string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

/** Diplomas waiting for a decision: open the file (short-lived link), approve, or reject with a reason. */
export function DiplomasPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useSuspenseInfiniteQuery(reviewQueryOptions(api));
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [links, setLinks] = useState<Readonly<Record<string, string>>>({});
  const reasonId = useId();
  const reasonErrorId = useId();
  useDocumentTitle(t('adminDiplomas.documentTitle'));

  const open = useMutation({
    mutationFn: (diploma: Diploma) => diplomaLink(api, diploma),
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
    mutationFn: (action: Pending) =>
      decideDiploma(
        api,
        action.diploma,
        action.kind === 'approve' ? { decision: 'approve' } : { decision: 'reject', reason: reason.trim() },
      ),
    onSuccess: (_result, action) => {
      setPending(null);
      toast.show(t(action.kind === 'approve' ? 'adminDiplomas.approved' : 'adminDiplomas.rejected'));
      void queryClient.invalidateQueries({ queryKey: reviewQueryKey });
    },
  });

  const items = list.data.pages.flatMap((page) => page.items);

  const start = (action: Pending): void => {
    decide.reset();
    setReason('');
    setReasonError(undefined);
    setPending(action);
  };

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
                <th scope="col">{t('adminDiplomas.user')}</th>
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
                    <code>{diploma.userId}</code>
                  </th>
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
                      aria-label={t('adminDiplomas.actionsFor', { user: diploma.userId })}
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
            {list.hasNextPage ? (
              <Button
                variant="secondary"
                busy={list.isFetchingNextPage}
                onClick={() => {
                  void list.fetchNextPage();
                }}
              >
                {t('admin.users.loadMore')}
              </Button>
            ) : null}
          </div>
        </>
      )}

      <ConfirmDialog
        open={pending !== null}
        title={t(pending?.kind === 'reject' ? 'adminDiplomas.rejectTitle' : 'adminDiplomas.approveTitle')}
        confirmLabel={t(pending?.kind === 'reject' ? 'adminDiplomas.reject' : 'adminDiplomas.approve')}
        cancelLabel={t('common.cancel')}
        confirmVariant={pending?.kind === 'reject' ? 'danger' : 'primary'}
        busy={decide.isPending}
        error={decide.isError ? problemMessage(t, decide.error) : undefined}
        onCancel={() => {
          setPending(null);
        }}
        onConfirm={() => {
          if (!pending) return;
          if (pending.kind === 'reject') {
            const problem = rejectionReasonProblem(reason);
            if (problem) {
              setReasonError(
                t(problem === 'short' ? 'adminDiplomas.reasonShort' : 'adminDiplomas.reasonLong'),
              );
              document.getElementById(reasonId)?.focus();
              return;
            }
          }
          decide.mutate(pending);
        }}
      >
        {pending ? (
          <>
            <p>
              {t(pending.kind === 'reject' ? 'adminDiplomas.rejectBody' : 'adminDiplomas.approveBody', {
                user: pending.diploma.userId,
              })}
            </p>
            {pending.kind === 'reject' ? (
              <div className="field">
                <label className="field__label" htmlFor={reasonId}>
                  {t('adminDiplomas.reason')}
                </label>
                <textarea
                  id={reasonId}
                  className="field__input"
                  rows={3}
                  maxLength={REJECTION_REASON_MAX}
                  value={reason}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? reasonErrorId : undefined}
                  onChange={(event) => {
                    setReason(event.currentTarget.value);
                    setReasonError(undefined);
                  }}
                />
                {reasonError ? (
                  <p className="field__error" id={reasonErrorId}>
                    {reasonError}
                  </p>
                ) : null}
              </div>
            ) : null}
          </>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
