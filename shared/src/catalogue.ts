import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import {
  answerOptionSchema,
  chapterSchema,
  completionRuleSchema,
  contentIdSchema,
  contentLanguageSchema,
  localizedTextSchema,
  professionSchema,
  quizSettingsSchema,
  trainingSchema,
  type ContentLanguage,
  type LocalizedText,
} from './trainings';

// The public catalogue (`GET /api/catalogue`, `GET /api/catalogue/{trainingId}`) and admin publishing
// (`/api/manage/trainings/...`). News: ./news.ts.

const optionalNumber = lazySchema(() =>
  z.preprocess(
    (value) => (value === '' || value === undefined || value === null ? undefined : value),
    z.coerce.number().min(0).max(200).optional(),
  ),
);

/** Query string of `GET /api/catalogue` (every field optional; values arrive as strings). */
export const catalogueQuerySchema = lazySchema(() =>
  z
    .object({
      /** Free text over title and summary in both languages (case- and accent-insensitive). */
      q: z.string().trim().max(200).optional(),
      profession: professionSchema.optional(),
      /** Only trainings offered in this language. */
      language: contentLanguageSchema.optional(),
      minHours: optionalNumber,
      maxHours: optionalNumber,
      /** Language of the texts in the answer (else `Accept-Language`, else fr). */
      lang: contentLanguageSchema.optional(),
    })
    .refine(
      (query) =>
        query.minHours === undefined || query.maxHours === undefined || query.minHours <= query.maxHours,
      {
        message: 'minHours must not exceed maxHours',
        path: ['minHours'],
      },
    ),
);
export type CatalogueQuery = z.infer<typeof catalogueQuerySchema>;

export const catalogueItemSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    /** Language of `title`/`summary` (the requested one when offered, else the other). */
    language: contentLanguageSchema,
    title: z.string(),
    summary: z.string(),
    /** Languages the training is offered in. */
    languages: z.array(contentLanguageSchema),
    professions: z.array(professionSchema),
    accreditedHours: z.number(),
    organiser: z.string(),
    thumbnailUrl: z.string().optional(),
    free: z.boolean(),
    chapterCount: z.number().int(),
    totalDurationSeconds: z.number(),
    publishedAt: z.string().optional(),
  }),
);
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

export const catalogueListSchema = lazySchema(() =>
  z.object({
    /** Language the texts are in. */
    language: contentLanguageSchema,
    items: z.array(catalogueItemSchema),
  }),
);
export type CatalogueList = z.infer<typeof catalogueListSchema>;

export const catalogueChapterSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    durationSeconds: z.number(),
    /** Languages this chapter has a video in. */
    videoLanguages: z.array(contentLanguageSchema),
    /** A free preview anyone may watch (`GET /api/catalogue/{trainingId}/chapters/{chapterId}/preview`). */
    preview: z.boolean(),
  }),
);
export type CatalogueChapter = z.infer<typeof catalogueChapterSchema>;

/** Query of the preview link: the video's language (default: the reader's, else the other one). */
export const previewLinkQuerySchema = lazySchema(() => z.object({ lang: contentLanguageSchema.optional() }));

/**
 * `GET /api/catalogue/{trainingId}/chapters/{chapterId}/preview` (anonymous, rate-limited per client): a
 * read-only link to a preview chapter's video, valid a few minutes. Nothing else of the training's content.
 */
export const previewLinkSchema = lazySchema(() =>
  z.object({
    url: z.string(),
    /** ISO 8601 (UTC). */
    expiresAt: z.string(),
    /** Language of the video (the requested one when it exists, else the other). */
    language: contentLanguageSchema,
  }),
);
export type PreviewLink = z.infer<typeof previewLinkSchema>;

export const quizSummarySchema = lazySchema(() =>
  z.object({
    questionsPerAttempt: z.number().int(),
    passPercent: z.number().int(),
    maxAttempts: z.number().int().nullable(),
    timeLimitMinutes: z.number().int().nullable(),
    waitMinutesBetweenAttempts: z.number().int(),
  }),
);
export type QuizSummary = z.infer<typeof quizSummarySchema>;

export const trainingDetailSchema = lazySchema(() =>
  catalogueItemSchema.extend({
    /** The longer presentation, when the training has one. */
    description: z.string().optional(),
    chapters: z.array(catalogueChapterSchema),
    quiz: quizSummarySchema,
    completionRule: completionRuleSchema,
  }),
);
export type TrainingDetail = z.infer<typeof trainingDetailSchema>;

// ---- admin publishing ----

function hasText(text: LocalizedText | undefined, language: ContentLanguage): boolean {
  return text !== undefined && text[language] !== undefined;
}

/** A thumbnail is a public image address: https, or a path on the SPA's own origin. */
export const thumbnailUrlSchema = lazySchema(() =>
  z
    .string()
    .trim()
    .max(2000)
    .regex(/^(https:\/\/[^\s]+|\/[^\s/][^\s]*)$/, 'expected an https:// address or a path starting with /'),
);

/**
 * `PUT /api/manage/trainings/{trainingId}`: the fields an admin sets (status, dates, ids and the quiz
 * bank are the api's). A draft may lack translations and chapters; publishing checks them (see
 * `publishProblems` in the api). `quiz`: the settings, required when creating; on an existing training
 * they are changed like the bank (a published version is kept, editing makes the next one).
 */
