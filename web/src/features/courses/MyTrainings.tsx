import type { DashboardItem } from '@soins/shared';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Button, buttonClass, EmptyState, ErrorState, Loading } from '../../ui';
import { formatPercent, percentOf } from './format';
import { contentLanguage, myTrainingsQueryOptions } from './queries';
import './courses.css';

export interface MyTrainingsProps {
  /** Heading level of the section title inside the page outline (defaults to h2). */
  readonly level?: 2 | 3;
  /**
   * False when the page already titles the section (the dashboard's "Mes formations" heading): only the list or the
   * empty state is rendered, its headings one level below `level`.
   */
  readonly withTitle?: boolean;
}

/**
 * The dashboard's trainings: the ones the learner follows (GET /api/me/trainings), each with its progress and the
 * next step (continue, take the quiz); an empty state pointing to the catalogue.
 */
export function MyTrainings({ level = 2, withTitle = true }: MyTrainingsProps): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const trainings = useQuery(myTrainingsQueryOptions(api, contentLanguage(lang)));
  const Heading = level === 2 ? 'h2' : 'h3';
  let body: ReactNode;
  if (trainings.isPending) body = <Loading label={t('common.loading')} />;
  else if (trainings.isError)
    body = (
      <ErrorState
        title={t('courses.mine.errorTitle')}
        action={
          <Button variant="secondary" onClick={() => void trainings.refetch()}>
            {t('courses.retry')}
          </Button>
        }
      >
        <p>{problemMessage(t, trainings.error)}</p>
      </ErrorState>
    );
  else if (trainings.data.items.length === 0)
    body = (
      <EmptyState
        level={3}
        title={t('learner.trainings.emptyTitle')}
        action={
          <Link to="/catalogue" className={buttonClass()}>
            {t('courses.toCatalogue')}
          </Link>
        }
      >
        <p>{t('courses.mine.emptyBody')}</p>
      </EmptyState>
    );
  else
    body = (
      <ul className="my-trainings">
        {trainings.data.items.map((item) => (
          <li key={item.trainingId}>
            <TrainingRow item={item} level={level === 2 ? 3 : 4} />
          </li>
        ))}
      </ul>
    );
  if (!withTitle) return body;
  return (
    <section aria-labelledby="my-trainings-title" className="my-trainings-section">
      <Heading id="my-trainings-title">{t('learner.trainings.title')}</Heading>
      {body}
    </section>
  );
}

function TrainingRow({ item, level }: { readonly item: DashboardItem; readonly level: 3 | 4 }): ReactNode {
  const { t, lang } = useI18n();
  const progressText = t('courses.progress.training', {
    done: item.progress.completedChapters,
    total: item.progress.totalChapters,
    percent: formatPercent(lang, percentOf(item.progress.completedChapters, item.progress.totalChapters)),
  });
  const titleId = `my-training-${item.trainingId}`;
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <article className="card my-training" aria-labelledby={titleId}>
      <Heading
        id={titleId}
        className="my-training__title"
        lang={item.language !== lang ? item.language : undefined}
      >
        {item.title}
      </Heading>
      <div className="progress-line">
        <progress className="progress" max={100} value={item.progress.percent} aria-label={progressText} />
        <span aria-hidden="true">{progressText}</span>
      </div>
      <p className="my-training__next">
        {item.nextStep.kind === 'chapter' ? (
          <Link
            to="/learn/$trainingId"
            params={{ trainingId: item.trainingId }}
            search={{ chapter: item.nextStep.chapterId }}
            className={buttonClass('primary', 'sm')}
          >
            {item.progress.completedChapters === 0 ? t('courses.next.start') : t('courses.next.continue')}
            <span className="sr-only">: {item.title}</span>
          </Link>
        ) : item.nextStep.kind === 'quiz' ? (
          <Link
            to="/learn/$trainingId/quiz"
            params={{ trainingId: item.trainingId }}
            className={buttonClass('primary', 'sm')}
          >
            {t('courses.next.quiz')}
            <span className="sr-only">: {item.title}</span>
          </Link>
        ) : (
          <Link to="/certificates" className={buttonClass('secondary', 'sm')}>
            {t('courses.next.done')}
            <span className="sr-only">: {item.title}</span>
          </Link>
        )}
      </p>
    </article>
  );
}
