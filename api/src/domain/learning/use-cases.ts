// The course player's use cases: enrol, dashboard, course view, opening a chapter's video and
// reporting watched intervals. Every input names the signed-in learner; nothing here reads anyone else's.
import {
  chapterCompletionRule,
  contentLanguageFor,
  contentLanguages,
  localized,
  type Chapter,
  type ContentLanguage,
  type CourseView,
  type Dashboard,
  type DashboardItem,
  type Enrolment,
  type ProgressReport,
  type ProgressResult,
  type Training,
  type VideoLink,
} from '@soins/shared';
import { chapterLinks } from '../catalogue/media';
import type { TrainingRepository } from '../catalogue/ports';
import type { Clock } from '../ports';
import { fail, ok, type Result } from '../result';
import { courseState, nextStep } from './course';
import type {
  ChapterProgress,
  EnrolmentRecord,
  HasActiveSubscription,
  LearningError,
  LearningRepository,
  QuizStatus,
  Versioned,
  VideoFiles,
  WatchClock,
} from './model';
import {
  checkIntervals,
  clockAt,
  isChapterCompleted,
  isValidPosition,
  mergeIntervals,
  newlyWatchedSeconds,
  retryAfterSeconds,
} from './progress';

/** Video links live at most this long; the player asks for a new one when it expires. */
export const videoLinkMinutes = 10;
/** Most disjoint intervals stored per chapter (normal playback with seeks stays far below). */
export const maxStoredIntervals = 500;
/** Attempts of a read-modify-write before giving up on a contended document. */
const maxWriteAttempts = 5;

export interface LearningDeps {
  readonly learning: LearningRepository;
  readonly trainings: TrainingRepository;
  readonly clock: Clock;
}

export interface Learner {
  readonly userId: string;
  /** Profile language, used for titles and the default video language. */
  readonly language: string;
}

const notFound = (message: string): LearningError => ({ code: 'not_found', message });

export function toEnrolment(record: EnrolmentRecord): Enrolment {
  return {
    trainingId: record.trainingId,
    enrolledAt: record.enrolledAt,
    ...(record.lastChapterId ? { lastChapterId: record.lastChapterId } : {}),
    ...(record.completedAt ? { completedAt: record.completedAt } : {}),
  };
}

/** Training and enrolment of a learner: unknown (or unpublished and never enrolled) → 404, else 403. */
async function loadEnrolled(
  deps: LearningDeps,
  userId: string,
  trainingId: string,
): Promise<Result<{ training: Training; enrolment: Versioned<EnrolmentRecord> }, LearningError>> {
  const [training, enrolment] = await Promise.all([
    deps.trainings.get(trainingId),
    deps.learning.getEnrolment(userId, trainingId),
  ]);
  if (!training || (training.status === 'draft' && !enrolment)) return fail(notFound('no such training'));
  if (!enrolment) return fail({ code: 'not_enrolled', message: 'enrol in the training first' });
  return ok({ training, enrolment });
}

/**
 * Keeps the enrolment's summary (last chapter opened, completion time) in step; best effort, since the
 * progress documents are the source of truth and every view recomputes from them.
 */
async function refreshEnrolment(
  deps: LearningDeps,
  training: Training,
  userId: string,
  change: { lastChapterId?: string; progress: readonly ChapterProgress[] },
  /** The enrolment as this request read it: tried first, re-read only if another write came between. */
  known?: Versioned<EnrolmentRecord>,
): Promise<void> {
  const allCompleted = courseState(training, change.progress, 'fr').allCompleted;
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    const stored =
      attempt === 0 && known ? known : await deps.learning.getEnrolment(userId, training.trainingId);
    if (!stored) return;
    const completedAt =
      stored.value.completedAt ?? (allCompleted ? deps.clock.now().toISOString() : undefined);
    const lastChapterId = change.lastChapterId ?? stored.value.lastChapterId;
    if (completedAt === stored.value.completedAt && lastChapterId === stored.value.lastChapterId) return;
    const next: EnrolmentRecord = {
      ...stored.value,
      ...(lastChapterId ? { lastChapterId } : {}),
      ...(completedAt ? { completedAt } : {}),
    };
    if (await deps.learning.replaceEnrolment(next, stored.etag)) return;
  }
}