export const adminTrainingUpsertSchema = lazySchema(() =>
  z
    .object({
      languages: z.array(contentLanguageSchema).min(1).max(2),
      title: localizedTextSchema,
      summary: localizedTextSchema,
      description: localizedTextSchema.optional(),
      professions: z.array(professionSchema).min(1),
      accreditedHours: z.number().positive().max(200),
      organiser: z.string().trim().min(1).max(200),
      thumbnail: thumbnailUrlSchema.optional(),
      free: z.boolean(),
      completionRule: completionRuleSchema,
      chapters: z.array(chapterSchema).max(100),
      quiz: quizSettingsSchema.optional(),
    })
    .strict()
    .superRefine((body, ctx) => {
      if (new Set(body.languages).size !== body.languages.length) {
        ctx.addIssue({ code: 'custom', path: ['languages'], message: 'languages must be unique' });
      }
      if (new Set(body.professions).size !== body.professions.length) {
        ctx.addIssue({ code: 'custom', path: ['professions'], message: 'professions must be unique' });
      }
      const seen = new Set<string>();
      body.chapters.forEach((chapter, index) => {
        if (seen.has(chapter.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['chapters', index, 'id'],
            message: `duplicate chapter id ${chapter.id}`,
          });
        }
        seen.add(chapter.id);
      });
    }),
);
export type AdminTrainingUpsert = z.infer<typeof adminTrainingUpsertSchema>;

/** Texts of a training missing in one of its languages (paths as in the training document). */
export function trainingTextProblems(
  body: Pick<AdminTrainingUpsert, 'languages' | 'title' | 'summary' | 'description' | 'chapters'>,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const language of body.languages) {
    if (!hasText(body.title, language)) {
      problems.push({ path: `title.${language}`, message: `missing the ${language} title` });
    }
    if (!hasText(body.summary, language)) {
      problems.push({ path: `summary.${language}`, message: `missing the ${language} summary` });
    }
    if (body.description !== undefined && !hasText(body.description, language)) {
      problems.push({ path: `description.${language}`, message: `missing the ${language} description` });
    }
    body.chapters.forEach((chapter, index) => {
      if (!hasText(chapter.title, language)) {
        problems.push({
          path: `chapters.${index}.title.${language}`,
          message: `missing the ${language} chapter title`,
        });
      }
    });
  }
  return problems;
}

/** One question as an admin sends it (trainingId and kind are the api's). */
export const adminQuestionSchema = lazySchema(() =>
  z
    .object({
      id: contentIdSchema,
      type: z.enum(['single', 'multiple']),
      prompt: localizedTextSchema,
      options: z.array(answerOptionSchema).min(2).max(8),
      explanation: localizedTextSchema.optional(),
    })
    .strict()
    .superRefine((question, ctx) => {
      const correct = question.options.filter((option) => option.correct).length;
      if (question.type === 'single' ? correct !== 1 : correct < 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message:
            'a single-choice question has exactly one correct option, a multiple-choice one at least one',
        });
      }
      if (new Set(question.options.map((option) => option.id)).size !== question.options.length) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must be unique' });
      }
    }),
);
export type AdminQuestion = z.infer<typeof adminQuestionSchema>;

/** Most questions in one bank (the bank is one stored document per version). */
export const maxBankQuestions = 200;

/**
 * `PUT /api/manage/trainings/{trainingId}/questions`: replaces the whole bank, and the quiz settings when
 * given (If-Match: the training's ETag). The api further checks the texts against the training's
 * languages and the size against the settings: at least twice the questions drawn per attempt, so a
 * learner cannot collect the whole key across attempts.
 */
export const adminQuestionBankSchema = lazySchema(() =>
  z
    .object({
      questions: z.array(adminQuestionSchema).min(1).max(maxBankQuestions),
      settings: quizSettingsSchema.optional(),
    })
    .strict()
    .superRefine((bank, ctx) => {
      const seen = new Set<string>();
      bank.questions.forEach((question, index) => {
        if (seen.has(question.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', index, 'id'],
            message: `duplicate question id ${question.id}`,
          });
        }
        seen.add(question.id);
      });
    }),
);
export type AdminQuestionBank = z.infer<typeof adminQuestionBankSchema>;

/** `GET /api/manage/trainings`: every training, any status, with the size of its bank. */
export const adminTrainingListSchema = lazySchema(() =>
  z.object({
    items: z.array(trainingSchema.extend({ questionCount: z.number().int() })),
  }),
);
export type AdminTrainingList = z.infer<typeof adminTrainingListSchema>;

/** `PUT .../{trainingId}`, `POST .../publish|unpublish|archive` answer the stored training (with its ETag). */
export const adminTrainingResponseSchema = lazySchema(() => trainingSchema);

/** `GET`/`PUT /api/manage/trainings/{trainingId}/questions` answer the current bank and quiz version. */
export const adminQuestionBankResponseSchema = lazySchema(() =>
  z.object({
    questions: z.array(adminQuestionSchema),
    settings: quizSettingsSchema,
    /** The quiz version these questions are (null before any bank was saved). */
    version: z.number().int().positive().nullable(),
    /** Whether learners may have drawn from this version (editing it then makes the next version). */
    published: z.boolean(),
  }),
);
export type AdminQuestionBankResponse = z.infer<typeof adminQuestionBankResponseSchema>;
