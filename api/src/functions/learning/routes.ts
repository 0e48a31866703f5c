import { contentIdSchema, progressReportSchema, videoLinkQuerySchema } from '@soins/shared';
import type {
  EnrolInTraining,
  GetCourseView,
  GetDashboard,
  OpenChapterVideo,
  ReportProgress,
} from '../../domain/learning/use-cases';
import type { Logger } from '../../domain/ports';
import {
  access,
  callerOf,
  parseOrProblem,
  pathParam,
  readJson,
  type RouteContext,
  type RouteSpec,
  unwrap,
} from '../http-kit';

/** A path id that cannot name content is simply not found. */
function contentParam(ctx: RouteContext, name: 'trainingId' | 'chapterId'): string {
  return pathParam(ctx, name, contentIdSchema);
}

/**
 * The language of the titles: `?lang=` (fr or nl; what the SPA shows right now, so switching language refreshes
 * at once) when given, else the profile's. The same query schema as the video link's.
 */
function titleLanguage(ctx: RouteContext, profileLanguage: string): string {
  const query = parseOrProblem(videoLinkQuerySchema, Object.fromEntries(ctx.request.query.entries()));
  return query.lang ?? profileLanguage;
}

/**
 * The course player. Every route is under `/me/...` and acts on the caller's own enrolments and
 * progress only (the user id comes from the token, never from the path): owner-scoped by construction.
 */
export function makeLearningRoutes(deps: {
  enrol: EnrolInTraining;
  dashboard: GetDashboard;
  course: GetCourseView;
  openVideo: OpenChapterVideo;
  reportProgress: ReportProgress;
  logger: Logger;
}): RouteSpec[] {
  return [
    {
      name: 'me-trainings-list',
      methods: ['GET'],
      route: 'me/trainings',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        const language = titleLanguage(ctx, caller.language);
        return { body: await deps.dashboard.execute({ userId: caller.id, language }) };
      },
    },
    {
      name: 'me-training-get',
      methods: ['GET'],
      route: 'me/trainings/{trainingId}',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        const view = await deps.course.execute({
          userId: caller.id,
          language: titleLanguage(ctx, caller.language),
          trainingId: contentParam(ctx, 'trainingId'),
        });
        return { body: unwrap(view) };
      },
    },
    {
      name: 'me-training-enrol',
      methods: ['POST'],
      route: 'me/trainings/{trainingId}/enrolment',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => {
        const enrolment = await deps.enrol.execute({
          userId: callerOf(ctx).id,
          trainingId: contentParam(ctx, 'trainingId'),
        });
        return { body: unwrap(enrolment) };
      },
    },
    {
      name: 'me-chapter-video',
      methods: ['GET'],
      route: 'me/trainings/{trainingId}/chapters/{chapterId}/video',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        const query = parseOrProblem(videoLinkQuerySchema, Object.fromEntries(ctx.request.query.entries()));
        const link = await deps.openVideo.execute({
          userId: caller.id,
          language: caller.language,
          trainingId: contentParam(ctx, 'trainingId'),
          chapterId: contentParam(ctx, 'chapterId'),
          ...(query.lang ? { requestedLanguage: query.lang } : {}),
        });
        return { body: unwrap(link) };
      },
    },
    {
      name: 'me-chapter-progress',
      methods: ['POST'],
      route: 'me/trainings/{trainingId}/chapters/{chapterId}/progress',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      maxBodyBytes: 4 * 1024,
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        const trainingId = contentParam(ctx, 'trainingId');
        const chapterId = contentParam(ctx, 'chapterId');
        const report = await readJson(ctx, progressReportSchema);
        const result = await deps.reportProgress.execute({
          userId: caller.id,
          language: caller.language,
          trainingId,
          chapterId,
          report,
        });
        if (!result.ok && result.error.code === 'progress_implausible') {
          // Ids only: a pattern of refusals points at a scripted client or a player bug.
          deps.logger.warn('learning.progress_refused', { trainingId, chapterId, requestId: ctx.requestId });
        }
        return { body: unwrap(result) };
      },
    },
  ];
}