/**
 * Records activity on the learner's watch clock (a chapter opened): keeps the session going, or starts
 * one. Best effort: the clock only grows with time, so a lost write costs nothing but a shorter session.
 */
async function touchWatchClock(deps: LearningDeps, userId: string): Promise<void> {
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    const stored = await deps.learning.getWatchClock(userId);
    const { clock } = clockAt(stored?.value, userId, deps.clock.now());
    if (await deps.learning.saveWatchClock(clock, stored?.etag)) return;
  }
}

/**
 * Spends `seconds` of the learner's watch clock, or refuses when the allowance does not cover them (a
 * refusal spends nothing, but records a new session so the allowance grows from now). The clock is one
 * document per learner written under its etag: of two reports racing for the same allowance, the second
 * re-reads what the first left.
 */
async function spendWatchClock(
  deps: LearningDeps,
  userId: string,
  seconds: number,
  /** The clock as already being read (first round only; a conflict reads it again). */
  reading?: Promise<Versioned<WatchClock> | undefined>,
): Promise<'spent' | 'refused'> {
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    const stored = await (attempt === 0 && reading ? reading : deps.learning.getWatchClock(userId));
    const { clock, newSession } = clockAt(stored?.value, userId, deps.clock.now());
    if (clock.allowanceSeconds + 1e-9 < seconds) {
      if (newSession) await deps.learning.saveWatchClock(clock, stored?.etag);
      return 'refused';
    }
    const spent: WatchClock = { ...clock, allowanceSeconds: clock.allowanceSeconds - seconds };
    if (await deps.learning.saveWatchClock(spent, stored?.etag)) return 'spent';
  }
  throw new Error('watch clock contended');
}

/** Gives back seconds spent for a report whose progress could not be written (best effort). */
async function refundWatchClock(deps: LearningDeps, userId: string, seconds: number): Promise<void> {
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    const stored = await deps.learning.getWatchClock(userId);
    if (!stored) return;
    const refunded = { ...stored.value, allowanceSeconds: stored.value.allowanceSeconds + seconds };
    if (await deps.learning.saveWatchClock(refunded, stored.etag)) return;
  }
}

/** Enrols the learner: published training, free or with an active subscription; idempotent. */
export class EnrolInTraining {
  constructor(private readonly deps: LearningDeps & { hasActiveSubscription: HasActiveSubscription }) {}

  async execute(input: { userId: string; trainingId: string }): Promise<Result<Enrolment, LearningError>> {
    const existing = await this.deps.learning.getEnrolment(input.userId, input.trainingId);
    if (existing) return ok(toEnrolment(existing.value));
    const training = await this.deps.trainings.get(input.trainingId);
    if (training?.status !== 'published') return fail(notFound('no such training'));
    if (!training.free && !(await this.deps.hasActiveSubscription(input.userId))) {
      return fail({ code: 'subscription_required', message: 'this training needs an active subscription' });
    }
    const record: EnrolmentRecord = {
      userId: input.userId,
      trainingId: training.trainingId,
      enrolledAt: this.deps.clock.now().toISOString(),
    };
    if (await this.deps.learning.createEnrolment(record)) return ok(toEnrolment(record));
    // A concurrent request enrolled first: answer its enrolment.
    const winner = await this.deps.learning.getEnrolment(input.userId, input.trainingId);
    if (!winner) throw new Error('enrolment vanished after a conflict');
    return ok(toEnrolment(winner.value));
  }
}

