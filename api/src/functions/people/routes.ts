// The admin's learner record and what an admin does from it: manual enrolment and the reset of quiz
// attempts (reason required). Certificates are revoked and re-driven through /manage/certificates.
import {
  contentIdSchema,
  learnerRecordSchema,
  manualEnrolmentSchema,
  quizResetSchema,
  type LearnerRecord,
  type QuizResetResult,
} from '@soins/shared';
import { z } from 'zod';
import type { EnrolOnBehalf } from '../../domain/learning/manual-enrolment';
import type { GetLearnerRecord } from '../../domain/people/record';
import type { ResetQuizAttempts } from '../../domain/quiz/reset';
import { toProfileResponse } from '../auth/routes';
import {
  access,
  callerOf,
  pathParam,
  readJson,
  unwrap,
  type RouteContext,
  type RouteSpec,
} from '../http-kit';

const userIdParam = z.string().regex(/^u_[A-Za-z0-9_-]{8,64}$/);
const userOf = (ctx: RouteContext): string => pathParam(ctx, 'userId', userIdParam);

export function makePeopleRoutes(deps: {
  record: GetLearnerRecord;
  enrol: EnrolOnBehalf;
  resetQuiz: ResetQuizAttempts;
}): RouteSpec[] {
  const admin = access.roles('admin');
  return [
    {
      name: 'manage-user-record',
      methods: ['GET'],
      route: 'manage/users/{userId}',
      access: admin,
      handle: async (ctx) => {
        const data = unwrap(
          await deps.record.execute({ userId: userOf(ctx), language: callerOf(ctx).language }),
        );
        const body: LearnerRecord = learnerRecordSchema.parse({
          ...data,
          profile: toProfileResponse(data.profile),
        });
        return { body };
      },
    },
    {
      name: 'manage-user-enrol',
      methods: ['POST'],
      route: 'manage/users/{userId}/enrolments',
      access: admin,
      maxBodyBytes: 1024,
      handle: async (ctx) => {
        const userId = userOf(ctx);
        const { trainingId } = await readJson(ctx, manualEnrolmentSchema);
        const { enrolment, created } = unwrap(
          await deps.enrol.execute({ actorId: callerOf(ctx).id, userId, trainingId }),
        );
        return { status: created ? 201 : 200, body: enrolment };
      },
    },
    {
      // Reason required: without one (or too short), a 400 naming `reason`, and nothing is reset.
      name: 'manage-user-quiz-reset',
      methods: ['POST'],
      route: 'manage/users/{userId}/trainings/{trainingId}/quiz-reset',
      access: admin,
      maxBodyBytes: 4 * 1024,
      handle: async (ctx) => {
        const userId = userOf(ctx);
        const trainingId = pathParam(ctx, 'trainingId', contentIdSchema);
        const { reason } = await readJson(ctx, quizResetSchema);
        const body: QuizResetResult = unwrap(
          await deps.resetQuiz.execute({ actorId: callerOf(ctx).id, userId, trainingId, reason }),
        );
        return { body };
      },
    },
  ];
}
