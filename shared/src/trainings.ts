import { z } from 'zod';
import { lazySchema } from './lazy-schema';

// Trainings, chapters and the quiz bank: the content model shared by the catalogue, the course player,
// the quiz and the certificates. Content languages are French and Dutch; a training exists in one or both.

export const contentLanguages = ['fr', 'nl'] as const;
export const contentLanguageSchema = lazySchema(() => z.enum(contentLanguages));
export type ContentLanguage = z.infer<typeof contentLanguageSchema>;

export const professions = ['nurse', 'midwife', 'other'] as const;
export const professionSchema = lazySchema(() => z.enum(professions));
export type Profession = z.infer<typeof professionSchema>;

/** A text in each content language the training is offered in (validated against `languages`). */
export const localizedTextSchema = lazySchema(() =>
  z
    .object({
      fr: z.string().trim().min(1).max(5000).optional(),
      nl: z.string().trim().min(1).max(5000).optional(),
    })
    .strict()
    .refine((text) => text.fr !== undefined || text.nl !== undefined, 'expected a French or a Dutch text'),
);
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Identifiers of trainings, chapters and questions: url-safe slugs or uuids. */
export const contentIdSchema = lazySchema(() =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected lower-case letters, digits and dashes (at most 64)'),
);

/**
 * How a chapter counts as completed: `launch` when it is opened, `watched` when the merged watched
 * intervals cover at least `percent` of its duration.
 */
export const completionRuleSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('launch') }).strict(),
    z.object({ kind: z.literal('watched'), percent: z.number().int().min(1).max(100) }).strict(),
  ]),
);
export type CompletionRule = z.infer<typeof completionRuleSchema>;
export const defaultCompletionRule: CompletionRule = { kind: 'watched', percent: 90 };

/** A blob name in the `videos` container (server-generated for uploads, e.g. `<trainingId>/<chapterId>/<id>.fr.mp4`). */
export const mediaBlobNameSchema = lazySchema(() =>
  z
    .string()
    .min(1)
    .max(300)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'expected a blob name'),
);

/** One file per content language (videos, captions, handouts). */
const perLanguage = <T extends z.ZodType>(schema: T) =>
  z.object({ fr: schema.optional(), nl: schema.optional() }).strict();

export const videoContainers = ['mp4', 'webm'] as const;

/** What the api read from an uploaded video's own header (never what the browser said). */
export const videoInfoSchema = lazySchema(() =>
  z
    .object({
      container: z.enum(videoContainers),
      /** Sample entry or codec id of the video track, e.g. `avc1`, `V_VP9`. */
      codec: z.string().min(1).max(32),
      width: z.number().int().positive().max(16_384),
      height: z.number().int().positive().max(16_384),
      durationSeconds: z
        .number()
        .positive()
        .max(6 * 3600),
      bytes: z.number().int().positive(),
    })
    .strict(),
);
export type VideoInfo = z.infer<typeof videoInfoSchema>;

export const chapterSchema = lazySchema(() =>
  z
    .object({
      id: contentIdSchema,
      title: localizedTextSchema,
      /**
       * Seconds, read from the uploaded file's header (the longest of its languages); progress is validated
       * against it. 0 until a video is uploaded (a training cannot be published with such a chapter).
       */
      durationSeconds: z
        .number()
        .min(0)
        .max(6 * 3600),
      /**
       * A free preview: anyone, signed in or not, may watch this chapter's video from the training's public page
       * (a short-lived link, rate-limited per client). Set by admins; absent means false.
       */
      preview: z.boolean().optional(),
      /** Blob name per language in the `videos` container, e.g. `<trainingId>/<chapterId>.fr.mp4`. */
      video: perLanguage(mediaBlobNameSchema),
      /** Header facts of each language's video, set by the api when it verified the upload. */
      videoInfo: perLanguage(videoInfoSchema).optional(),
      /** WebVTT captions per language, shown in the player as `<track>`s. */
      captions: perLanguage(mediaBlobNameSchema).optional(),
      /** A handout PDF per language, offered for download beside the video. */
      handout: perLanguage(mediaBlobNameSchema).optional(),
      /** This chapter's own completion rule; absent: the training's rule. */
      completionRule: completionRuleSchema.optional(),
    })
    .strict(),
);
export type Chapter = z.infer<typeof chapterSchema>;

/** The rule a chapter is completed by: its own, else the training's. */
export function chapterCompletionRule(
  training: { readonly completionRule: CompletionRule },
  chapter: { readonly completionRule?: CompletionRule | undefined },
): CompletionRule {
  return chapter.completionRule ?? training.completionRule;
}

