import type { AdminNewsItem } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type MessageKey } from '../../i18n';
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  Table,
  TextAreaField,
  TextField,
  useDocumentTitle,
  useToast,
  type BadgeTone,
  LoadMoreButton,
} from '../../ui';
import { formatDateTime } from '../identity/format';
import {
  draftOf,
  EMPTY_NEWS,
  newsContentOf,
  newsDraftProblems,
  type NewsDraft,
  type NewsDraftField,
} from './draft';
import {
  adminNewsQueryKey,
  adminNewsQueryOptions,
  createNews,
  deleteNews,
  getAdminNews,
  newsQueryKey,
  setNewsPublished,
  updateNews,
} from './queries';
import '../admin/users.css';
import '../legal/legal.css';

const STATUS: Readonly<Record<AdminNewsItem['status'], { key: MessageKey; tone: BadgeTone }>> = {
  scheduled: { key: 'news.admin.status.scheduled', tone: 'neutral' },
  live: { key: 'news.admin.status.live', tone: 'brand' },
  ended: { key: 'news.admin.status.ended', tone: 'neutral' },
  unpublished: { key: 'news.admin.status.unpublished', tone: 'danger' },
};

/** What the form edits: a new item, or an existing one at the version read (its ETag). */
type Editing = { readonly kind: 'new' } | { readonly kind: 'edit'; readonly item: AdminNewsItem };

/**
 * News for learners, in French and Dutch, with a publish window: list (newest first, with their state), create,
 * edit (against the version read: a change made meanwhile is refused and nothing is lost silently), take down or
 * put back, delete.
 */
