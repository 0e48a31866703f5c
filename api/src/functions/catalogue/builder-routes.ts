// The course builder's staff api (`/api/manage/trainings/...`, admins only): trainings with ETags
// (If-Match on every edit, 412 when stale), the quiz bank in versions, status changes, the learner's-eye
// preview of a draft, and chapter files uploaded straight to Blob Storage.
import {
  adminQuestionBankSchema,
  adminTrainingUpsertSchema,
  contentIdSchema,
  contentLanguageSchema,
  uploadRequestSchema,
  type AdminTrainingList,
  type ContentLanguage,
  type Question,
  type TrainingTransition,
  type UploadCompletion,
} from '@soins/shared';
import { toTrainingDetail } from '../../domain/catalogue/catalogue';
import type {
  ChapterMediaLinks,
  CompleteUpload,
  ResumeUpload,
  StartUpload,
} from '../../domain/catalogue/media';
import type { TrainingStore } from '../../domain/catalogue/ports';
import type {
  ChangeTrainingStatus,
  GetQuestionBank,
  ListAdminTrainings,
  ReplaceQuestionBank,
  UpsertTraining,
} from '../../domain/catalogue/publishing';
import {
  access,
  callerOf,
  entityTag,
  parseOrProblem,
  pathParam,
  preconditionOf,
  readJson,
  type RouteContext,
  type RouteSpec,
  unwrap,
} from '../http-kit';
import { HttpProblem } from '../problems';

const trainingIdOf = (ctx: RouteContext): string => pathParam(ctx, 'trainingId', contentIdSchema);
const chapterIdOf = (ctx: RouteContext): string => pathParam(ctx, 'chapterId', contentIdSchema);

function languageOf(ctx: RouteContext): ContentLanguage {
  const lang = ctx.request.query.get('lang');
  if (!lang) return ctx.language === 'nl' ? 'nl' : 'fr';
  return parseOrProblem(contentLanguageSchema, lang);
}

const toAdminQuestion = ({ trainingId: _trainingId, kind: _kind, ...question }: Question) => question;

export function makeBuilderRoutes(deps: {
  trainings: TrainingStore;
  listAdmin: ListAdminTrainings;
  upsert: UpsertTraining;
  getQuestions: GetQuestionBank;
  replaceQuestions: ReplaceQuestionBank;
  changeStatus: ChangeTrainingStatus;
  startUpload: StartUpload;
  resumeUpload: ResumeUpload;
  completeUpload: CompleteUpload;
  mediaLinks: ChapterMediaLinks;
}): RouteSpec[] {
  const transition = (name: TrainingTransition): RouteSpec => ({
    name: `manage-training-${name}`,
    methods: ['POST'],
    route: `manage/trainings/{trainingId}/${name}`,
    access: access.roles('admin'),
    handle: async (ctx) => {
      const { training, etag } = unwrap(
        await deps.changeStatus.execute({
          trainingId: trainingIdOf(ctx),
          transition: name,
          precondition: preconditionOf(ctx),
          actorId: callerOf(ctx).id,
        }),
      );
      return { body: training, headers: { ETag: entityTag(etag) } };
    },
  });
  return [
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
        const stored = await deps.trainings.getVersioned(trainingIdOf(ctx));
        if (!stored) throw new HttpProblem('not_found');
        return { body: stored.value, headers: { ETag: entityTag(stored.etag) } };
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
        const { training, etag, created } = unwrap(
          await deps.upsert.execute({
            trainingId: id.data,
            content,
            precondition: preconditionOf(ctx),
            actorId: callerOf(ctx).id,
          }),
        );
        return { status: created ? 201 : 200, body: training, headers: { ETag: entityTag(etag) } };
      },
    },
    {
      name: 'manage-training-preview',
      methods: ['GET'],
      route: 'manage/trainings/{trainingId}/preview',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const training = await deps.trainings.get(trainingIdOf(ctx));
        if (!training) throw new HttpProblem('not_found');
        return { body: toTrainingDetail(training, languageOf(ctx)) };
      },
    },
    {
      name: 'manage-training-questions-get',
      methods: ['GET'],
      route: 'manage/trainings/{trainingId}/questions',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const bank = unwrap(await deps.getQuestions.execute(trainingIdOf(ctx)));
        return {
          body: {
            questions: bank.questions.map(toAdminQuestion),
            settings: bank.settings,
            version: bank.version,
            published: bank.published,
          },
          headers: { ETag: entityTag(bank.etag) },
        };
      },
    },
    {
      name: 'manage-training-questions-replace',
      methods: ['PUT'],
      route: 'manage/trainings/{trainingId}/questions',
      access: access.roles('admin'),
      maxBodyBytes: 512 * 1024,
      handle: async (ctx) => {
        const trainingId = trainingIdOf(ctx);
        const body = await readJson(ctx, adminQuestionBankSchema);
        const bank = unwrap(
          await deps.replaceQuestions.execute({
            trainingId,
            questions: body.questions,
            settings: body.settings,
            precondition: preconditionOf(ctx),
            actorId: callerOf(ctx).id,
          }),
        );
        return {
          body: {
            questions: bank.questions.map(toAdminQuestion),
            settings: bank.settings,
            version: bank.version,
            published: bank.published,
          },
          headers: { ETag: entityTag(bank.etag) },
        };
      },
    },
    transition('publish'),
    transition('unpublish'),
    transition('archive'),
    {
      name: 'manage-chapter-upload-start',
      methods: ['POST'],
      route: 'manage/trainings/{trainingId}/chapters/{chapterId}/uploads',
      access: access.roles('admin'),
      maxBodyBytes: 4 * 1024,
      handle: async (ctx) => {
        const trainingId = trainingIdOf(ctx);
        const chapterId = chapterIdOf(ctx);
        const request = await readJson(ctx, uploadRequestSchema);
        const ticket = unwrap(await deps.startUpload.execute({ trainingId, chapterId, request }));
        return { status: 201, body: ticket };
      },
    },
    {
      name: 'manage-chapter-upload-get',
      methods: ['GET'],
      route: 'manage/trainings/{trainingId}/chapters/{chapterId}/uploads/{uploadId}',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const ticket = await deps.resumeUpload.execute({
          trainingId: trainingIdOf(ctx),
          chapterId: chapterIdOf(ctx),
          uploadId: ctx.params.uploadId ?? '',
        });
        return { body: unwrap(ticket) };
      },
    },
    {
      name: 'manage-chapter-upload-complete',
      methods: ['POST'],
      route: 'manage/trainings/{trainingId}/chapters/{chapterId}/uploads/{uploadId}/completion',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const done = unwrap(
          await deps.completeUpload.execute({
            trainingId: trainingIdOf(ctx),
            chapterId: chapterIdOf(ctx),
            uploadId: ctx.params.uploadId ?? '',
            actorId: callerOf(ctx).id,
          }),
        );
        const body: UploadCompletion = {
          training: done.training,
          kind: done.upload.kind,
          language: done.upload.language,
          ...(done.video ? { video: done.video } : {}),
        };
        return { body, headers: { ETag: entityTag(done.etag) } };
      },
    },
    {
      name: 'manage-chapter-media',
      methods: ['GET'],
      route: 'manage/trainings/{trainingId}/chapters/{chapterId}/media',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const links = await deps.mediaLinks.execute({
          trainingId: trainingIdOf(ctx),
          chapterId: chapterIdOf(ctx),
          language: languageOf(ctx),
        });
        return { body: unwrap(links) };
      },
    },
  ];
}
