import type { QuizAttemptView, QuizResult, QuizStatusView } from '@soins/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import {
  Badge,
  Button,
  buttonClass,
  ConfirmDialog,
  ErrorState,
  Loading,
  useDocumentTitle,
} from '../../../ui';
import { formatDateTime, formatPercent } from '../format';
import {
  contentLanguage,
  certificatesQueryOptions,
  courseQueryOptions,
  myTrainingsQueryKey,
  quizAttemptQueryOptions,
  quizStatusQueryKey,
  quizStatusQueryOptions,
  startQuizAttempt,
  submitQuizAttempt,
} from '../queries';
import { crossedMark, formatCountdown, remainingMs } from './countdown';
import { ResultQuestions } from './ResultQuestions';
import { EligibilityNotice } from '../certificates/EligibilityNotice';
import '../courses.css';

/** Re-renders every second while `active`, returning the current time. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [active]);
  return now;
}

export function QuizPage({
  trainingId,
  attemptId,
}: {
  readonly trainingId: string;
  readonly attemptId: string | undefined;
}): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t('courses.quiz.documentTitle'));
  return attemptId ? (
    <AttemptPage trainingId={trainingId} attemptId={attemptId} />
  ) : (
    <StatusPage trainingId={trainingId} />
  );
}

function TrainingTitle({ trainingId }: { readonly trainingId: string }): ReactNode {
  const { api } = useAppContext();
  const { lang } = useI18n();
  const course = useQuery(courseQueryOptions(api, trainingId, contentLanguage(lang)));
  if (!course.data) return null;
  return (
    <p
      className="page-header__eyebrow"
      lang={course.data.language !== lang ? course.data.language : undefined}
    >
      {course.data.title}
    </p>
  );
}

function LoadError({ error, onRetry }: { readonly error: unknown; readonly onRetry: () => void }): ReactNode {
  const { t } = useI18n();
  return (
    <ErrorState
      level={1}
      title={t('courses.quiz.errorTitle')}
      action={
        <Button variant="secondary" onClick={onRetry}>
          {t('courses.retry')}
        </Button>
      }
    >
      <p>{problemMessage(t, error)}</p>
    </ErrorState>
  );
}

// ---- status: rules, attempts, what can be done now ----

function StatusPage({ trainingId }: { readonly trainingId: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const status = useQuery(quizStatusQueryOptions(api, trainingId, contentLanguage(lang)));
  if (status.isPending) return <Loading label={t('common.loading')} />;
  if (status.isError) return <LoadError error={status.error} onRetry={() => void status.refetch()} />;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/learn/$trainingId" params={{ trainingId }}>
          {t('courses.quiz.backToCourse')}
        </Link>
      </p>
      <header className="page-header">
        <TrainingTitle trainingId={trainingId} />
        <h1>{t('courses.quiz.title')}</h1>
      </header>
      <div className="stack">
        <QuizRules status={status.data} />
        <QuizAction status={status.data} onChanged={() => void status.refetch()} />
        {status.data.lastResult ? (
          <p>
            {t('courses.quiz.lastResult', {
              score: formatPercent(lang, status.data.lastResult.scorePercent, {
                below: status.data.settings.passPercent,
              }),
              outcome: t(`courses.quiz.outcome.${status.data.lastResult.status}`),
            })}{' '}
            <Link
              to="/learn/$trainingId/quiz"
              params={{ trainingId }}
              search={{ attempt: status.data.lastResult.attemptId }}
            >
              {t('courses.quiz.seeResult')}
            </Link>
          </p>
        ) : null}
      </div>
    </>
  );
}

function QuizRules({ status }: { readonly status: QuizStatusView }): ReactNode {
  const { t, lang } = useI18n();
  const { settings } = status;
  return (
    <section className="card" aria-labelledby="quiz-rules">
      <h2 id="quiz-rules">{t('courses.quiz.rules')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('courses.quiz.questions')}</dt>
          <dd>{t('courses.quiz.questionsCount', { count: settings.questionsPerAttempt })}</dd>
        </div>
        <div>
          <dt>{t('courses.quiz.passMarkLabel')}</dt>
          <dd>{formatPercent(lang, settings.passPercent)}</dd>
        </div>
        <div>
          <dt>{t('courses.quiz.timeLimitLabel')}</dt>
          <dd>
            {settings.timeLimitMinutes === null
              ? t('courses.quiz.noTimeLimit')
              : t('courses.quiz.minutes', { minutes: settings.timeLimitMinutes })}
          </dd>
        </div>
        <div>
          <dt>{t('courses.quiz.attemptsLabel')}</dt>
          <dd>
            {status.attemptsLeft === null
              ? t('courses.quiz.attemptsUsedUnlimited', { used: status.attemptsUsed })
              : `${t('courses.quiz.attemptsUsed', { used: status.attemptsUsed })} · ${t('courses.quiz.attemptsLeft', { count: status.attemptsLeft })}`}
          </dd>
        </div>
        {settings.waitMinutesBetweenAttempts > 0 ? (
          <div>
            <dt>{t('courses.quiz.waitLabel')}</dt>
            <dd>{t('courses.quiz.minutes', { minutes: settings.waitMinutesBetweenAttempts })}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function QuizAction({
  status,
  onChanged,
}: {
  readonly status: QuizStatusView;
  readonly onChanged: () => void;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const trainingId = status.trainingId;
  const start = useMutation({
    mutationFn: () => startQuizAttempt(api, trainingId),
    onSuccess: async (view) => {
      queryClient.setQueryData(
        quizAttemptQueryOptions(api, trainingId, view.attemptId, contentLanguage(lang)).queryKey,
        view,
      );
      await navigate({
        to: '/learn/$trainingId/quiz',
        params: { trainingId },
        search: { attempt: view.attemptId },
      });
    },
    onError: (error) => {
      // The api knows better (another tab started, the wait is not over…): show its reason and the fresh state.
      if (!isApiError(error, 'network')) onChanged();
    },
  });
  const waiting = status.state === 'waiting' && status.nextAttemptAt !== null;
  const now = useNow(waiting);
  const left = waiting && status.nextAttemptAt ? remainingMs(status.nextAttemptAt, now) : 0;
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    // The wait is over: ask the api once for the new state (it decides, not this clock).
    if (waiting && left === 0 && refreshedFor.current !== status.nextAttemptAt) {
      refreshedFor.current = status.nextAttemptAt;
      onChanged();
    }
  }, [waiting, left, onChanged, status.nextAttemptAt]);

  let body: ReactNode;
  switch (status.state) {
    case 'locked':
      body = (
        <>
          <p>{t('courses.quiz.locked')}</p>
          <Link to="/learn/$trainingId" params={{ trainingId }} className={buttonClass()}>
            {t('courses.quiz.backToCourse')}
          </Link>
        </>
      );
      break;
    case 'available':
      body = (
        <>
          <p>{t('courses.quiz.availableBody')}</p>
          <Button
            busy={start.isPending}
            onClick={() => {
              if (!start.isPending) start.mutate();
            }}
          >
            {status.attemptsUsed > 0 ? t('courses.quiz.retry') : t('courses.quiz.start')}
          </Button>
        </>
      );
      break;
    case 'in_progress':
      body = (
        <>
          <p>{t('courses.quiz.inProgressBody')}</p>
          {status.currentAttemptId ? (
            <Link
              to="/learn/$trainingId/quiz"
              params={{ trainingId }}
              search={{ attempt: status.currentAttemptId }}
              className={buttonClass()}
            >
              {t('courses.quiz.resume')}
            </Link>
          ) : null}
        </>
      );
      break;
    case 'waiting':
      body = (
        <>
          <p>
            {status.nextAttemptAt
              ? t('courses.quiz.waitingUntil', { time: formatDateTime(lang, status.nextAttemptAt) })
              : t('courses.quiz.waiting')}
          </p>
          {waiting ? (
            <p className="countdown">
              <span id="wait-countdown-label">{t('courses.quiz.waitCountdown')}</span>{' '}
              <span role="timer" aria-labelledby="wait-countdown-label" className="countdown__value">
                {formatCountdown(left)}
              </span>
            </p>
          ) : null}
        </>
      );
      break;
    case 'exhausted':
      body = <p>{t('courses.quiz.exhausted')}</p>;
      break;
    case 'passed':
      body = (
        <>
          <p>{t('courses.quiz.passedBody')}</p>
          <PassedEligibility />
          <Link to="/certificates" className={buttonClass()}>
            {t('courses.quiz.toCertificates')}
          </Link>
        </>
      );
      break;
  }
  return (
    <section className="card" aria-labelledby="quiz-action">
      <h2 id="quiz-action">{t(`courses.quiz.state.${status.state}`)}</h2>
      {body}
      {start.isError ? (
        <p className="field__error" role="alert">
          {problemMessage(t, start.error)}
        </p>
      ) : null}
    </section>
  );
}

// ---- an attempt: questions, or its result ----

function AttemptPage({
  trainingId,
  attemptId,
}: {
  readonly trainingId: string;
  readonly attemptId: string;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const attempt = useQuery({
    ...quizAttemptQueryOptions(api, trainingId, attemptId, contentLanguage(lang)),
    staleTime: Infinity,
  });
  if (attempt.isPending) return <Loading label={t('common.loading')} />;
  if (attempt.isError) return <LoadError error={attempt.error} onRetry={() => void attempt.refetch()} />;
  return attempt.data.status === 'in_progress' ? (
    <QuizForm key={attempt.data.attemptId} view={attempt.data} />
  ) : (
    <ResultView result={attempt.data} />
  );
}

type Answers = Readonly<Record<string, readonly string[]>>;

function storageKey(attemptId: string): string {
  return `soins.quiz.${attemptId}`;
}

/** Answers kept in the tab's session so a reload in the middle of an attempt loses nothing. */
function loadAnswers(attemptId: string): Answers {
  try {
    const raw = window.sessionStorage.getItem(storageKey(attemptId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== 'object' || parsed === null) return {};
    const answers: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (Array.isArray(value)) answers[key] = value.filter((v): v is string => typeof v === 'string');
    }
    return answers;
  } catch {
    return {};
  }
}

