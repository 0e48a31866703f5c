import type {
  FieldError,
  Training,
  TrainingStatus,
  TrainingTransition,
  UploadCompletion,
} from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link, useBlocker } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n, type MessageKey } from '../../../i18n';
import { Badge, Button, buttonClass, useDocumentTitle, useToast } from '../../../ui';
import { ChaptersEditor } from './ChaptersEditor';
import {
  draftOf,
  onlyMediaChanged,
  upsertBody,
  validateDraft,
  withServerMedia,
  type DraftErrors,
  type TrainingDraft,
} from './draft';
import { describeProblem } from './problems';
import {
  changeStatus,
  saveTraining,
  storeTraining,
  trainingQueryOptions,
  type EditedTraining,
} from './queries';
import { TrainingFields } from './TrainingFields';
import '../../courses/courses.css';
import './builder.css';

export const STATUS_LABEL: Readonly<Record<TrainingStatus, MessageKey>> = {
  draft: 'builder.status.draft',
  published: 'builder.status.published',
  archived: 'builder.status.archived',
};

const DONE: Readonly<Record<TrainingTransition, MessageKey>> = {
  publish: 'builder.status.done.publish',
  unpublish: 'builder.status.done.unpublish',
  archive: 'builder.status.done.archive',
};

const STATE: Readonly<Record<TrainingStatus, MessageKey>> = {
  draft: 'builder.publish.state.draft',
  published: 'builder.publish.state.published',
  archived: 'builder.publish.state.archived',
};

export function StatusBadge({ status }: { readonly status: TrainingStatus }): ReactNode {
  const { t } = useI18n();
  return <Badge tone={status === 'published' ? 'brand' : 'neutral'}>{t(STATUS_LABEL[status])}</Badge>;
}

/** The title to show for a training: the admin's language first. */
export function titleOf(training: Pick<Training, 'title' | 'id'>, lang: string): string {
  return (
    (lang === 'nl' ? training.title.nl : training.title.fr) ??
    training.title.fr ??
    training.title.nl ??
    training.id
  );
}

/** Links between the editor's pages (content, quiz, preview). */
export function EditorTabs({
  trainingId,
  current,
}: {
  readonly trainingId: string;
  readonly current: 'content' | 'quiz' | 'preview';
}): ReactNode {
  const { t } = useI18n();
  const tabs = [
    { key: 'content', to: '/admin/trainings/$trainingId', label: t('builder.tab.content') },
    { key: 'quiz', to: '/admin/trainings/$trainingId/quiz', label: t('builder.tab.quiz') },
    { key: 'preview', to: '/admin/trainings/$trainingId/preview', label: t('builder.tab.preview') },
  ] as const;
  return (
    <nav aria-label={t('builder.tab.nav')} className="builder-tabs">
      <ul className="space-nav__list">
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link
              to={tab.to}
              params={{ trainingId }}
              className="space-nav__link"
              aria-current={tab.key === current ? 'page' : undefined}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Someone else saved the training since it was opened: the admin's changes are kept in the form (nothing is
 * lost) and they choose to overwrite with them or to take the other version.
 */
export function ConflictNotice({
  onOverwrite,
  onReload,
  busy,
}: {
  readonly onOverwrite: () => void;
  readonly onReload: () => void;
  readonly busy: boolean;
}): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="builder-conflict" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="builder-conflict__title">{t('builder.conflict.title')}</h2>
      <p>{t('builder.conflict.body')}</p>
      <div className="cluster">
        <Button variant="danger" busy={busy} onClick={onOverwrite}>
          {t('builder.conflict.overwrite')}
        </Button>
        <Button variant="secondary" disabled={busy} onClick={onReload}>
          {t('builder.conflict.reload')}
        </Button>
      </div>
    </div>
  );
}

/** The api's field errors as a list, in the admin's language. */
export function ProblemList({
  title,
  errors,
}: {
  readonly title: string;
  readonly errors: readonly FieldError[];
}): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [errors]);
  return (
    <div className="builder-problems" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="builder-problems__title">{title}</h2>
      <ul>
        {errors.map((error) => (
          <li key={`${error.path}:${error.message}`}>{describeProblem(t, error)}</li>
        ))}
      </ul>
    </div>
  );
}

type Failure =
  | { readonly kind: 'conflict' }
  | { readonly kind: 'problems'; readonly title: string; readonly errors: readonly FieldError[] }
  | { readonly kind: 'message'; readonly message: string };