export const quizSettingsSchema = lazySchema(() =>
  z
    .object({
      /** Questions drawn per attempt (at most the bank's size). */
      questionsPerAttempt: z.number().int().min(1).max(100),
      /** Minimum score to pass, in percent of the questions drawn. */
      passPercent: z.number().int().min(1).max(100),
      /** Attempts allowed in total; null = unlimited. */
      maxAttempts: z.number().int().min(1).max(100).nullable(),
      /** Wait between a failed attempt and the next one. */
      waitMinutesBetweenAttempts: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60),
      /** Time allowed per attempt; null = no limit. */
      timeLimitMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .nullable(),
    })
    .strict(),
);
export type QuizSettings = z.infer<typeof quizSettingsSchema>;

export const trainingStatusSchema = lazySchema(() => z.enum(['draft', 'published', 'archived']));
export type TrainingStatus = z.infer<typeof trainingStatusSchema>;

/** Revision ids of question banks (server-generated). */
export const bankRevisionSchema = lazySchema(() => z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/));

/**
 * The training's current quiz: which stored snapshot of settings and questions it is, and its version.
 * A version learners may have drawn from (`published`) is never changed: editing it makes version + 1.
 */
export const quizBankRefSchema = lazySchema(() =>
  z
    .object({
      revision: bankRevisionSchema,
      version: z.number().int().positive(),
      /** True once the training was published with this version. */
      published: z.boolean(),
      questionCount: z.number().int().min(0),
    })
    .strict(),
);
export type QuizBankRef = z.infer<typeof quizBankRefSchema>;

/** A bank must hold at least this many times the questions drawn per attempt. */
export const bankSizeFactor = 2;

/** A training as stored (Cosmos `trainings`, partition `/trainingId`, document id = trainingId). */
export const trainingSchema = lazySchema(() =>
  z
    .object({
      id: contentIdSchema,
      trainingId: contentIdSchema,
      kind: z.literal('training'),
      status: trainingStatusSchema,
      languages: z.array(contentLanguageSchema).min(1),
      title: localizedTextSchema,
      summary: localizedTextSchema,
      /** The longer presentation on the training's page. */
      description: localizedTextSchema.optional(),
      professions: z.array(professionSchema).min(1),
      /** Accredited hours stated on the certificate (e.g. 1.5). */
      accreditedHours: z.number().positive().max(200),
      organiser: z.string().trim().min(1).max(200),
      /** Blob name in the `videos` container (public thumbnails are served through a read link too). */
      thumbnail: z.string().min(1).optional(),
      /** Free trainings are open without a subscription. */
      free: z.boolean(),
      completionRule: completionRuleSchema,
      /** At least one once published; a draft may have none yet. */
      chapters: z.array(chapterSchema).max(100),
      quiz: quizSettingsSchema,
      /** The current question bank (absent until one is saved). */
      bank: quizBankRefSchema.optional(),
      publishedAt: z.string().optional(),
      updatedAt: z.string(),
    })
    .strict(),
);
export type Training = z.infer<typeof trainingSchema>;

export const answerOptionSchema = lazySchema(() =>
  z
    .object({ id: z.string().regex(/^[a-z0-9-]{1,32}$/), text: localizedTextSchema, correct: z.boolean() })
    .strict(),
);

/** A question of a training's bank (Cosmos `trainings`, same partition, `kind: 'question'`). */
export const questionSchema = lazySchema(() =>
  z
    .object({
      id: contentIdSchema,
      trainingId: contentIdSchema,
      kind: z.literal('question'),
      type: z.enum(['single', 'multiple']),
      prompt: localizedTextSchema,
      options: z.array(answerOptionSchema).min(2).max(8),
      explanation: localizedTextSchema.optional(),
    })
    .strict()
    .refine(
      (q) => {
        const correct = q.options.filter((o) => o.correct).length;
        return q.type === 'single' ? correct === 1 : correct >= 1;
      },
      {
        message:
          'a single-choice question has exactly one correct option, a multiple-choice one at least one',
      },
    ),
);
export type Question = z.infer<typeof questionSchema>;

/**
 * The one rule for which language a training is shown in (catalogue, player, quiz): the reader's when the
 * training is offered in it, else the training's first language.
 */
export function contentLanguageFor(training: Pick<Training, 'languages'>, language: string): ContentLanguage {
  const wanted = contentLanguages.find((candidate) => candidate === language);
  if (wanted && training.languages.includes(wanted)) return wanted;
  return training.languages[0] ?? 'fr';
}

/** Text in the reader's language, falling back to the other content language. */
export function localized(text: LocalizedText, language: string): string {
  const preferred = language === 'nl' ? text.nl : text.fr;
  return preferred ?? text.fr ?? text.nl ?? '';
}
