import type { CourseChapter, CourseView, MediaLink, ProgressResult } from '@soins/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import { Button, buttonClass, EmptyState, ErrorState, Loading, useDocumentTitle } from '../../../ui';
import { formatDuration, formatPercent, percentOf } from '../format';
import { contentLanguage, courseQueryOptions, progressPath, storeChapterState, videoLink } from '../queries';
import { CaptionTracks } from './CaptionTracks';
import { completionHint } from './course-state';
import { WatchedIntervalTracker } from './intervals';
import { MAX_INTERVALS_PER_REPORT, MIN_REPORT_GAP_SECONDS } from './limits';
import { createProgressSender } from './progress-transport';
import { ProgressReporter, REPORT_EVERY_MS } from './reporter';
import '../courses.css';

/** The chapter to show: the one asked for, else where the learner left off, else the next to watch, else the first. */
export function currentChapterOf(
  course: CourseView,
  requested: string | undefined,
): CourseChapter | undefined {
  const byId = (id: string | undefined) => (id ? course.chapters.find((c) => c.id === id) : undefined);
  return (
    byId(requested) ??
    byId(course.nextStep.kind === 'chapter' ? course.nextStep.chapterId : undefined) ??
    byId(course.lastChapterId) ??
    course.chapters[0]
  );
}

