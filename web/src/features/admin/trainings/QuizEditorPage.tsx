import type { ContentLanguage, FieldError } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link, useBlocker } from '@tanstack/react-router';
import { useId, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import { Button, TextField, useDocumentTitle, useToast } from '../../../ui';
import {
  bankBody,
  emptyOption,
  emptyQuestion,
  minimumBank,
  quizDraftOf,
  settingsOf,
  validateQuiz,
  type QuestionDraft,
  type QuizDraft,
  type QuizErrors,
  type SettingsDraft,
} from './quiz-draft';
import { bankQueryKey, bankQueryOptions, saveBank, trainingQueryOptions, type EditedBank } from './queries';
import { ConflictNotice, EditorTabs, ProblemList, StatusBadge, titleOf } from './TrainingEditorPage';
import { BilingualField, RadioGroup } from './TrainingFields';
import './builder.css';

type Failure =
  | { readonly kind: 'conflict' }
  | { readonly kind: 'problems'; readonly title: string; readonly errors: readonly FieldError[] }
  | { readonly kind: 'message'; readonly message: string };

/**
 * The final quiz of a training: its rules and its question bank (single and multiple choice, fr/nl, with an
 * explanation). Saving a quiz learners may already have taken makes a new version: attempts and certificates
 * keep the version they were drawn from.
 */
export function QuizEditorPage({ trainingId }: { readonly trainingId: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const training = useSuspenseQuery(trainingQueryOptions(api, trainingId)).data.training;
  const { data } = useSuspenseQuery(bankQueryOptions(api, trainingId));
  const [current, setCurrent] = useState<EditedBank>(data);
  const [draft, setDraft] = useState<QuizDraft>(() => quizDraftOf(data.bank.settings, data.bank.questions));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<QuizErrors>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const headingId = useId();
  const languages = training.languages;
  useDocumentTitle(t('builder.quiz.documentTitle', { title: titleOf(training, lang) }));
  useBlocker({
    shouldBlockFn: () => dirty && !window.confirm(t('builder.editor.leave')),
    enableBeforeUnload: () => dirty,
  });

  const change = (next: QuizDraft): void => {
    setDraft(next);
    setDirty(true);
  };
  const adopt = (saved: EditedBank): void => {
    setCurrent(saved);
    setDraft(quizDraftOf(saved.bank.settings, saved.bank.questions));
    setDirty(false);
    queryClient.setQueryData(bankQueryKey(trainingId), saved);
    // The training's ETag changed with its quiz.
    void queryClient.invalidateQueries({ queryKey: trainingQueryOptions(api, trainingId).queryKey });
  };

  const save = useMutation({
    mutationFn: (etag: string) => saveBank(api, trainingId, bankBody(draft, languages), etag),
    onSuccess: (saved) => {
      adopt(saved);
      setFailure(null);
      toast.show(t('builder.quiz.saved', { version: saved.bank.version ?? 1 }));
    },
    onError: (error) => {
      if (isApiError(error, 'precondition_failed')) setFailure({ kind: 'conflict' });
      else if (isApiError(error) && error.problem?.errors) {
        setFailure({ kind: 'problems', title: problemMessage(t, error), errors: error.problem.errors });
      } else setFailure({ kind: 'message', message: problemMessage(t, error) });
    },
  });
  const overwrite = useMutation({
    mutationFn: async () => {
      const latest = await queryClient.query({ ...bankQueryOptions(api, trainingId), staleTime: 0 });
      return saveBank(api, trainingId, bankBody(draft, languages), latest.etag);
    },
    onSuccess: (saved) => {
      adopt(saved);
      setFailure(null);
      toast.show(t('builder.quiz.saved', { version: saved.bank.version ?? 1 }));
    },
    onError: (error) => {
      setFailure({ kind: 'message', message: problemMessage(t, error) });
    },
  });

  const settings = settingsOf(draft.settings);
  const minimum = settings ? minimumBank(settings.questionsPerAttempt) : undefined;
  const setSetting = (name: keyof SettingsDraft, value: string): void => {
    change({ ...draft, settings: { ...draft.settings, [name]: value } });
  };
  const setQuestion = (index: number, question: QuestionDraft): void => {
    change({ ...draft, questions: draft.questions.map((q, i) => (i === index ? question : q)) });
  };
  const { version, published } = current.bank;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/trainings">{t('builder.backToList')}</Link>
      </p>
      <header className="page-header builder-header">
        <h1 id={headingId}>
          {t('builder.quiz.title', { title: titleOf(training, lang) })}{' '}
          <StatusBadge status={training.status} />
        </h1>
        <EditorTabs trainingId={trainingId} current="quiz" />
        <p className="lead">
          {version === null
            ? t('builder.quiz.noVersion')
            : published
              ? t('builder.quiz.versionPublished', { version })
              : t('builder.quiz.versionDraft', { version })}
        </p>
      </header>
      {failure?.kind === 'conflict' ? (
        <ConflictNotice
          busy={overwrite.isPending}
          onOverwrite={() => {
            overwrite.mutate();
          }}
          onReload={() => {
            void queryClient.query({ ...bankQueryOptions(api, trainingId), staleTime: 0 }).then((latest) => {
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
        className="builder-form"
        aria-labelledby={headingId}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const found = validateQuiz(draft, languages);
          setErrors(found);
          if (Object.keys(found).length > 0) {
            setFailure({ kind: 'message', message: t('builder.editor.fixErrors') });
            return;
          }
          save.mutate(current.etag);
        }}
      >
        <section className="builder-section" aria-labelledby={`${headingId}-rules`}>
          <h2 id={`${headingId}-rules`}>{t('builder.quiz.rules')}</h2>
          {errors.settings ? <p className="field__error">{t(errors.settings)}</p> : null}
          <div className="builder-grid">
            <TextField
              label={t('builder.quiz.perAttempt')}
              inputMode="numeric"
              value={draft.settings.questionsPerAttempt}
              onChange={(event) => {
                setSetting('questionsPerAttempt', event.currentTarget.value);
              }}
            />
            <TextField
              label={t('builder.quiz.passPercent')}
              inputMode="numeric"
              value={draft.settings.passPercent}
              onChange={(event) => {
                setSetting('passPercent', event.currentTarget.value);
              }}
            />
            <TextField
              label={t('builder.quiz.maxAttempts')}
              hint={t('builder.quiz.emptyUnlimited')}
              inputMode="numeric"
              value={draft.settings.maxAttempts}
              onChange={(event) => {
                setSetting('maxAttempts', event.currentTarget.value);
              }}
            />
            <TextField
              label={t('builder.quiz.wait')}
              inputMode="numeric"
              value={draft.settings.waitMinutesBetweenAttempts}
              onChange={(event) => {
                setSetting('waitMinutesBetweenAttempts', event.currentTarget.value);
              }}
            />
            <TextField
              label={t('builder.quiz.timeLimit')}
              hint={t('builder.quiz.emptyNoLimit')}
              inputMode="numeric"
              value={draft.settings.timeLimitMinutes}
              onChange={(event) => {
                setSetting('timeLimitMinutes', event.currentTarget.value);
              }}
            />
          </div>
        </section>
        <section className="builder-section" aria-labelledby={`${headingId}-bank`}>
          <h2 id={`${headingId}-bank`}>{t('builder.quiz.bank')}</h2>
          <p
            role="status"
            className={minimum !== undefined && draft.questions.length < minimum ? 'field__error' : 'muted'}
          >
            {minimum === undefined
              ? t('builder.quiz.count', { count: draft.questions.length })
              : t('builder.quiz.countRule', { count: draft.questions.length, minimum })}
          </p>
          {errors.questions ? (
            <p className="field__error">{t(errors.questions, { minimum: minimum ?? 0 })}</p>
          ) : null}
          <ol className="question-list">
            {draft.questions.map((question, index) => (
              <QuestionEditor
                key={question.key}
                index={index}
                question={question}
                languages={languages}
                errors={errors}
                onChange={(next) => {
                  setQuestion(index, next);
                }}
                onRemove={() => {
                  change({ ...draft, questions: draft.questions.filter((_q, i) => i !== index) });
                }}
              />
            ))}
          </ol>
          <Button
            variant="secondary"
            onClick={() => {
              change({ ...draft, questions: [...draft.questions, emptyQuestion()] });
            }}
          >
            {t('builder.quiz.addQuestion')}
          </Button>
        </section>
        <div className="builder-savebar">
          <Button type="submit" busy={save.isPending}>
            {t('builder.quiz.save')}
          </Button>
          <span className="muted" role="status">
            {dirty ? t('builder.editor.unsaved') : t('builder.editor.upToDate')}
          </span>
        </div>
      </form>
    </>
  );
}

function QuestionEditor({
  index,
  question,
  languages,
  errors,
  onChange,
  onRemove,
}: {
  readonly index: number;
  readonly question: QuestionDraft;
  readonly languages: readonly ContentLanguage[];
  readonly errors: QuizErrors;
  readonly onChange: (question: QuestionDraft) => void;
  readonly onRemove: () => void;
}): ReactNode {
  const { t } = useI18n();
  const n = index + 1;
  const name = useId();
  const at = `questions.${String(index)}`;
  const error = (suffix: string): string | undefined => {
    const key = errors[`${at}.${suffix}`];
    return key ? t(key) : undefined;
  };
  const setCorrect = (optionIndex: number, correct: boolean): void => {
    onChange({
      ...question,
      options: question.options.map((option, i) =>
        question.type === 'single'
          ? { ...option, correct: i === optionIndex }
          : i === optionIndex
            ? { ...option, correct }
            : option,
      ),
    });
  };
  return (
    <li className="question-card">
      <div className="question-card__head">
        <h3>{t('builder.quiz.question', { n })}</h3>
        <Button
          size="sm"
          variant="danger"
          aria-label={t('builder.quiz.removeQuestion', { n })}
          onClick={onRemove}
        >
          {t('builder.chapter.removeShort')}
        </Button>
      </div>
      <RadioGroup
        legend={t('builder.quiz.type', { n })}
        name={`${name}-type`}
        options={[
          { value: 'single', label: t('builder.quiz.single') },
          { value: 'multiple', label: t('builder.quiz.multiple') },
        ]}
        value={question.type}
        onChange={(type) => {
          const first = question.options.findIndex((option) => option.correct);
          onChange({
            ...question,
            type,
            options:
              type === 'single'
                ? question.options.map((option, i) => ({ ...option, correct: i === Math.max(0, first) }))
                : question.options,
          });
        }}
      />
      <BilingualField
        legend={t('builder.quiz.prompt', { n })}
        value={question.prompt}
        languages={languages}
        multiline
        maxLength={2000}
        error={error('prompt')}
        onChange={(prompt) => {
          onChange({ ...question, prompt });
        }}
      />
      <fieldset className="builder-fieldset">
        <legend className="builder-fieldset__legend">{t('builder.quiz.options', { n })}</legend>
        {error('options') ? <p className="field__error">{error('options')}</p> : null}
        {error('correct') ? <p className="field__error">{error('correct')}</p> : null}
        <ol className="option-list">
          {question.options.map((option, optionIndex) => {
            const letter = String.fromCharCode(65 + optionIndex);
            return (
              <li key={option.key} className="option-row">
                <BilingualField
                  legend={t('builder.quiz.option', { n, letter })}
                  value={option.text}
                  languages={languages}
                  maxLength={1000}
                  onChange={(text) => {
                    onChange({
                      ...question,
                      options: question.options.map((o, i) => (i === optionIndex ? { ...o, text } : o)),
                    });
                  }}
                />
                <div className="cluster">
                  <label className="builder-choice">
                    <input
                      type={question.type === 'single' ? 'radio' : 'checkbox'}
                      name={`${name}-correct`}
                      checked={option.correct}
                      onChange={(event) => {
                        setCorrect(optionIndex, event.currentTarget.checked);
                      }}
                    />
                    {t('builder.quiz.correct', { n, letter })}
                  </label>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={question.options.length <= 2}
                    aria-label={t('builder.quiz.removeOption', { n, letter })}
                    onClick={() => {
                      onChange({
                        ...question,
                        options: question.options.filter((_o, i) => i !== optionIndex),
                      });
                    }}
                  >
                    {t('builder.chapter.removeShort')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
        {question.options.length < 8 ? (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              onChange({ ...question, options: [...question.options, emptyOption()] });
            }}
          >
            {t('builder.quiz.addOption', { n })}
          </Button>
        ) : null}
      </fieldset>
      <BilingualField
        legend={t('builder.quiz.explanation', { n })}
        hint={t('builder.quiz.explanationHint')}
        value={question.explanation}
        languages={languages}
        multiline
        maxLength={2000}
        onChange={(explanation) => {
          onChange({ ...question, explanation });
        }}
      />
    </li>
  );
}
