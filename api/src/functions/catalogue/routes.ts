import {
  adminNewsCreateSchema,
  adminQuestionBankSchema,
  adminTrainingUpsertSchema,
  catalogueQuerySchema,
  contentIdSchema,
  contentLanguageSchema,
  newsQuerySchema,
  previewLinkQuerySchema,
  type AdminTrainingList,
  type ContentLanguage,
  type Question,
} from '@soins/shared';
import type { BrowseCatalogue } from '../../domain/catalogue/catalogue';
import type { DeleteNews, ListNews, PublishNews } from '../../domain/catalogue/news';
import type { OpenPreviewVideo } from '../../domain/catalogue/preview';
import type {
  GetQuestionBank,
  ListAdminTrainings,
  PublishTraining,
  ReplaceQuestionBank,
  UnpublishTraining,
  UpsertTraining,
} from '../../domain/catalogue/publishing';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import {
  access,
  parseOrProblem,
  pathParam,
  readJson,
  type RouteContext,
  type RouteSpec,
  unwrap,
} from '../http-kit';
import type { TokenBucketLimiter } from '../certificates/rate-limit';
import { HttpProblem } from '../problems';
import { cacheableJson } from './http-cache';

/** Known query parameters only; blank values count as absent. */
function queryOf(ctx: RouteContext, keys: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of keys) {
    const value = ctx.request.query.get(key);
    if (value !== null && value.trim() !== '') query[key] = value;
  }
  return query;
}

/** `?lang=` first, then Accept-Language; French by default. */
function contentLanguageOf(ctx: RouteContext): ContentLanguage {
  const lang = ctx.request.query.get('lang');
  if (lang) {
    const parsed = contentLanguageSchema.safeParse(lang);
    if (!parsed.success) {
      throw new HttpProblem('validation_failed', undefined, [{ path: 'lang', message: 'expected fr or nl' }]);
    }
    return parsed.data;
  }
  return ctx.language === 'nl' ? 'nl' : 'fr';
}

/** A malformed id cannot name a training: 404 like an unknown one. */
function trainingIdOf(ctx: RouteContext): string {
  return pathParam(ctx, 'trainingId', contentIdSchema);
}

const toAdminQuestion = ({ trainingId: _trainingId, kind: _kind, ...question }: Question) => question;

