import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { mediaLinkSchema } from './course-builder';
import { completionRuleSchema, contentLanguageSchema } from './trainings';

// The course player: enrolment, the learner's dashboard, the course view, short-lived video links and
// watched-interval progress (`/api/me/trainings/...`). Every route acts on the signed-in learner only.

/** Most intervals one progress report may carry. */
export const maxIntervalsPerReport = 20;
/** Least wait between two progress reports of one chapter (the api answers 429 `rate_limited` sooner). */
export const progressReportMinIntervalSeconds = 2;

/** `POST /api/me/trainings/{trainingId}/enrolment` answers the enrolment (200, also when already enrolled). */
export const enrolmentSchema = lazySchema(() =>
  z.object({
    trainingId: z.string(),
    /** ISO 8601 (UTC). */
    enrolledAt: z.string(),
    /** Chapter the learner last opened (to resume). */
    lastChapterId: z.string().optional(),
    /** ISO 8601 (UTC): when every chapter became completed. */
    completedAt: z.string().optional(),
  }),
);
export type Enrolment = z.infer<typeof enrolmentSchema>;

export const trainingProgressSchema = lazySchema(() =>
  z.object({
    completedChapters: z.number().int().nonnegative(),
    totalChapters: z.number().int().positive(),
    /** Completed chapters over total chapters, 0–100, rounded down. */
    percent: z.number().int().min(0).max(100),
  }),
);
export type TrainingProgress = z.infer<typeof trainingProgressSchema>;

/**
 * What the learner should do next: watch `chapterId`, take the quiz (every chapter completed), or
 * nothing (the quiz is passed; the certificate follows).
 */
export const nextStepSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('chapter'), chapterId: z.string(), title: z.string() }),
    z.object({ kind: z.literal('quiz') }),
    z.object({ kind: z.literal('done') }),
  ]),
);
export type NextStep = z.infer<typeof nextStepSchema>;

/** One training on the dashboard. */
export const dashboardItemSchema = lazySchema(() =>
  z.object({
    trainingId: z.string(),
    /** Language of `title` (the profile's language when the training is offered in it, else the other). */
    language: contentLanguageSchema,
    title: z.string(),
    enrolledAt: z.string(),
    completedAt: z.string().optional(),
    progress: trainingProgressSchema,
    nextStep: nextStepSchema,
  }),
);
export type DashboardItem = z.infer<typeof dashboardItemSchema>;

/** `GET /api/me/trainings`: the trainings the learner is enrolled in, most recently enrolled first. */
export const dashboardSchema = lazySchema(() => z.object({ items: z.array(dashboardItemSchema) }));
export type Dashboard = z.infer<typeof dashboardSchema>;

/** A chapter as the learner sees it, with their progress. */
export const courseChapterSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    durationSeconds: z.number(),
    /** Languages this chapter has a video in. */
    videoLanguages: z.array(contentLanguageSchema),
    /** The rule this chapter is completed by (its own, else the training's): the player's help text says it. */
    completionRule: completionRuleSchema,
    completed: z.boolean(),
    /** ISO 8601 (UTC). */
    completedAt: z.string().optional(),
    /** Where to resume playback (seconds); 0 when never played. */
    resumePositionSeconds: z.number().nonnegative(),
    /** Share of the duration covered by the merged watched intervals, 0–100, rounded down. */
    watchedPercent: z.number().int().min(0).max(100),
  }),
);
export type CourseChapter = z.infer<typeof courseChapterSchema>;

/** `GET /api/me/trainings/{trainingId}`: the course view (enrolment required). */
export const courseViewSchema = lazySchema(() =>
  z.object({
    trainingId: z.string(),
    language: contentLanguageSchema,
    title: z.string(),
    summary: z.string(),
    languages: z.array(contentLanguageSchema),
    enrolledAt: z.string(),
    lastChapterId: z.string().optional(),
    completedAt: z.string().optional(),
    completionRule: completionRuleSchema,
    chapters: z.array(courseChapterSchema),
    progress: trainingProgressSchema,
    /** True when every chapter is completed. */
    quizUnlocked: z.boolean(),
    nextStep: nextStepSchema,
  }),
);
export type CourseView = z.infer<typeof courseViewSchema>;

/** Query of `GET /api/me/trainings/{trainingId}/chapters/{chapterId}/video` (default: profile language). */
export const videoLinkQuerySchema = lazySchema(() => z.object({ lang: contentLanguageSchema.optional() }));
export type VideoLinkQuery = z.infer<typeof videoLinkQuerySchema>;

/** A read-only link to the chapter's video, valid a few minutes (ask for a new one when it expires). */
export const videoLinkSchema = lazySchema(() =>
  z.object({
    url: z.string(),
    /** ISO 8601 (UTC). */
    expiresAt: z.string(),
    /** Language of the video (the requested one when it exists, else the other). */
    language: contentLanguageSchema,
    /** The chapter's state after opening it (completed at once under the `launch` rule). */
    chapter: courseChapterSchema,
    /** WebVTT captions, one per language the chapter has (the player's `<track>`s). */
    captions: z.array(mediaLinkSchema),
    /** The chapter's handout PDF (the video's language first, else the other), if any. */
    handout: mediaLinkSchema.nullable(),
    /** The training's progress after opening it (under `launch`, opening the last chapter completes it). */
    progress: trainingProgressSchema,
    /** True when every chapter is completed (the quiz is open). */
    quizUnlocked: z.boolean(),
  }),
);
export type VideoLink = z.infer<typeof videoLinkSchema>;

const secondsSchema = lazySchema(() => z.number().nonnegative());

/** `[start, end]` in seconds of the video, start < end. */
export const watchedIntervalSchema = lazySchema(() =>
  z.tuple([secondsSchema, secondsSchema]).refine(([start, end]) => start < end, 'expected start < end'),
);
export type WatchedInterval = z.infer<typeof watchedIntervalSchema>;

/** `POST /api/me/trainings/{trainingId}/chapters/{chapterId}/progress` (at most one per chapter per 2 s). */
export const progressReportSchema = lazySchema(() =>
  z
    .object({
      /** Intervals played since the previous report (they may overlap what is already stored). */
      intervals: z.array(watchedIntervalSchema).max(maxIntervalsPerReport),
      /** Current playback position (seconds), stored as the resume position. */
      position: secondsSchema,
    })
    .strict(),
);
export type ProgressReport = z.infer<typeof progressReportSchema>;

/** Answer of a progress report: the chapter's new state and the training's. */
export const progressResultSchema = lazySchema(() =>
  z.object({
    chapter: courseChapterSchema,
    progress: trainingProgressSchema,
    quizUnlocked: z.boolean(),
  }),
);
export type ProgressResult = z.infer<typeof progressResultSchema>;
