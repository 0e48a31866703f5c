import {
  adminQuestionBankSchema,
  adminTrainingUpsertSchema,
  catalogueQuerySchema,
  contentIdSchema,
  contentLanguageSchema,
  type AdminTrainingList,
  type ContentLanguage,
  type Question,
} from '@soins/shared';
import type { BrowseCatalogue } from '../../domain/catalogue/catalogue';
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
  queryOf,
  readJson,
  type RouteContext,
  type RouteSpec,
  unwrap,
} from '../http-kit';
import { HttpProblem } from '../problems';
import { cacheableJson } from './http-cache';

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
  ];
}
