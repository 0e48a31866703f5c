import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import { Button, TextField, useDocumentTitle, useToast } from '../../../ui';
import {
  DEFAULT_QUIZ,
  emptyDraft,
  slugify,
  upsertBody,
  validateDraft,
  type DraftErrors,
  type TrainingDraft,
} from './draft';
import { saveTraining, storeTraining } from './queries';
import { TrainingFields } from './TrainingFields';
import { ProblemList } from './TrainingEditorPage';
import './builder.css';

/** A new training: its identifier (its address) and its own fields; chapters and files come once it exists. */
export function NewTrainingPage(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TrainingDraft>(emptyDraft);
  const [idEdited, setIdEdited] = useState(false);
  const [errors, setErrors] = useState<DraftErrors>({});
  const headingId = useId();
  useDocumentTitle(t('builder.new.documentTitle'));

  const create = useMutation({
    mutationFn: () => saveTraining(api, draft.id, upsertBody(draft, DEFAULT_QUIZ), undefined),
    onSuccess: async (edited) => {
      storeTraining(queryClient, edited);
      toast.show(t('builder.new.created'));
      await navigate({ to: '/admin/trainings/$trainingId', params: { trainingId: edited.training.id } });
    },
  });

  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/trainings">{t('builder.backToList')}</Link>
      </p>
      <header className="page-header">
        <h1 id={headingId}>{t('builder.new.title')}</h1>
        <p className="lead">{t('builder.new.intro')}</p>
      </header>
      {create.isError ? (
        isApiError(create.error, 'precondition_failed') ? (
          <p className="builder-message" role="alert">
            {t('builder.new.idTaken', { id: draft.id })}
          </p>
        ) : isApiError(create.error) && create.error.problem?.errors ? (
          <ProblemList title={problemMessage(t, create.error)} errors={create.error.problem.errors} />
        ) : (
          <p className="builder-message" role="alert">
            {problemMessage(t, create.error)}
          </p>
        )
      ) : null}
      <form
        className="builder-form"
        aria-labelledby={headingId}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const found = validateDraft(draft, { requireId: true });
          setErrors(found);
          if (Object.keys(found).length === 0) create.mutate();
        }}
      >
        <TrainingFields
          draft={draft}
          errors={errors}
          onChange={(next) => {
            setDraft(idEdited ? next : { ...next, id: slugify(next.title.fr || next.title.nl) });
          }}
        />
        <TextField
          label={t('builder.field.id')}
          hint={t('builder.field.idHint')}
          value={draft.id}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          error={errors.id ? t(errors.id) : undefined}
          onChange={(event) => {
            setIdEdited(true);
            setDraft({ ...draft, id: event.currentTarget.value.toLowerCase() });
          }}
        />
        <div className="builder-savebar">
          <Button type="submit" busy={create.isPending}>
            {t('builder.new.create')}
          </Button>
        </div>
      </form>
    </>
  );
}