/** Quiz result when the quiz module provides one; without it, never passed. */
async function quizPassed(
  quiz: QuizStatus | undefined,
  userId: string,
  trainingId: string,
): Promise<boolean> {
  return quiz ? quiz.passed(userId, trainingId) : false;
}

/** The learner's trainings with progress and next step, most recently enrolled first. */
export class GetDashboard {
  constructor(private readonly deps: LearningDeps & { quiz?: QuizStatus | undefined }) {}

  async execute(learner: Learner): Promise<Dashboard> {
    const [enrolments, progress] = await Promise.all([
      this.deps.learning.listEnrolments(learner.userId),
      this.deps.learning.listProgress(learner.userId),
    ]);
    const items = await Promise.all(
      enrolments.map(async (enrolment): Promise<DashboardItem | undefined> => {
        const training = await this.deps.trainings.get(enrolment.trainingId);
        if (!training) return undefined; // deleted content: nothing to show
        const language = contentLanguageFor(training, learner.language);
        const state = courseState(training, progress, language);
        const passed =
          state.allCompleted && (await quizPassed(this.deps.quiz, learner.userId, training.trainingId));
        return {
          trainingId: training.trainingId,
          language,
          title: localized(training.title, language),
          enrolledAt: enrolment.enrolledAt,
          ...(enrolment.completedAt ? { completedAt: enrolment.completedAt } : {}),
          progress: state.progress,
          nextStep: nextStep(state, passed),
        };
      }),
    );
    return {
      items: items
        .filter((item): item is DashboardItem => item !== undefined)
        .sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt)),
    };
  }
}

/** The course as the enrolled learner sees it. */
export class GetCourseView {
  constructor(private readonly deps: LearningDeps & { quiz?: QuizStatus | undefined }) {}

  async execute(learner: Learner & { trainingId: string }): Promise<Result<CourseView, LearningError>> {
    const loaded = await loadEnrolled(this.deps, learner.userId, learner.trainingId);
    if (!loaded.ok) return loaded;
    const { training, enrolment } = loaded.value;
    const language = contentLanguageFor(training, learner.language);
    const state = courseState(
      training,
      await this.deps.learning.listProgress(learner.userId, training.trainingId),
      language,
    );
    const passed =
      state.allCompleted && (await quizPassed(this.deps.quiz, learner.userId, training.trainingId));
    return ok({
      trainingId: training.trainingId,
      language,
      title: localized(training.title, language),
      summary: localized(training.summary, language),
      languages: training.languages,
      enrolledAt: enrolment.value.enrolledAt,
      ...(enrolment.value.lastChapterId ? { lastChapterId: enrolment.value.lastChapterId } : {}),
      ...(enrolment.value.completedAt ? { completedAt: enrolment.value.completedAt } : {}),
      completionRule: training.completionRule,
      chapters: state.chapters,
      progress: state.progress,
      quizUnlocked: state.allCompleted,
      nextStep: nextStep(state, passed),
    });
  }
}

/**
 * Opens a chapter: records the opening (which completes it under the `launch` rule and starts the
 * clock of the first progress report) and answers a short-lived read-only link to its video.
 */
export class OpenChapterVideo {
  constructor(
    private readonly deps: LearningDeps & {
      files: VideoFiles;
      hasActiveSubscription: HasActiveSubscription;
    },
  ) {}