function saveAnswers(attemptId: string, answers: Answers | undefined): void {
  try {
    if (answers) window.sessionStorage.setItem(storageKey(attemptId), JSON.stringify(answers));
    else window.sessionStorage.removeItem(storageKey(attemptId));
  } catch {
    // Private mode or full storage: the answers simply live in memory.
  }
}

function QuizForm({ view }: { readonly view: QuizAttemptView }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<Answers>(() => loadAnswers(view.attemptId));
  const [step, setStep] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const submitting = useRef(false);
  const timeUpHandled = useRef(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const textLang = view.language !== lang ? view.language : undefined;
  const questions = view.questions;
  const question = questions[step];
  const unanswered = questions.filter((q) => (answers[q.id] ?? []).length === 0).length;

  const now = useNow(view.deadline !== null);
  const left = view.deadline ? remainingMs(view.deadline, now) : undefined;
  const previousLeft = useRef(left);

  const attemptKey = quizAttemptQueryOptions(
    api,
    view.trainingId,
    view.attemptId,
    contentLanguage(lang),
  ).queryKey;
  const submit = useMutation({
    mutationFn: () =>
      submitQuizAttempt(api, view.trainingId, view.attemptId, {
        answers: questions.map((q) => ({ questionId: q.id, optionIds: [...(answers[q.id] ?? [])] })),
      }),
    onSuccess: (result) => {
      saveAnswers(view.attemptId, undefined);
      queryClient.setQueryData(attemptKey, result);
      void queryClient.invalidateQueries({ queryKey: quizStatusQueryKey(view.trainingId), exact: false });
      void queryClient.invalidateQueries({ queryKey: myTrainingsQueryKey });
    },
    onError: (error) => {
      submitting.current = false;
      // Too late: the attempt is over on the api; show it as it stands there (expired).
      if (isApiError(error, 'attempt_expired') || isApiError(error, 'conflict')) {
        void queryClient.invalidateQueries({ queryKey: attemptKey });
      }
    },
  });

  const send = (): void => {
    // A double click, or the deadline firing while the learner clicks, must never send twice.
    if (submitting.current) return;
    submitting.current = true;
    setConfirming(false);
    submit.mutate();
  };

  useEffect(() => {
    saveAnswers(view.attemptId, answers);
  }, [view.attemptId, answers]);

  // Announce 5 and 1 minutes left, politely and once each; submit what is answered when the time is up.
  useEffect(() => {
    if (left === undefined) return;
    const mark = previousLeft.current === undefined ? undefined : crossedMark(previousLeft.current, left);
    previousLeft.current = left;
    if (mark !== undefined) setAnnouncement(t('courses.quiz.minutesLeftAnnouncement', { minutes: mark }));
    // Once only: if this submission fails (e.g. too late for the api), the error is shown, not retried in a loop.
    if (left === 0 && !timeUpHandled.current && !submitting.current) {
      timeUpHandled.current = true;
      setAnnouncement(t('courses.quiz.timeUp'));
      submitting.current = true;
      setConfirming(false);
      submit.mutate();
    }
  }, [left, t, submit]);

  useEffect(() => {
    if (moved.current) stepHeading.current?.focus();
  }, [step]);

  const go = (next: number): void => {
    moved.current = true;
    setStep(next);
  };

  if (!question) return null;
  const chosen = answers[question.id] ?? [];
  const toggle = (optionId: string, checked: boolean): void => {
    setAnswers((current) => {
      const before = current[question.id] ?? [];
      const after =
        question.type === 'single'
          ? [optionId]
          : checked
            ? [...before.filter((id) => id !== optionId), optionId]
            : before.filter((id) => id !== optionId);
      return { ...current, [question.id]: after };
    });
  };
  const last = step === questions.length - 1;

  return (
    <>
      <header className="page-header">
        <TrainingTitle trainingId={view.trainingId} />
        <h1>{t('courses.quiz.attemptTitle', { number: view.number })}</h1>
        {left !== undefined ? (
          <p className={`countdown${left < 60_000 ? ' countdown--urgent' : ''}`}>
            <span id="quiz-countdown-label">{t('courses.quiz.timeLeft')}</span>{' '}
            <span role="timer" aria-labelledby="quiz-countdown-label" className="countdown__value">
              {formatCountdown(left)}
            </span>
          </p>
        ) : null}
        <p className="sr-only" role="status" aria-live="polite">
          {announcement}
        </p>
      </header>
      <form
        className="quiz-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!last) {
            go(step + 1);
            return;
          }
          if (unanswered > 0) setConfirming(true);
          else send();
        }}
      >
        <h2 ref={stepHeading} tabIndex={-1} className="quiz-form__step">
          {t('courses.quiz.questionOf', { index: step + 1, total: questions.length })}
        </h2>
        <div className="progress-line">
          <progress
            className="progress"
            max={questions.length}
            value={questions.length - unanswered}
            aria-label={t('courses.quiz.answeredCount', {
              answered: questions.length - unanswered,
              total: questions.length,
            })}
          />
          <span aria-hidden="true">
            {t('courses.quiz.answeredCount', {
              answered: questions.length - unanswered,
              total: questions.length,
            })}
          </span>
        </div>
        <fieldset className="quiz-question" key={question.id}>
          <legend className="quiz-question__prompt" lang={textLang}>
            {question.prompt}
          </legend>
          <p className="muted quiz-question__hint" id={`hint-${question.id}`}>
            {question.type === 'single' ? t('courses.quiz.single') : t('courses.quiz.multiple')}
          </p>
          <ul className="quiz-options">
            {question.options.map((option) => {
              const id = `${question.id}-${option.id}`;
              return (
                <li key={option.id} className="quiz-option">
                  <input
                    id={id}
                    type={question.type === 'single' ? 'radio' : 'checkbox'}
                    name={question.id}
                    value={option.id}
                    checked={chosen.includes(option.id)}
                    aria-describedby={`hint-${question.id}`}
                    onChange={(event) => {
                      toggle(option.id, event.currentTarget.checked);
                    }}
                  />
                  <label htmlFor={id} lang={textLang}>
                    {option.text}
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <div className="cluster quiz-form__nav">
          {step > 0 ? (
            <Button
              variant="secondary"
              onClick={() => {
                go(step - 1);
              }}
            >
              {t('courses.quiz.previous')}
            </Button>
          ) : null}
          <Button type="submit" busy={last && submit.isPending}>
            {last ? t('courses.quiz.submit') : t('courses.quiz.next')}
          </Button>
        </div>
        {submit.isError ? (
          <p className="field__error" role="alert">
            {problemMessage(t, submit.error)}
          </p>
        ) : null}
      </form>
      <ConfirmDialog
        open={confirming}
        title={t('courses.quiz.confirmTitle')}
        confirmLabel={t('courses.quiz.confirmSubmit')}
        cancelLabel={t('courses.quiz.confirmBack')}
        busy={submit.isPending}
        onConfirm={send}
        onCancel={() => {
          setConfirming(false);
        }}
      >
        <p>{t('courses.quiz.unansweredWarning', { count: unanswered })}</p>
      </ConfirmDialog>
    </>
  );
}

function ResultView({ result }: { readonly result: QuizResult }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const status = useQuery(quizStatusQueryOptions(api, result.trainingId, contentLanguage(lang)));
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const retry = status.data;
  // What a passed learner's certificate still waits for (a complete profile, an approved diploma).
  const certificates = useQuery({ ...certificatesQueryOptions(api), enabled: result.passed });
  const waitsFor = certificates.data?.missing ?? [];
  return (
    <>
      <header className="page-header">
        <TrainingTitle trainingId={result.trainingId} />
        <h1 ref={headingRef} tabIndex={-1}>
          {t('courses.quiz.resultTitle', { number: result.number })}
        </h1>
      </header>
      <div className="stack">
        <section
          className={`card result result--${result.passed ? 'passed' : 'failed'}`}
          aria-labelledby="result-outcome"
        >
          <h2 id="result-outcome">
            <Badge tone={result.passed ? 'brand' : 'danger'}>
              {t(`courses.quiz.outcome.${result.status}`)}
            </Badge>
          </h2>
          <p className="result__score">
            {t('courses.quiz.score', {
              correct: result.correctCount,
              total: result.questionCount,
              percent: formatPercent(lang, result.scorePercent, { below: result.passPercent }),
              pass: formatPercent(lang, result.passPercent),
            })}
          </p>
          {result.passed ? (
            <>
              {certificates.isPending ? null : waitsFor.length > 0 ? (
                <EligibilityNotice missing={waitsFor} />
              ) : (
                <p>{t('courses.quiz.certificateComing')}</p>
              )}
              <Link to="/certificates" search={{ awaiting: result.trainingId }} className={buttonClass()}>
                {t('courses.quiz.toCertificates')}
              </Link>
            </>
          ) : (
            <>
              {result.status === 'expired' ? <p>{t('courses.quiz.expiredBody')}</p> : null}
              <p>
                {!retry
                  ? t('common.loading')
                  : retry.state === 'exhausted'
                    ? t('courses.quiz.exhausted')
                    : retry.state === 'waiting' && retry.nextAttemptAt
                      ? t('courses.quiz.retryAt', { time: formatDateTime(lang, retry.nextAttemptAt) })
                      : t('courses.quiz.retryNow')}
                {retry && retry.attemptsLeft !== null && retry.state !== 'exhausted'
                  ? ` ${t('courses.quiz.attemptsLeft', { count: retry.attemptsLeft })}`
                  : ''}
              </p>
              <div className="cluster">
                <Link
                  to="/learn/$trainingId/quiz"
                  params={{ trainingId: result.trainingId }}
                  className={buttonClass()}
                >
                  {t('courses.quiz.backToQuiz')}
                </Link>
                <Link
                  to="/learn/$trainingId"
                  params={{ trainingId: result.trainingId }}
                  className={buttonClass('secondary')}
                >
                  {t('courses.quiz.reviewCourse')}
                </Link>
              </div>
            </>
          )}
        </section>
        <ResultQuestions result={result} />
      </div>
    </>
  );
}

/** On a passed quiz: what its certificate still waits for, if anything. */
function PassedEligibility(): ReactNode {
  const { api } = useAppContext();
  const certificates = useQuery(certificatesQueryOptions(api));
  return <EligibilityNotice missing={certificates.data?.missing ?? []} />;
}
