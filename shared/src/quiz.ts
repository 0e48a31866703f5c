import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { contentLanguageSchema } from './trainings';

// The final quiz of a training, enforced by the api (`/api/me/trainings/{trainingId}/quiz...`).
// The browser never receives which options are correct before the attempt is submitted, and not even
// then while they could still help: see `quizResultSchema` for when a result reveals them.
//
// The prompts, options and explanations are copied into the attempt when it is drawn: the attempt and
// its result show the texts the learner was given, whatever becomes of the question bank afterwards.
//
// Scoring: a single-choice question is right when exactly its correct option is chosen; a
// multiple-choice question is right only when the chosen set equals the correct set
// (all-or-nothing, no partial credit). The attempt passes when the percentage of right answers is at
// least the training's `passPercent`.

export const quizAttemptStatuses = ['in_progress', 'passed', 'failed', 'expired'] as const;
export const quizAttemptStatusSchema = lazySchema(() => z.enum(quizAttemptStatuses));
export type QuizAttemptStatus = z.infer<typeof quizAttemptStatusSchema>;

/** Attempt ids name the training and the attempt's number: `<trainingId>.<n>`, e.g. `hygiene-mains.2`. */
export const quizAttemptIdSchema = lazySchema(() =>
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}\.[1-9]\d{0,3}$/),
);

export const quizOptionViewSchema = lazySchema(() => z.object({ id: z.string(), text: z.string() }));
export type QuizOptionView = z.infer<typeof quizOptionViewSchema>;

/** A drawn question as the learner sees it: prompt and options (in the attempt's order), no answers. */
export const quizQuestionViewSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    type: z.enum(['single', 'multiple']),
    prompt: z.string(),
    options: z.array(quizOptionViewSchema),
  }),
);
export type QuizQuestionView = z.infer<typeof quizQuestionViewSchema>;

/** `POST .../quiz/attempts` and `GET .../quiz/attempts/{attemptId}` while the attempt is in progress. */
export const quizAttemptViewSchema = lazySchema(() =>
  z.object({
    attemptId: z.string(),
    trainingId: z.string(),
    status: z.literal('in_progress'),
    /** Language of the prompts and options. */
    language: contentLanguageSchema,
    /** 1 for the learner's first attempt at this training. */
    number: z.number().int().positive(),
    startedAt: z.string(),
    /** ISO 8601 (UTC) after which a submission is refused; null when the quiz has no time limit. */
    deadline: z.string().nullable(),
    questions: z.array(quizQuestionViewSchema),
  }),
);
export type QuizAttemptView = z.infer<typeof quizAttemptViewSchema>;

export const quizOptionResultSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    text: z.string(),
    /** Absent unless the result reveals the answers (`answersRevealed`). */
    correct: z.boolean().optional(),
    chosen: z.boolean(),
  }),
);
export type QuizOptionResult = z.infer<typeof quizOptionResultSchema>;

export const quizQuestionResultSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    type: z.enum(['single', 'multiple']),
    prompt: z.string(),
    options: z.array(quizOptionResultSchema),
    chosenOptionIds: z.array(z.string()),
    /** Whether the chosen options were exactly the correct ones (always shown). */
    right: z.boolean(),
    /** Absent unless the result reveals the answers (`answersRevealed`). */
    correctOptionIds: z.array(z.string()).optional(),
    /** Absent unless the result reveals the answers, or when the question has no explanation. */
    explanation: z.string().optional(),
  }),
);
export type QuizQuestionResult = z.infer<typeof quizQuestionResultSchema>;

/**
 * `POST .../submission` and `GET .../quiz/attempts/{attemptId}` once the attempt is over. An `expired`
 * attempt was not submitted before its deadline: it counts as a failed attempt with no answers.
 *
 * Correct answers only when they can no longer help: every result shows the score, the pass mark and
 * which questions were right or wrong, but the correct options (`correctOptionIds`, each option's
 * `correct`) and the explanations are revealed (`answersRevealed: true`) only on the learner's own
 * last attempt, once it passed or no attempt is left (the maximum is reached). A failed or expired
 * attempt with attempts still to come leaves them out, and an earlier attempt never reveals them.
 */