  async execute(
    learner: Learner & { trainingId: string; chapterId: string; requestedLanguage?: ContentLanguage },
  ): Promise<Result<VideoLink, LearningError>> {
    const loaded = await loadEnrolled(this.deps, learner.userId, learner.trainingId);
    if (!loaded.ok) return loaded;
    const { training, enrolment } = loaded.value;
    const chapter = training.chapters.find((c) => c.id === learner.chapterId);
    if (!chapter) return fail(notFound('no such chapter in this training'));
    // Paid content stays behind the subscription after enrolment: a lapsed subscription stops playback.
    if (!training.free && !(await this.deps.hasActiveSubscription(learner.userId))) {
      return fail({ code: 'subscription_required', message: 'this training needs an active subscription' });
    }
    const wanted = learner.requestedLanguage ?? contentLanguageFor(training, learner.language);
    const videoLanguage = [wanted, ...contentLanguages.filter((l) => l !== wanted)].find(
      (l) => chapter.video[l] !== undefined,
    );
    const blobName = videoLanguage === undefined ? undefined : chapter.video[videoLanguage];
    if (videoLanguage === undefined || blobName === undefined) {
      return fail(notFound('this chapter has no video yet'));
    }

    // The watch clock is its own document: touched while the opening is recorded.
    const [opened] = await Promise.all([
      this.recordOpening(training, chapter, learner.userId),
      touchWatchClock(this.deps, learner.userId),
    ]);
    const progress = await this.deps.learning.listProgress(learner.userId, training.trainingId);
    const current = progress.map((p) => (p.chapterId === chapter.id ? opened : p));
    if (!current.includes(opened)) current.push(opened);
    await refreshEnrolment(
      this.deps,
      training,
      learner.userId,
      { lastChapterId: chapter.id, progress: current },
      enrolment,
    );
    const [link, extras] = await Promise.all([
      this.deps.files.readLink(blobName, videoLinkMinutes),
      chapterLinks(this.deps.files, chapter, videoLanguage, videoLinkMinutes),
    ]);
    const state = courseState(training, current, contentLanguageFor(training, learner.language));
    const view = state.chapters.find((c) => c.id === chapter.id);
    if (!view) throw new Error('chapter vanished');
    return ok({
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      language: videoLanguage,
      chapter: view,
      captions: extras.captions,
      handout: extras.handout,
      progress: state.progress,
      quizUnlocked: state.allCompleted,
    });
  }

  /** Marks the chapter opened (first time) and a link issued (now); completes it under `launch`. */
  private async recordOpening(
    training: Training,
    chapter: Chapter,
    userId: string,
  ): Promise<ChapterProgress> {
    const chapterId = chapter.id;
    for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
      const now = this.deps.clock.now().toISOString();
      const stored = await this.deps.learning.getProgress(userId, training.trainingId, chapterId);
      const base: ChapterProgress = stored?.value ?? {
        userId,
        trainingId: training.trainingId,
        chapterId,
        intervals: [],
        position: 0,
        updatedAt: now,
      };
      const openedFacts = { ...base, openedAt: base.openedAt ?? now };
      const completedAt =
        base.completedAt ??
        (isChapterCompleted(chapterCompletionRule(training, chapter), openedFacts, chapter.durationSeconds)
          ? now
          : undefined);
      const next: ChapterProgress = {
        ...openedFacts,
        linkIssuedAt: now,
        updatedAt: now,
        ...(completedAt ? { completedAt } : {}),
      };
      const written = stored
        ? await this.deps.learning.replaceProgress(next, stored.etag)
        : await this.deps.learning.createProgress(next);
      if (written) return next;
    }
    throw new Error('progress document contended');
  }
}

/**
 * Records watched intervals: validated against the chapter, merged with what is stored, refused when
 * they add more than the learner's watch clock allows (wall-clock time × the highest playback rate,
 * across all chapters, one slack per session) or come too soon after the previous report of the chapter.
 * A refusal records no progress.
 */
export class ReportProgress {
  constructor(private readonly deps: LearningDeps) {}

