// The course player's records and ports: enrolments and per-chapter progress (Cosmos `learning`,
// partition /userId), the video store, and what other modules tell it (subscription, quiz result).
import type { Interval } from './progress';

/** A learner's enrolment in a training (document `enrolment:<trainingId>`). */
export interface EnrolmentRecord {
  readonly userId: string;
  readonly trainingId: string;
  readonly enrolledAt: string;
  /** Chapter last opened, to resume. */
  readonly lastChapterId?: string | undefined;
  /** When every chapter became completed. */
  readonly completedAt?: string | undefined;
}

/** A learner's progress in one chapter (document `progress:<trainingId>:<chapterId>`). */
export interface ChapterProgress {
  readonly userId: string;
  readonly trainingId: string;
  readonly chapterId: string;
  /** Merged watched intervals (sorted, disjoint, within the duration). */
  readonly intervals: readonly Interval[];
  /** Last reported playback position (seconds). */
  readonly position: number;
  /** First time a video link was issued for the chapter (opening it). */
  readonly openedAt?: string | undefined;
  /** Latest video link: the reference time of the first progress report. */
  readonly linkIssuedAt?: string | undefined;
  /** Latest accepted progress report: the reference time of the next one and the rate limit. */
  readonly lastReportAt?: string | undefined;
  readonly completedAt?: string | undefined;
  readonly updatedAt: string;
}

/**
 * The learner's watch clock (document `watch-clock`), shared by every chapter of every training: how
 * many seconds of video may still be credited. It grows at the highest playback rate with wall-clock
 * time while a session lasts and is spent by every newly watched second, so reports sent in parallel
 * for several chapters share one allowance. A session starts with one small slack (a first opening or
 * report, or the first after a pause longer than `sessionGapMs`), never one per report.
 */
export interface WatchClock {
  readonly userId: string;
  readonly sessionStartedAt: string;
  /** The last opening or credit: the allowance below was computed at this time. */
  readonly lastActivityAt: string;
  readonly allowanceSeconds: number;
}

export type { Versioned } from '../ports';
import type { Versioned } from '../ports';

export interface LearningRepository {
  getEnrolment(userId: string, trainingId: string): Promise<Versioned<EnrolmentRecord> | undefined>;
  /** Resolves false if the learner is already enrolled. */
  createEnrolment(enrolment: EnrolmentRecord): Promise<boolean>;
  /** Resolves false on a concurrent change (stale etag). */
  replaceEnrolment(enrolment: EnrolmentRecord, etag: string): Promise<boolean>;
  listEnrolments(userId: string): Promise<EnrolmentRecord[]>;
  getProgress(
    userId: string,
    trainingId: string,
    chapterId: string,
  ): Promise<Versioned<ChapterProgress> | undefined>;
  /** Resolves false if the document already exists. */
  createProgress(progress: ChapterProgress): Promise<boolean>;
  /** Resolves false on a concurrent change (stale etag). */
  replaceProgress(progress: ChapterProgress, etag: string): Promise<boolean>;
  /** Progress documents of the learner, of one training or of all. */
  listProgress(userId: string, trainingId?: string): Promise<ChapterProgress[]>;
  getWatchClock(userId: string): Promise<Versioned<WatchClock> | undefined>;
  /** Creates the clock, or replaces it if `etag` still matches; resolves false on a concurrent change. */
  saveWatchClock(clock: WatchClock, etag: string | undefined): Promise<boolean>;
}

/** Videos (and their captions and handouts) in blob storage, read through short-lived read-only links. */
export interface VideoFiles {
  /** `download` names the file the browser saves (handouts). */
  readLink(
    blobName: string,
    minutes: number,
    options?: { download?: string },
  ): Promise<{ url: string; expiresAt: Date }>;
}

/** Whether the learner passed the training's quiz (implemented by the quiz module). */
export type { QuizStatus } from '../quiz/status-port';

/** Billing's gate for paid content. */
export type HasActiveSubscription = (userId: string) => Promise<boolean>;

export type LearningError =
  | { code: 'not_found'; message: string }
  | { code: 'not_enrolled'; message: string }
  | { code: 'subscription_required'; message: string }
  | { code: 'validation_failed'; message: string; errors: { path: string; message: string }[] }
  | { code: 'progress_implausible'; message: string }
  | { code: 'rate_limited'; message: string; retryAfterSeconds: number };