/** The course builder's main page: a training's content and chapters, its status, and the way to publish it. */
export function TrainingEditorPage({ trainingId }: { readonly trainingId: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trainingQueryOptions(api, trainingId));
  const [base, setBase] = useState<EditedTraining>(data);
  const [draft, setDraft] = useState<TrainingDraft>(() => draftOf(data.training));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const formId = useId();
  const title = titleOf(base.training, lang);
  useDocumentTitle(t('builder.editor.documentTitle', { title }));
  useBlocker({
    shouldBlockFn: () => dirty && !window.confirm(t('builder.editor.leave')),
    enableBeforeUnload: () => dirty,
  });

  const adopt = (edited: EditedTraining, options: { keepDraft?: boolean } = {}): void => {
    setBase(edited);
    storeTraining(queryClient, edited);
    if (!options.keepDraft) {
      setDraft(draftOf(edited.training));
      setDirty(false);
    }
  };

  const save = useMutation({
    mutationFn: (etag: string) => saveTraining(api, trainingId, upsertBody(draft), etag),
    onSuccess: (edited) => {
      adopt(edited);
      setFailure(null);
      toast.show(t('builder.editor.saved'));
    },
    onError: (error) => {
      if (isApiError(error, 'precondition_failed')) setFailure({ kind: 'conflict' });
      else if (isApiError(error) && error.problem?.errors && error.code !== 'precondition_required') {
        setFailure({
          kind: 'problems',
          title: problemMessage(t, error),
          errors: error.problem.errors,
        });
      } else setFailure({ kind: 'message', message: problemMessage(t, error) });
    },
  });

  const transition = useMutation({
    mutationFn: (name: TrainingTransition) => changeStatus(api, trainingId, name, base.etag),
    onSuccess: (edited, name) => {
      adopt(edited, { keepDraft: dirty });
      setFailure(null);
      toast.show(t(DONE[name]));
    },
    onError: (error) => {
      if (isApiError(error, 'precondition_failed')) setFailure({ kind: 'conflict' });
      else if (isApiError(error, 'training_not_publishable')) {
        setFailure({
          kind: 'problems',
          title: t('builder.publish.refused'),
          errors: error.problem?.errors ?? [],
        });
      } else setFailure({ kind: 'message', message: problemMessage(t, error) });
    },
  });

  const overwrite = useMutation({
    mutationFn: async () => {
      const latest = await queryClient.query({ ...trainingQueryOptions(api, trainingId), staleTime: 0 });
      return saveTraining(api, trainingId, upsertBody(withServerMedia(draft, latest.training)), latest.etag);
    },
    onSuccess: (edited) => {
      adopt(edited);
      setFailure(null);
      toast.show(t('builder.editor.saved'));
    },
    onError: (error) => {
      setFailure({ kind: 'message', message: problemMessage(t, error) });
    },
  });

  const onUploaded = (completion: UploadCompletion & { etag: string }): void => {
    // Adopt the new version only if nothing but files changed since this page read it; otherwise the next save
    // is refused as a conflict, as it should be.
    if (onlyMediaChanged(base.training, completion.training)) {
      const edited = { training: completion.training, etag: completion.etag };
      setBase(edited);
      storeTraining(queryClient, edited);
    }
    setDraft((current) => withServerMedia(current, completion.training));
  };

  const submit = (): void => {
    const found = validateDraft(draft, { requireId: false });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure({ kind: 'message', message: t('builder.editor.fixErrors') });
      return;
    }
    save.mutate(base.etag);
  };

  const status = base.training.status;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/trainings">{t('builder.backToList')}</Link>
      </p>
      <header className="page-header builder-header">
        <h1>
          {title} <StatusBadge status={status} />
        </h1>
        <EditorTabs trainingId={trainingId} current="content" />
      </header>

      <section className="card builder-status" aria-labelledby={`${formId}-status`}>
        <h2 id={`${formId}-status`}>{t('builder.publish.title')}</h2>
        <p>{t(STATE[status])}</p>
        <div className="cluster">
          {status !== 'published' ? (
            <Button
              busy={transition.isPending && transition.variables === 'publish'}
              disabled={dirty}
              onClick={() => {
                transition.mutate('publish');
              }}
            >
              {t('builder.publish.publish')}
            </Button>
          ) : (
            <Button
              variant="secondary"
              busy={transition.isPending && transition.variables === 'unpublish'}
              onClick={() => {
                transition.mutate('unpublish');
              }}
            >
              {t('builder.publish.unpublish')}
            </Button>
          )}
          {status !== 'archived' ? (
            <Button
              variant="secondary"
              busy={transition.isPending && transition.variables === 'archive'}
              onClick={() => {
                transition.mutate('archive');
              }}
            >
              {t('builder.publish.archive')}
            </Button>
          ) : null}
          <Link
            to="/admin/trainings/$trainingId/preview"
            params={{ trainingId }}
            className={buttonClass('ghost')}
          >
            {t('builder.publish.preview')}
          </Link>
        </div>
        {dirty && status !== 'published' ? (
          <p className="field__hint">{t('builder.publish.saveFirst')}</p>
        ) : null}
      </section>

      {failure?.kind === 'conflict' ? (
        <ConflictNotice
          busy={overwrite.isPending}
          onOverwrite={() => {
            overwrite.mutate();
          }}
          onReload={() => {
            void queryClient
              .query({ ...trainingQueryOptions(api, trainingId), staleTime: 0 })
              .then((latest) => {
                adopt(latest);
                setFailure(null);
              });
          }}
        />
      ) : null}
      {failure?.kind === 'problems' ? <ProblemList title={failure.title} errors={failure.errors} /> : null}
      {failure?.kind === 'message' ? (
        <p className="builder-message" role="alert">
          {failure.message}
        </p>
      ) : null}

      <form
        id={formId}
        className="builder-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <section className="builder-section" aria-labelledby={`${formId}-general`}>
          <h2 id={`${formId}-general`}>{t('builder.editor.general')}</h2>
          <p className="muted">{t('builder.editor.idLine', { id: trainingId })}</p>
          <TrainingFields
            draft={draft}
            errors={errors}
            onChange={(next) => {
              setDraft(next);
              setDirty(true);
            }}
          />
        </section>
        <ChaptersEditor
          trainingId={trainingId}
          draft={draft}
          errors={errors}
          onChange={(chapters) => {
            setDraft((current) => ({ ...current, chapters }));
            setDirty(true);
          }}
          onUploaded={onUploaded}
        />
        <div className="builder-savebar">
          <Button type="submit" busy={save.isPending}>
            {t('builder.editor.save')}
          </Button>
          <span className="muted" role="status">
            {dirty ? t('builder.editor.unsaved') : t('builder.editor.upToDate')}
          </span>
        </div>
      </form>
    </>
  );
}
