import type { CatalogueChapter, TrainingDetail } from '@soins/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { PlanPrices, useEntitlement } from '../../billing';
import { useAuthRedirect, useAuthStatus } from '../../identity/hooks';
import { SignInFailed } from '../../identity/SignInFailed';
import { useI18n } from '../../../i18n';
import { Badge, Button, buttonClass, ErrorState, Loading, useDocumentTitle } from '../../../ui';
import { formatDuration, formatPercent, percentOf } from '../format';
import {
  contentLanguage,
  enrol,
  myTrainingsQueryKey,
  myTrainingsQueryOptions,
  previewLink,
  trainingDetailQueryOptions,
} from '../queries';
import '../courses.css';
import { TrainingFacts } from './TrainingFacts';

/** One training: what it covers, its chapters and quiz rules, and the way in (enrol, continue, or subscribe). */
export function TrainingDetailPage({ trainingId }: { readonly trainingId: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const detail = useQuery(trainingDetailQueryOptions(api, trainingId, contentLanguage(lang)));
  useDocumentTitle(detail.data ? `${detail.data.title} · SOINS+` : t('courses.catalogue.documentTitle'));

  if (detail.isPending) return <Loading label={t('common.loading')} />;
  if (detail.isError) {
    return (
      <ErrorState
        level={1}
        title={
          isApiError(detail.error, 'not_found')
            ? t('courses.detail.notFound')
            : t('courses.detail.errorTitle')
        }
        action={
          <Link to="/catalogue" className={buttonClass('secondary')}>
            {t('courses.backToCatalogue')}
          </Link>
        }
      >
        <p>{problemMessage(t, detail.error)}</p>
      </ErrorState>
    );
  }
  return <Detail training={detail.data} />;
}

function Detail({ training }: { readonly training: TrainingDetail }): ReactNode {
  const { t, lang } = useI18n();
  const { auth } = useAppContext();
  useAuthStatus();
  const signedIn = auth.isSignedIn();
  const previews = training.chapters.filter((chapter) => chapter.preview);
  const textLang = training.language !== lang ? training.language : undefined;
  const { quiz } = training;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/catalogue">{t('courses.backToCatalogue')}</Link>
      </p>
      <header className="page-header">
        <h1 lang={textLang}>{training.title}</h1>
        <p className="course-card__badges">
          {training.free ? (
            <Badge tone="brand">{t('courses.badge.free')}</Badge>
          ) : (
            <Badge>{t('courses.badge.subscription')}</Badge>
          )}
        </p>
        <p className="lead" lang={textLang}>
          {training.summary}
        </p>
      </header>
      {training.description ? (
        <p className="detail-description" lang={textLang}>
          {training.description}
        </p>
      ) : null}
      <div className="detail-layout">
        <div className="stack">
          <TrainingFacts
            hours={training.accreditedHours}
            languages={training.languages}
            organiser={training.organiser}
            professions={training.professions}
          />
          <section aria-labelledby="detail-chapters">
            <h2 id="detail-chapters">{t('courses.detail.chapters')}</h2>
            <ol className="chapter-outline">
              {training.chapters.map((chapter) => (
                <li key={chapter.id}>
                  <span lang={textLang}>{chapter.title}</span>{' '}
                  <span className="muted">({formatDuration(lang, chapter.durationSeconds)})</span>
                  {chapter.preview ? (
                    <>
                      {' '}
                      <Badge tone="brand">{t('courses.preview.badge')}</Badge>
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="detail-quiz">
            <h2 id="detail-quiz">{t('courses.detail.quiz')}</h2>
            <ul>
              <li>{t('courses.quiz.questionsCount', { count: quiz.questionsPerAttempt })}</li>
              <li>{t('courses.quiz.passMark', { percent: quiz.passPercent })}</li>
              <li>
                {quiz.maxAttempts === null
                  ? t('courses.quiz.unlimitedAttempts')
                  : t('courses.quiz.maxAttempts', { count: quiz.maxAttempts })}
              </li>
              <li>
                {quiz.timeLimitMinutes === null
                  ? t('courses.quiz.noTimeLimit')
                  : t('courses.quiz.timeLimit', { minutes: quiz.timeLimitMinutes })}
              </li>
              {quiz.waitMinutesBetweenAttempts > 0 ? (
                <li>{t('courses.quiz.waitRule', { minutes: quiz.waitMinutesBetweenAttempts })}</li>
              ) : null}
            </ul>
          </section>
        </div>
        <div className="stack detail-side">
          <aside className="card detail-cta" aria-labelledby="detail-cta-title">
            <h2 id="detail-cta-title" className="detail-cta__title">
              {t('courses.detail.start')}
            </h2>
            {signedIn ? <EnrolAction training={training} /> : <VisitorAction training={training} />}
          </aside>
          {previews.map((chapter) => (
            <PreviewChapter
              key={chapter.id}
              trainingId={training.id}
              chapter={chapter}
              textLang={textLang}
              signedIn={signedIn}
            />
          ))}
        </div>
      </div>
    </>
  );
}

/** "Continue" for an enrolled learner, else "Enrol"; a subscription-only training sends others to the plans. */
function EnrolAction({ training }: { readonly training: TrainingDetail }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mine = useQuery(myTrainingsQueryOptions(api, contentLanguage(lang)));
  const entitlement = useEntitlement();
  const mutation = useMutation({
    mutationFn: () => enrol(api, training.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: myTrainingsQueryKey });
      await navigate({ to: '/learn/$trainingId', params: { trainingId: training.id } });
    },
  });

  if (mine.isPending || (!training.free && entitlement.isPending)) {
    return <Loading label={t('common.loading')} />;
  }
  const enrolment = mine.data?.items.find((item) => item.trainingId === training.id);
  if (enrolment) {
    return (
      <>
        <p>
          {t('courses.detail.enrolled', {
            percent: formatPercent(
              lang,
              percentOf(enrolment.progress.completedChapters, enrolment.progress.totalChapters),
            ),
          })}
        </p>
        <Link
          to={enrolment.nextStep.kind === 'quiz' ? '/learn/$trainingId/quiz' : '/learn/$trainingId'}
          params={{ trainingId: training.id }}
          className={buttonClass()}
        >
          {enrolment.nextStep.kind === 'quiz' ? t('courses.next.quiz') : t('courses.detail.continue')}
        </Link>
      </>
    );
  }
  // A paid training without a subscription: subscribing comes first, and Checkout brings her back here.
  if (!training.free && entitlement.entitled === false) return <SubscribeFirst trainingId={training.id} />;
  if (isApiError(mutation.error, 'subscription_required')) return <SubscribeCallToAction />;
  return (
    <>
      <p>{training.free ? t('courses.detail.freeBody') : t('courses.detail.subscriptionBody')}</p>
      <Button
        busy={mutation.isPending}
        onClick={() => {
          if (!mutation.isPending) mutation.mutate();
        }}
      >
        {t('courses.detail.enrol')}
      </Button>
      {mutation.isError ? (
        <p className="field__error" role="alert">
          {problemMessage(t, mutation.error)}
        </p>
      ) : null}
    </>
  );
}

/** A visitor: what it takes (free, or the subscription and its prices), and the way in: an account. */
function VisitorAction({ training }: { readonly training: TrainingDetail }): ReactNode {
  const { t } = useI18n();
  const { auth } = useAppContext();
  const redirect = useAuthRedirect();
  const returnTo = `/catalogue/${training.id}`;
  return (
    <>
      <p>{training.free ? t('courses.visitor.free') : t('courses.visitor.paid')}</p>
      {training.free ? null : <PlanPrices className="detail-cta__prices" />}
      {redirect.failed ? <SignInFailed /> : null}
      <div className="cluster">
        <Button
          onClick={() => {
            redirect.run(() => auth.signIn({ signUp: true, returnTo }));
          }}
        >
          {t('courses.visitor.signUp')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            redirect.run(() => auth.signIn({ returnTo }));
          }}
        >
          {t('courses.visitor.signIn')}
        </Button>
      </div>
    </>
  );
}

/**
 * A free preview chapter (marked by an admin), for anyone not yet enrolled: its video plays here through a
 * short-lived anonymous link, asked for only when the reader wants to watch (and again if it expired).
 */
function PreviewChapter({
  trainingId,
  chapter,
  textLang,
  signedIn,
}: {
  readonly trainingId: string;
  readonly chapter: CatalogueChapter;
  readonly textLang: string | undefined;
  readonly signedIn: boolean;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const mine = useQuery({ ...myTrainingsQueryOptions(api, contentLanguage(lang)), enabled: signedIn });
  const [retried, setRetried] = useState(false);
  const link = useMutation({
    mutationFn: () => previewLink(api, trainingId, chapter.id, contentLanguage(lang)),
  });
  const titleId = `preview-${chapter.id}`;
  if (mine.data?.items.some((item) => item.trainingId === trainingId)) return null;
  return (
    <section className="card preview" aria-labelledby={titleId}>
      <h2 id={titleId} className="detail-cta__title">
        {t('courses.preview.title')}
      </h2>
      <p>
        <span lang={textLang}>{chapter.title}</span>{' '}
        <span className="muted">({formatDuration(lang, chapter.durationSeconds)})</span>
      </p>
      {link.data ? (
        <video
          className="player-video__element"
          controls
          playsInline
          preload="metadata"
          src={link.data.url}
          lang={link.data.language}
          aria-label={t('courses.preview.videoLabel', { title: chapter.title })}
          onError={() => {
            // An expired link: ask for a fresh one, once.
            if (retried) return;
            setRetried(true);
            link.mutate();
          }}
        >
          {t('courses.player.noVideoSupport')}
        </video>
      ) : (
        <>
          <p>{t('courses.preview.intro')}</p>
          <Button
            variant="secondary"
            busy={link.isPending}
            onClick={() => {
              if (!link.isPending) link.mutate();
            }}
          >
            {t('courses.preview.watch')}
            <span className="sr-only">: {chapter.title}</span>
          </Button>
        </>
      )}
      {link.isError ? (
        <p className="field__error" role="alert">
          {t('courses.preview.error')}
        </p>
      ) : null}
    </section>
  );
}

function SubscribeFirst({ trainingId }: { readonly trainingId: string }): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <p>{t('courses.detail.subscribeFirst')}</p>
      <PlanPrices className="detail-cta__prices" />
      <Link
        to="/account/subscription"
        search={{ returnTo: `/catalogue/${trainingId}` }}
        className={buttonClass()}
      >
        {t('courses.detail.subscribeAction')}
      </Link>
    </>
  );
}

function SubscribeCallToAction(): ReactNode {
  const { t } = useI18n();
  return (
    <div role="alert">
      <p>{t('courses.detail.subscriptionRequired')}</p>
      <Link to="/account/subscription" className={buttonClass()}>
        {t('courses.detail.subscribe')}
      </Link>
    </div>
  );
}