  async execute(input: {
    userId: string;
    language: string;
    trainingId: string;
    chapterId: string;
    report: ProgressReport;
  }): Promise<Result<ProgressResult, LearningError>> {
    const loaded = await loadEnrolled(this.deps, input.userId, input.trainingId);
    if (!loaded.ok) return loaded;
    const { training, enrolment } = loaded.value;
    const chapter = training.chapters.find((c) => c.id === input.chapterId);
    if (!chapter) return fail(notFound('no such chapter in this training'));

    const checked = checkIntervals(input.report.intervals, chapter.durationSeconds);
    const errors: { path: string; message: string }[] = [];
    if (!checked.ok)
      errors.push({ path: `intervals.${checked.problem.index}`, message: checked.problem.message });
    if (!isValidPosition(input.report.position, chapter.durationSeconds)) {
      errors.push({
        path: 'position',
        message: `expected a position within [0, ${chapter.durationSeconds}]`,
      });
    }
    if (!checked.ok || errors.length > 0) {
      return fail({ code: 'validation_failed', message: 'invalid progress report', errors });
    }
    const position = Math.min(input.report.position, chapter.durationSeconds);
    // The other chapters' progress, read while this report is recorded (one round trip less); this
    // chapter's entry is replaced by what the report writes.
    const listing = this.deps.learning.listProgress(input.userId, training.trainingId);
    listing.catch(() => undefined); // awaited below; a refusal before then leaves it unread

    let saved: ChapterProgress | undefined;
    for (let attempt = 0; attempt < maxWriteAttempts && !saved; attempt++) {
      const now = this.deps.clock.now();
      // The watch clock is read beside the chapter's progress (one round trip); it pays for what is new.
      const clockRead = this.deps.learning.getWatchClock(input.userId);
      clockRead.catch(() => undefined); // awaited by spendWatchClock; unread when nothing new is reported
      const stored = await this.deps.learning.getProgress(input.userId, training.trainingId, chapter.id);
      if (!stored || (stored.value.lastReportAt ?? stored.value.linkIssuedAt) === undefined) {
        return fail({ code: 'progress_implausible', message: 'open the chapter’s video first' });
      }
      const wait = retryAfterSeconds(stored.value.lastReportAt, now);
      if (wait > 0) {
        return fail({
          code: 'rate_limited',
          message: 'one report per chapter every 2 seconds',
          retryAfterSeconds: wait,
        });
      }
      const intervals = mergeIntervals([...stored.value.intervals, ...checked.intervals]);
      if (intervals.length > maxStoredIntervals) {
        return fail({ code: 'progress_implausible', message: 'too many separate watched intervals' });
      }
      // Every newly watched second is paid from the learner's one watch clock, whatever the chapter.
      const added = newlyWatchedSeconds(stored.value.intervals, checked.intervals);
      if (added > 0 && (await spendWatchClock(this.deps, input.userId, added, clockRead)) === 'refused') {
        return fail({ code: 'progress_implausible', message: 'more watched than the elapsed time allows' });
      }
      const at = now.toISOString();
      const completed = isChapterCompleted(
        chapterCompletionRule(training, chapter),
        { ...stored.value, intervals },
        chapter.durationSeconds,
      );
      // Never un-completes: a stored completion time stays.
      const completedAt = stored.value.completedAt ?? (completed ? at : undefined);
      const next: ChapterProgress = {
        ...stored.value,
        intervals,
        position,
        lastReportAt: at,
        updatedAt: at,
        ...(completedAt ? { completedAt } : {}),
      };
      if (await this.deps.learning.replaceProgress(next, stored.etag)) saved = next;
      // A concurrent report of this chapter wrote first: the seconds go back, and the next round
      // counts only what that report did not already cover.
      else if (added > 0) await refundWatchClock(this.deps, input.userId, added);
    }
    if (!saved) throw new Error('progress document contended');
    const written = saved;

    const language = contentLanguageFor(training, input.language);
    const progress = [...(await listing).filter((p) => p.chapterId !== chapter.id), written];
    if (written.completedAt) {
      await refreshEnrolment(this.deps, training, input.userId, { progress }, enrolment);
    }
    const state = courseState(training, progress, language);
    const view = state.chapters.find((c) => c.id === chapter.id);
    if (!view) throw new Error('chapter vanished');
    return ok({ chapter: view, progress: state.progress, quizUnlocked: state.allCompleted });
  }
}