export function makeCatalogueRoutes(deps: {
  browse: BrowseCatalogue;
  trainings: TrainingRepository;
  listAdmin: ListAdminTrainings;
  upsert: UpsertTraining;
  getQuestions: GetQuestionBank;
  replaceQuestions: ReplaceQuestionBank;
  publish: PublishTraining;
  unpublish: UnpublishTraining;
  listNews: ListNews;
  publishNews: PublishNews;
  deleteNews: DeleteNews;
  preview: OpenPreviewVideo;
  /** Per client address: preview links are anonymous. */
  previewLimiter: TokenBucketLimiter;
}): RouteSpec[] {
  return [
    {
      name: 'catalogue-list',
      methods: ['GET'],
      route: 'catalogue',
      access: access.anonymous,
      handle: async (ctx) => {
        const query = parseOrProblem(
          catalogueQuerySchema,
          queryOf(ctx, ['q', 'profession', 'language', 'minHours', 'maxHours', 'lang']),
        );
        const language = contentLanguageOf(ctx);
        return cacheableJson(ctx, await deps.browse.list(query, language), language);
      },
    },
    {
      name: 'catalogue-detail',
      methods: ['GET'],
      route: 'catalogue/{trainingId}',
      access: access.anonymous,
      handle: async (ctx) => {
        const language = contentLanguageOf(ctx);
        const result = await deps.browse.detail(trainingIdOf(ctx), language);
        if (!result.ok) throw new HttpProblem('not_found');
        return cacheableJson(ctx, result.value, result.value.language);
      },
    },
    {
      // Anonymous: a free preview chapter's video, for visitors deciding whether to sign up. Only chapters
      // an admin marked `preview` in a published training; anything else is 404. Rate-limited per client.
      name: 'catalogue-chapter-preview',
      methods: ['GET'],
      route: 'catalogue/{trainingId}/chapters/{chapterId}/preview',
      access: access.anonymous,
      handle: async (ctx) => {
        const decision = deps.previewLimiter.take(ctx.clientAddress);
        if (!decision.allowed) {
          throw new HttpProblem('rate_limited', undefined, undefined, {
            'Retry-After': String(decision.retryAfterSeconds),
          });
        }
        const query = parseOrProblem(previewLinkQuerySchema, queryOf(ctx, ['lang']));
        const link = await deps.preview.execute({
          trainingId: trainingIdOf(ctx),
          chapterId: pathParam(ctx, 'chapterId', contentIdSchema),
          language: query.lang ?? contentLanguageOf(ctx),
        });
        if (!link.ok) throw new HttpProblem('not_found');
        return { body: link.value };
      },
    },
    {
      name: 'news-list',
      methods: ['GET'],
      route: 'news',
      access: access.anonymous,
      handle: async (ctx) => {
        const query = parseOrProblem(newsQuerySchema, queryOf(ctx, ['continuationToken', 'limit']));
        return cacheableJson(ctx, await deps.listNews.execute(query));
      },
    },
    {
      name: 'manage-trainings-list',
      methods: ['GET'],
      route: 'manage/trainings',
      access: access.roles('admin'),
      handle: async () => {
        const body: AdminTrainingList = { items: await deps.listAdmin.execute() };
        return { body };
      },
    },
    {
      name: 'manage-training-get',
      methods: ['GET'],
      route: 'manage/trainings/{trainingId}',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const training = await deps.trainings.get(trainingIdOf(ctx));
        if (!training) throw new HttpProblem('not_found');
        return { body: training };
      },
    },
    {
      name: 'manage-training-upsert',
      methods: ['PUT'],
      route: 'manage/trainings/{trainingId}',
      access: access.roles('admin'),
      maxBodyBytes: 512 * 1024,
      handle: async (ctx) => {
        const id = contentIdSchema.safeParse(ctx.params.trainingId);
        if (!id.success) {
          throw new HttpProblem('validation_failed', undefined, [
            { path: 'trainingId', message: id.error.issues[0]?.message ?? 'invalid id' },
          ]);
        }
        const content = await readJson(ctx, adminTrainingUpsertSchema);
        const { training, created } = unwrap(await deps.upsert.execute({ trainingId: id.data, content }));
        return { status: created ? 201 : 200, body: training };
      },
    },
    {
      name: 'manage-training-questions-get',
      methods: ['GET'],
      route: 'manage/trainings/{trainingId}/questions',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const questions = unwrap(await deps.getQuestions.execute(trainingIdOf(ctx)));
        return { body: { questions: questions.map(toAdminQuestion) } };
      },
    },
    {
      name: 'manage-training-questions-replace',
      methods: ['PUT'],
      route: 'manage/trainings/{trainingId}/questions',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const trainingId = trainingIdOf(ctx);
        const bank = await readJson(ctx, adminQuestionBankSchema);
        const questions = unwrap(
          await deps.replaceQuestions.execute({ trainingId, questions: bank.questions }),
        );
        return { body: { questions: questions.map(toAdminQuestion) } };
      },
    },
    {
      name: 'manage-training-publish',
      methods: ['POST'],
      route: 'manage/trainings/{trainingId}/publish',
      access: access.roles('admin'),
      handle: async (ctx) => ({ body: unwrap(await deps.publish.execute(trainingIdOf(ctx))) }),
    },
    {
      name: 'manage-training-unpublish',
      methods: ['POST'],
      route: 'manage/trainings/{trainingId}/unpublish',
      access: access.roles('admin'),
      handle: async (ctx) => ({ body: unwrap(await deps.unpublish.execute(trainingIdOf(ctx))) }),
    },
    {
      name: 'manage-news-create',
      methods: ['POST'],
      route: 'manage/news',
      access: access.roles('admin'),
      maxBodyBytes: 64 * 1024,
      handle: async (ctx) => {
        const input = await readJson(ctx, adminNewsCreateSchema);
        return { status: 201, body: await deps.publishNews.execute(input) };
      },
    },
    {
      name: 'manage-news-delete',
      methods: ['DELETE'],
      route: 'manage/news/{newsId}',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const newsId = ctx.params.newsId ?? '';
        if (!/^[A-Za-z0-9-]{1,64}$/.test(newsId)) throw new HttpProblem('not_found');
        const result = await deps.deleteNews.execute(newsId);
        if (!result.ok) throw new HttpProblem('not_found');
        return { status: 204 };
      },
    },
  ];
}
