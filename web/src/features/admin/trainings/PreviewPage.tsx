import type { ContentLanguage, TrainingDetail } from '@soins/shared';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import { Badge, Button, ErrorState, Loading, SelectField, useDocumentTitle } from '../../../ui';
import { TrainingFacts } from '../../courses/catalogue/TrainingFacts';
import { formatDuration } from '../../courses/format';
import { CaptionTracks } from '../../courses/player/CaptionTracks';
import '../../courses/courses.css';
import { chapterMediaQueryOptions, previewQueryOptions, trainingQueryOptions } from './queries';
import { EditorTabs, StatusBadge, titleOf } from './TrainingEditorPage';
import { LANGUAGE_NAME } from './TrainingFields';
import './builder.css';

/**
 * A training as a learner would see it — its page in the catalogue and its chapters' videos with captions and
 * handouts — whatever its status: a draft can be checked before it is published.
 */
export function PreviewPage({ trainingId }: { readonly trainingId: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const training = useSuspenseQuery(trainingQueryOptions(api, trainingId)).data.training;
  const [language, setLanguage] = useState<ContentLanguage>(
    training.languages.includes(lang === 'nl' ? 'nl' : 'fr')
      ? lang === 'nl'
        ? 'nl'
        : 'fr'
      : (training.languages[0] ?? 'fr'),
  );
  const preview = useQuery(previewQueryOptions(api, trainingId, language));
  useDocumentTitle(t('builder.preview.documentTitle', { title: titleOf(training, lang) }));

  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/trainings">{t('builder.backToList')}</Link>
      </p>
      <header className="page-header builder-header">
        <p className="page-header__eyebrow">{t('builder.preview.eyebrow')}</p>
        <h1>
          {titleOf(training, lang)} <StatusBadge status={training.status} />
        </h1>
        <EditorTabs trainingId={trainingId} current="preview" />
        <p className="lead">
          {training.status === 'published' ? t('builder.preview.introPublished') : t('builder.preview.intro')}
        </p>
        {training.languages.length > 1 ? (
          <SelectField
            label={t('builder.preview.language')}
            value={language}
            options={training.languages.map((l) => ({ value: l, label: t(LANGUAGE_NAME[l]) }))}
            onChange={(value) => {
              setLanguage(value === 'nl' ? 'nl' : 'fr');
            }}
          />
        ) : null}
      </header>
      {preview.isPending ? <Loading label={t('common.loading')} /> : null}
      {preview.isError ? (
        <ErrorState title={t('builder.preview.error')}>
          <p>{problemMessage(t, preview.error)}</p>
        </ErrorState>
      ) : null}
      {preview.data ? <PreviewDetail detail={preview.data} trainingId={trainingId} /> : null}
    </>
  );
}

/** The learner's training page, read-only, with each chapter playable. */
function PreviewDetail({
  detail,
  trainingId,
}: {
  readonly detail: TrainingDetail;
  readonly trainingId: string;
}): ReactNode {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const textLang = detail.language !== lang ? detail.language : undefined;
  const { quiz } = detail;
  return (
    <article className="builder-preview" lang={textLang}>
      <h2>{detail.title}</h2>
      <p className="course-card__badges">
        {detail.free ? (
          <Badge tone="brand">{t('courses.badge.free')}</Badge>
        ) : (
          <Badge>{t('courses.badge.subscription')}</Badge>
        )}
      </p>
      <p className="lead">{detail.summary}</p>
      {detail.description ? <p className="builder-preview__description">{detail.description}</p> : null}
      <TrainingFacts
        hours={detail.accreditedHours}
        languages={detail.languages}
        organiser={detail.organiser}
        professions={detail.professions}
      />
      <h3>{t('courses.detail.chapters')}</h3>
      {detail.chapters.length === 0 ? <p>{t('builder.preview.noChapter')}</p> : null}
      <ol className="chapter-outline">
        {detail.chapters.map((chapter) => (
          <li key={chapter.id}>
            <span>{chapter.title}</span>{' '}
            <span className="muted">({formatDuration(lang, chapter.durationSeconds)})</span>{' '}
            <Button
              size="sm"
              variant="secondary"
              aria-expanded={open === chapter.id}
              onClick={() => {
                setOpen(open === chapter.id ? null : chapter.id);
              }}
            >
              {t('builder.preview.play', { title: chapter.title })}
            </Button>
            {open === chapter.id ? (
              <PreviewPlayer
                trainingId={trainingId}
                chapterId={chapter.id}
                language={detail.language}
                title={chapter.title}
              />
            ) : null}
          </li>
        ))}
      </ol>
      <h3>{t('courses.detail.quiz')}</h3>
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
      </ul>
    </article>
  );
}

function PreviewPlayer({
  trainingId,
  chapterId,
  language,
  title,
}: {
  readonly trainingId: string;
  readonly chapterId: string;
  readonly language: ContentLanguage;
  readonly title: string;
}): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const media = useQuery(chapterMediaQueryOptions(api, trainingId, chapterId, language));
  if (media.isPending) return <Loading label={t('common.loading')} />;
  if (media.isError) return <p role="alert">{problemMessage(t, media.error)}</p>;
  const { video, captions, handout } = media.data;
  if (!video) return <p>{t('builder.preview.noVideo')}</p>;
  return (
    <div className="player-video builder-preview__player">
      <video
        className="player-video__element"
        controls
        preload="metadata"
        playsInline
        src={video.url}
        lang={video.language}
        crossOrigin={captions.length > 0 ? 'anonymous' : undefined}
        aria-label={t('courses.player.videoLabel', { title })}
      >
        <CaptionTracks captions={captions} videoLanguage={language} />
      </video>
      {handout ? (
        <p>
          <a href={handout.url}>{t('courses.player.handout')}</a>
        </p>
      ) : null}
    </div>
  );
}