export function NewsAdminPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useSuspenseInfiniteQuery(adminNewsQueryOptions(api));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<AdminNewsItem | null>(null);
  useDocumentTitle(t('news.admin.documentTitle'));
  const items = list.data.pages.flatMap((page) => page.items);

  const changed = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: adminNewsQueryKey });
    await queryClient.invalidateQueries({ queryKey: newsQueryKey });
  };
  const publication = useMutation({
    mutationFn: (input: { item: AdminNewsItem; published: boolean }) =>
      setNewsPublished(api, input.item.id, input.published),
    onSuccess: async (_item, input) => {
      toast.show(t(input.published ? 'news.admin.published' : 'news.admin.unpublished'));
      await changed();
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });
  const remove = useMutation({
    mutationFn: (item: AdminNewsItem) => deleteNews(api, item.id),
    onSuccess: async () => {
      setDeleting(null);
      toast.show(t('news.admin.deleted'));
      await changed();
    },
  });

  return (
    <>
      <header className="page-header">
        <h1>{t('news.admin.title')}</h1>
        <p className="lead">{t('news.admin.intro')}</p>
      </header>
      <div className="stack">
        {editing ? (
          <NewsForm
            key={editing.kind === 'edit' ? `${editing.item.id}:${editing.item.etag}` : 'new'}
            editing={editing}
            onReloaded={(item) => {
              setEditing({ kind: 'edit', item });
            }}
            onDone={async (message) => {
              setEditing(null);
              toast.show(message);
              await changed();
            }}
            onCancel={() => {
              setEditing(null);
            }}
          />
        ) : (
          <p>
            <Button
              onClick={() => {
                setEditing({ kind: 'new' });
              }}
            >
              {t('news.admin.new')}
            </Button>
          </p>
        )}
        {items.length === 0 ? (
          <EmptyState title={t('news.admin.emptyTitle')}>
            <p>{t('news.admin.emptyBody')}</p>
          </EmptyState>
        ) : (
          <>
            <Table caption={t('news.admin.caption')}>
              <thead>
                <tr>
                  <th scope="col">{t('news.admin.titleColumn')}</th>
                  <th scope="col">{t('news.admin.window')}</th>
                  <th scope="col">{t('news.admin.status')}</th>
                  <th scope="col">{t('admin.users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const title =
                    lang === 'nl' ? item.title.nl || item.title.fr : item.title.fr || item.title.nl;
                  return (
                    <tr key={item.id}>
                      <th scope="row">{title}</th>
                      <td>
                        {item.publishUntil
                          ? t('news.admin.fromUntil', {
                              from: formatDateTime(item.publishFrom, lang),
                              until: formatDateTime(item.publishUntil, lang),
                            })
                          : t('news.admin.from', { date: formatDateTime(item.publishFrom, lang) })}
                      </td>
                      <td>
                        <Badge tone={STATUS[item.status].tone}>{t(STATUS[item.status].key)}</Badge>
                      </td>
                      <td>
                        <div
                          className="cluster users__actions"
                          role="group"
                          aria-label={t('news.admin.actionsFor', { title })}
                        >
                          <Button
                            size="sm"
                            variant="secondary"
                            onClick={() => {
                              setEditing({ kind: 'edit', item });
                            }}
                          >
                            {t('news.admin.edit')}
                          </Button>
                          <Button
                            size="sm"
                            variant="secondary"
                            busy={publication.isPending && publication.variables.item.id === item.id}
                            onClick={() => {
                              publication.mutate({ item, published: item.status === 'unpublished' });
                            }}
                          >
                            {t(item.status === 'unpublished' ? 'news.admin.publish' : 'news.admin.unpublish')}
                          </Button>
                          <Button
                            size="sm"
                            variant="danger"
                            onClick={() => {
                              remove.reset();
                              setDeleting(item);
                            }}
                          >
                            {t('news.admin.delete')}
                          </Button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            <LoadMoreButton list={list}>{t('news.more')}</LoadMoreButton>
          </>
        )}
      </div>
      <ConfirmDialog
        open={deleting !== null}
        title={t('news.admin.deleteTitle')}
        confirmLabel={t('news.admin.delete')}
        cancelLabel={t('common.cancel')}
        confirmVariant="danger"
        busy={remove.isPending}
        error={remove.isError ? problemMessage(t, remove.error) : undefined}
        onCancel={() => {
          setDeleting(null);
        }}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting);
        }}
      >
        <p>{t('news.admin.deleteBody', { title: deleting?.title.fr ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}

function NewsForm({
  editing,
  onReloaded,
  onDone,
  onCancel,
}: {
  readonly editing: Editing;
  readonly onReloaded: (item: AdminNewsItem) => void;
  readonly onDone: (message: string) => Promise<void>;
  readonly onCancel: () => void;
}): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const [draft, setDraft] = useState<NewsDraft>(editing.kind === 'edit' ? draftOf(editing.item) : EMPTY_NEWS);
  const [errors, setErrors] = useState<Partial<Record<NewsDraftField, MessageKey>>>({});
  const refs = useRef<Partial<Record<NewsDraftField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const headingId = useId();
  useEffect(() => {
    refs.current.frTitle?.focus();
  }, []);

  const save = useMutation({
    mutationFn: (value: NewsDraft) => {
      const content = newsContentOf(value, new Date());
      return editing.kind === 'edit'
        ? updateNews(api, editing.item.id, editing.item.etag, content)
        : createNews(api, content);
    },
    onSuccess: () => onDone(t(editing.kind === 'edit' ? 'news.admin.saved' : 'news.admin.created')),
  });
  const reload = useMutation({
    mutationFn: () =>
      editing.kind === 'edit' ? getAdminNews(api, editing.item.id) : Promise.reject(new Error()),
    onSuccess: onReloaded,
  });
  const stale = save.isError && isApiError(save.error, 'precondition_failed');

  const field = (name: NewsDraftField) => ({
    value: draft[name],
    error: errors[name] ? t(errors[name]) : undefined,
    ref: (element: HTMLInputElement | HTMLTextAreaElement | null) => {
      refs.current[name] = element;
    },
    onChange: (event: { readonly currentTarget: { readonly value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [name]: value }));
      setErrors((current) => ({ ...current, [name]: undefined }));
    },
  });

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(editing.kind === 'edit' ? 'news.admin.formEdit' : 'news.admin.formNew')}</h2>
      <form
        className="legal__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const problems = newsDraftProblems(draft);
          setErrors(problems);
          const first = (['frTitle', 'frBody', 'nlTitle', 'nlBody', 'from', 'until'] as const).find(
            (name) => problems[name],
          );
          if (first) {
            refs.current[first]?.focus();
            return;
          }
          save.mutate(draft);
        }}
      >
        <fieldset className="legal__fieldset">
          <legend>{t('news.admin.french')}</legend>
          <TextField label={t('news.admin.titleLabel')} maxLength={200} lang="fr" {...field('frTitle')} />
          <TextAreaField
            label={t('news.admin.bodyLabel')}
            hint={t('news.admin.bodyHint')}
            rows={5}
            lang="fr"
            {...field('frBody')}
          />
        </fieldset>
        <fieldset className="legal__fieldset">
          <legend>{t('news.admin.dutch')}</legend>
          <TextField label={t('news.admin.titleLabel')} maxLength={200} lang="nl" {...field('nlTitle')} />
          <TextAreaField
            label={t('news.admin.bodyLabel')}
            hint={t('news.admin.bodyHint')}
            rows={5}
            lang="nl"
            {...field('nlBody')}
          />
        </fieldset>
        <div className="grid-2">
          <TextField
            type="datetime-local"
            label={t('news.admin.fromLabel')}
            hint={t('news.admin.fromHint')}
            {...field('from')}
          />
          <TextField
            type="datetime-local"
            label={t('news.admin.untilLabel')}
            hint={t('news.admin.untilHint')}
            {...field('until')}
          />
        </div>
        {save.isError ? (
          <div className="dialog__error" role="alert">
            <p>{stale ? t('news.admin.stale') : problemMessage(t, save.error)}</p>
            {stale ? (
              <Button
                variant="secondary"
                busy={reload.isPending}
                onClick={() => {
                  reload.mutate();
                }}
              >
                {t('news.admin.reload')}
              </Button>
            ) : null}
          </div>
        ) : null}
        <div className="cluster">
          <Button type="submit" busy={save.isPending}>
            {t(editing.kind === 'edit' ? 'news.admin.save' : 'news.admin.create')}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </section>
  );
}