export const quizResultSchema = lazySchema(() =>
  z.object({
    attemptId: z.string(),
    trainingId: z.string(),
    status: z.enum(['passed', 'failed', 'expired']),
    passed: z.boolean(),
    language: contentLanguageSchema,
    number: z.number().int().positive(),
    startedAt: z.string(),
    deadline: z.string().nullable(),
    /** When the answers were recorded (or when the attempt was found expired). */
    submittedAt: z.string(),
    correctCount: z.number().int().nonnegative(),
    questionCount: z.number().int().positive(),
    scorePercent: z.number().min(0).max(100),
    passPercent: z.number().int(),
    /** True when the correct options and explanations are included (see the rule above). */
    answersRevealed: z.boolean(),
    questions: z.array(quizQuestionResultSchema),
  }),
);
export type QuizResult = z.infer<typeof quizResultSchema>;

/** `GET .../quiz/attempts/{attemptId}`: the attempt in progress or its result, told apart by `status`. */
export const quizAttemptOrResultSchema = lazySchema(() => z.union([quizAttemptViewSchema, quizResultSchema]));
export type QuizAttemptOrResult = z.infer<typeof quizAttemptOrResultSchema>;

/** Body of `POST .../quiz/attempts/{attemptId}/submission`. A drawn question left out counts as wrong. */
export const quizSubmissionSchema = lazySchema(() =>
  z.strictObject({
    answers: z
      .array(
        z.strictObject({
          questionId: z.string().min(1).max(64),
          optionIds: z.array(z.string().min(1).max(32)).max(8),
        }),
      )
      .max(100)
      .refine((answers) => new Set(answers.map((a) => a.questionId)).size === answers.length, {
        message: 'each question may be answered once',
      }),
  }),
);
export type QuizSubmission = z.infer<typeof quizSubmissionSchema>;

/**
 * What the learner can do now:
 * `locked` (chapters not all completed), `available` (may start), `in_progress` (resume
 * `currentAttemptId`), `waiting` (after a failure, until `nextAttemptAt`), `exhausted` (no attempt
 * left), `passed`.
 */
export const quizStateSchema = lazySchema(() =>
  z.enum(['locked', 'available', 'in_progress', 'waiting', 'exhausted', 'passed']),
);
export type QuizState = z.infer<typeof quizStateSchema>;

export const quizResultSummarySchema = lazySchema(() =>
  z.object({
    attemptId: z.string(),
    status: z.enum(['passed', 'failed', 'expired']),
    scorePercent: z.number(),
    submittedAt: z.string(),
  }),
);
export type QuizResultSummary = z.infer<typeof quizResultSummarySchema>;

/** `GET /api/me/trainings/{trainingId}/quiz`. */
export const quizStatusSchema = lazySchema(() =>
  z.object({
    trainingId: z.string(),
    state: quizStateSchema,
    settings: z.object({
      questionsPerAttempt: z.number().int(),
      passPercent: z.number().int(),
      maxAttempts: z.number().int().nullable(),
      waitMinutesBetweenAttempts: z.number().int(),
      timeLimitMinutes: z.number().int().nullable(),
    }),
    /** Every chapter completed (the quiz is unlocked). */
    chaptersCompleted: z.boolean(),
    passed: z.boolean(),
    /** Attempts started so far (in progress, passed, failed or expired). */
    attemptsUsed: z.number().int().nonnegative(),
    /** null when attempts are unlimited. */
    attemptsLeft: z.number().int().nonnegative().nullable(),
    /** When a new attempt may start after a failure; null when it may start now (or never). */
    nextAttemptAt: z.string().nullable(),
    currentAttemptId: z.string().nullable(),
    lastResult: quizResultSummarySchema.nullable(),
  }),
);
export type QuizStatusView = z.infer<typeof quizStatusSchema>;
