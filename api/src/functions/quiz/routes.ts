import { contentIdSchema, quizAttemptIdSchema, quizSubmissionSchema } from '@soins/shared';
import type {
  GetQuizAttempt,
  GetQuizOverview,
  StartQuizAttempt,
  SubmitQuizAttempt,
} from '../../domain/quiz/use-cases';
import {
  access,
  callerOf,
  pathParam,
  readJson,
  unwrap,
  type RouteContext,
  type RouteSpec,
} from '../http-kit';

/** 100 answers of 8 option ids each fit well within this. */
export const quizSubmissionMaxBytes = 64 * 1024;

/** A path id that cannot name a training or an attempt is simply not found. */
function trainingParam(ctx: RouteContext): string {
  return pathParam(ctx, 'trainingId', contentIdSchema);
}

function attemptParam(ctx: RouteContext): string {
  return pathParam(ctx, 'attemptId', quizAttemptIdSchema);
}

/**
 * The final quiz. Every route is under `/me/...` and reads the caller's own attempts only (the user id
 * comes from the token, the attempts from the caller's partition): another learner's attempt is a 404.
 */
export function makeQuizRoutes(deps: {
  overview: GetQuizOverview;
  start: StartQuizAttempt;
  get: GetQuizAttempt;
  submit: SubmitQuizAttempt;
}): RouteSpec[] {
  return [
    {
      name: 'me-quiz-status',
      methods: ['GET'],
      route: 'me/trainings/{trainingId}/quiz',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => ({
        body: unwrap(
          await deps.overview.execute({ userId: callerOf(ctx).id, trainingId: trainingParam(ctx) }),
        ),
      }),
    },
    {
      // Starts an attempt, or resumes the one in progress (200) instead of drawing a second one (201).
      name: 'me-quiz-attempt-start',
      methods: ['POST'],
      route: 'me/trainings/{trainingId}/quiz/attempts',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        const { view, created } = unwrap(
          await deps.start.execute({
            userId: caller.id,
            language: caller.language,
            trainingId: trainingParam(ctx),
          }),
        );
        return { status: created ? 201 : 200, body: view };
      },
    },
    {
      name: 'me-quiz-attempt-get',
      methods: ['GET'],
      route: 'me/trainings/{trainingId}/quiz/attempts/{attemptId}',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        return {
          body: unwrap(
            await deps.get.execute({
              userId: caller.id,
              language: caller.language,
              trainingId: trainingParam(ctx),
              attemptId: attemptParam(ctx),
            }),
          ),
        };
      },
    },
    {
      name: 'me-quiz-attempt-submit',
      methods: ['POST'],
      route: 'me/trainings/{trainingId}/quiz/attempts/{attemptId}/submission',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      maxBodyBytes: quizSubmissionMaxBytes,
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        const trainingId = trainingParam(ctx);
        const attemptId = attemptParam(ctx);
        const { answers } = await readJson(ctx, quizSubmissionSchema);
        return {
          body: unwrap(
            await deps.submit.execute({
              userId: caller.id,
              language: caller.language,
              trainingId,
              attemptId,
              answers,
            }),
          ),
        };
      },
    },
  ];
}