export function PlayerPage({
  trainingId,
  chapterId,
}: {
  readonly trainingId: string;
  readonly chapterId: string | undefined;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const course = useQuery(courseQueryOptions(api, trainingId, contentLanguage(lang)));
  useDocumentTitle(course.data ? `${course.data.title} · SOINS+` : t('courses.player.documentTitle'));

  if (course.isPending) return <Loading label={t('common.loading')} />;
  if (course.isError) {
    if (isApiError(course.error, 'not_enrolled') || isApiError(course.error, 'not_found')) {
      return (
        <EmptyState
          title={t('courses.player.notEnrolledTitle')}
          action={
            <Link to="/catalogue/$trainingId" params={{ trainingId }} className={buttonClass()}>
              {t('courses.player.toDetail')}
            </Link>
          }
        >
          <p>{problemMessage(t, course.error)}</p>
        </EmptyState>
      );
    }
    return (
      <ErrorState
        level={1}
        title={t('courses.player.errorTitle')}
        action={
          <Button variant="secondary" onClick={() => void course.refetch()}>
            {t('courses.retry')}
          </Button>
        }
      >
        <p>{problemMessage(t, course.error)}</p>
      </ErrorState>
    );
  }
  const current = currentChapterOf(course.data, chapterId);
  if (!current) return null;
  return <Player course={course.data} chapter={current} />;
}

function Player({
  course,
  chapter,
}: {
  readonly course: CourseView;
  readonly chapter: CourseChapter;
}): ReactNode {
  const { t, lang } = useI18n();
  const textLang = course.language !== lang ? course.language : undefined;
  const index = course.chapters.findIndex((c) => c.id === chapter.id);
  const next = course.chapters[index + 1];
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    // Moving to another chapter is a new "page" for keyboard and screen-reader users: put focus on its title.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [chapter.id]);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/catalogue/$trainingId" params={{ trainingId: course.trainingId }}>
          {t('courses.player.aboutTraining')}
        </Link>
      </p>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('courses.player.eyebrow')}</p>
        <h1 lang={textLang}>{course.title}</h1>
        <TrainingProgress course={course} />
      </header>
      <div className="player-layout">
        <section className="player-main" aria-labelledby="chapter-title">
          <h2 id="chapter-title" ref={headingRef} tabIndex={-1} className="player-main__title">
            <span className="muted">
              {t('courses.player.chapterOf', { index: index + 1, total: course.chapters.length })}
            </span>{' '}
            <span lang={textLang}>{chapter.title}</span>
          </h2>
          <ChapterVideo key={chapter.id} trainingId={course.trainingId} chapter={chapter} />
          <ChapterProgress chapter={chapter} />
          <div className="cluster player-main__next">
            {next ? (
              <Link
                to="/learn/$trainingId"
                params={{ trainingId: course.trainingId }}
                search={{ chapter: next.id }}
                className={buttonClass(chapter.completed ? 'primary' : 'secondary')}
              >
                {t('courses.player.nextChapter')}
                <span className="sr-only">: {next.title}</span>
              </Link>
            ) : null}
            {course.quizUnlocked ? (
              <Link
                to="/learn/$trainingId/quiz"
                params={{ trainingId: course.trainingId }}
                className={buttonClass('primary')}
              >
                {t('courses.next.quiz')}
              </Link>
            ) : null}
          </div>
          {course.quizUnlocked ? (
            <p className="player-main__done" role="status">
              {t('courses.player.allDone')}
            </p>
          ) : null}
        </section>
        <nav className="chapter-nav" aria-label={t('courses.player.chapters')}>
          <h2 className="chapter-nav__title">{t('courses.player.chapters')}</h2>
          <ol className="chapter-nav__list">
            {course.chapters.map((c, i) => (
              <li key={c.id} className="chapter-nav__item">
                <Link
                  to="/learn/$trainingId"
                  params={{ trainingId: course.trainingId }}
                  search={{ chapter: c.id }}
                  className="chapter-nav__link"
                  aria-current={c.id === chapter.id ? 'step' : undefined}
                >
                  <span
                    className={`chapter-nav__mark${c.completed ? ' chapter-nav__mark--done' : ''}`}
                    aria-hidden="true"
                  >
                    {c.completed ? '✓' : String(i + 1)}
                  </span>
                  <span className="chapter-nav__text">
                    <span lang={textLang}>{c.title}</span>
                    <span className="chapter-nav__meta">
                      {formatDuration(lang, c.durationSeconds)}
                      {' · '}
                      {c.completed
                        ? t('courses.player.completed')
                        : c.watchedPercent > 0
                          ? t('courses.player.watched', { percent: formatPercent(lang, c.watchedPercent) })
                          : t('courses.player.notStarted')}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ol>
        </nav>
      </div>
    </>
  );
}

function TrainingProgress({ course }: { readonly course: CourseView }): ReactNode {
  const { t, lang } = useI18n();
  const { completedChapters, totalChapters, percent } = course.progress;
  const text = t('courses.progress.training', {
    done: completedChapters,
    total: totalChapters,
    percent: formatPercent(lang, percentOf(completedChapters, totalChapters)),
  });
  return (
    <div className="progress-line">
      <progress id="training-progress" className="progress" max={100} value={percent} aria-label={text} />
      <span aria-hidden="true">{text}</span>
    </div>
  );
}

function ChapterProgress({ chapter }: { readonly chapter: CourseChapter }): ReactNode {
  const { t, lang } = useI18n();
  const text = chapter.completed
    ? t('courses.progress.chapterDone')
    : t('courses.progress.chapter', { percent: formatPercent(lang, chapter.watchedPercent) });
  return (
    <div className="progress-line">
      <progress
        className="progress"
        max={100}
        value={chapter.completed ? 100 : chapter.watchedPercent}
        aria-label={text}
      />
      <span aria-hidden="true">{text}</span>
    </div>
  );
}

/** Link refreshes allowed in a row before the player gives up and says so. */
const MAX_LINK_REFRESHES = 3;

/**
 * The chapter's video through a short-lived link (a fresh one when it fails or expires), resumed where the learner
 * left off; the watched intervals go to the api every ~10 s and whenever playback stops or the page goes away.
 */
function ChapterVideo({
  trainingId,
  chapter,
}: {
  readonly trainingId: string;
  readonly chapter: CourseChapter;
}): ReactNode {
  const { api, auth } = useAppContext();
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [url, setUrl] = useState<string>();
  const [videoLang, setVideoLang] = useState<string>();
  const [captions, setCaptions] = useState<readonly MediaLink[]>([]);
  const [handout, setHandout] = useState<MediaLink | null>(null);
  const [failure, setFailure] = useState<unknown>();
  const [linkAttempt, setLinkAttempt] = useState(0);
  const refreshes = useRef(0);
  /** Where to put the playhead once metadata is loaded: the stored position first, the current one after a refresh. */
  const seekTo = useRef<number>(chapter.resumePositionSeconds);
  const langRef = useRef(lang);
  langRef.current = lang;

  // A link (a new one on each attempt). Opening the chapter also records it as opened on the api.
  useEffect(() => {
    const controller = new AbortController();
    setFailure(undefined);
    videoLink(api, trainingId, chapter.id, contentLanguage(langRef.current), controller.signal).then(
      (link) => {
        storeChapterState(queryClient, trainingId, link);
        setVideoLang(link.language);
        setCaptions(link.captions);
        setHandout(link.handout);
        setUrl(link.url);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFailure(error);
      },
    );
    return () => {
      controller.abort();
    };
  }, [api, queryClient, trainingId, chapter.id, linkAttempt]);

  // Watched intervals and their reports, for the life of this chapter's player.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const tracker = new WatchedIntervalTracker({ durationSeconds: chapter.durationSeconds });
    const reporter = new ProgressReporter<ProgressResult>({
      tracker,
      maxIntervals: MAX_INTERVALS_PER_REPORT,
      minGapMs: MIN_REPORT_GAP_SECONDS * 1000 + 250,
      send: createProgressSender(
        { tokens: auth, getLanguage: () => langRef.current },
        progressPath(trainingId, chapter.id),
      ),
      onResult: (result) => {
        storeChapterState(queryClient, trainingId, result);
      },
    });
    const onTimeUpdate = (): void => {
      if (!video.paused && !video.seeking) tracker.observe(video.currentTime, video.playbackRate);
    };
    const onSeeking = (): void => {
      tracker.seek(video.currentTime);
    };
    const onStop = (): void => {
      tracker.stop(video.currentTime);
      void reporter.flush();
    };
    const onEnded = (): void => {
      tracker.stop(Number.isFinite(video.duration) ? video.duration : video.currentTime);
      void reporter.flush();
    };
    const onHidden = (): void => {
      if (document.visibilityState === 'hidden') void reporter.flush({ keepalive: true });
    };
    const onPageHide = (): void => {
      tracker.stop(video.currentTime);
      void reporter.flush({ keepalive: true });
    };
    video.addEventListener('timeupdate', onTimeUpdate);
    video.addEventListener('seeking', onSeeking);
    video.addEventListener('pause', onStop);
    video.addEventListener('ended', onEnded);
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    const timer = window.setInterval(() => {
      void reporter.flush();
    }, REPORT_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      video.removeEventListener('timeupdate', onTimeUpdate);
      video.removeEventListener('seeking', onSeeking);
      video.removeEventListener('pause', onStop);
      video.removeEventListener('ended', onEnded);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
      // Leaving the chapter: what was played since the last report still counts.
      tracker.stop(video.currentTime);
      void reporter.flush({ keepalive: true });
      reporter.dispose();
    };
  }, [auth, queryClient, trainingId, chapter.id, chapter.durationSeconds]);

  const onLoadedMetadata = (): void => {
    const video = videoRef.current;
    if (!video) return;
    const target = seekTo.current;
    if (target > 0 && Number.isFinite(video.duration) && target < video.duration - 1)
      video.currentTime = target;
    seekTo.current = 0;
    refreshes.current = 0;
  };

  const onError = (): void => {
    const video = videoRef.current;
    // The link expired or the network dropped: ask for a fresh link and carry on from the same place.
    if (refreshes.current >= MAX_LINK_REFRESHES) {
      setFailure(new Error('video unavailable'));
      return;
    }
    refreshes.current += 1;
    if (video && video.currentTime > 0) seekTo.current = video.currentTime;
    setLinkAttempt((n) => n + 1);
  };

  const hint = completionHint(
    chapter.completionRule,
    formatDuration(lang, chapter.durationSeconds),
    (percent) => formatPercent(lang, percent),
  );
  return (
    <div className="player-video">
      {failure !== undefined ? (
        <ErrorState
          title={t('courses.player.videoErrorTitle')}
          action={
            <Button
              variant="secondary"
              onClick={() => {
                refreshes.current = 0;
                setLinkAttempt((n) => n + 1);
              }}
            >
              {t('courses.retry')}
            </Button>
          }
        >
          <p>{isApiError(failure) ? problemMessage(t, failure) : t('courses.player.videoErrorBody')}</p>
        </ErrorState>
      ) : null}
      {/* The frame keeps the video's 16:9 place while its link loads: nothing below moves when it plays. */}
      <div className="player-video__frame" hidden={failure !== undefined}>
        {url === undefined && failure === undefined ? (
          <Loading label={t('courses.player.loadingVideo')} />
        ) : null}
        <video
          ref={videoRef}
          className="player-video__element"
          controls
          preload="metadata"
          playsInline
          src={url}
          hidden={url === undefined}
          lang={videoLang}
          // Captions are read from storage cross-origin: a <track> then needs the video in CORS mode.
          crossOrigin={captions.length > 0 ? 'anonymous' : undefined}
          aria-label={t('courses.player.videoLabel', { title: chapter.title })}
          onLoadedMetadata={onLoadedMetadata}
          onError={onError}
        >
          <CaptionTracks captions={captions} videoLanguage={videoLang} />
          {t('courses.player.noVideoSupport')}
        </video>
      </div>
      {handout ? (
        <p className="player-video__handout">
          <a href={handout.url} lang={handout.language}>
            {t('courses.player.handout')}
          </a>
        </p>
      ) : null}
      {videoLang !== undefined && videoLang !== contentLanguage(lang) ? (
        <p className="muted">{t('courses.player.otherLanguage')}</p>
      ) : null}
      <p className="muted player-video__hint">{t(hint.key, hint.params)}</p>
    </div>
  );
}
