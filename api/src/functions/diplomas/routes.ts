import {
  diplomaDecisionSchema,
  diplomaMaxBytes,
  diplomaStatusSchema,
  type Diploma,
  type DiplomaReviewList,
} from '@soins/shared';
import { z } from 'zod';
import type {
  DecideDiploma,
  DiplomaError,
  DiplomaReadLink,
  DiplomaRepository,
  DiplomaReviewQueue,
  UploadDiploma,
} from '../../domain/diplomas';
import type { Result } from '../../domain/result';
import { access, callerOf, readBytes, readJson, type RouteContext, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

const idParam = z.string().regex(/^[A-Za-z0-9_-]{8,80}$/);

function params(ctx: RouteContext): { userId: string; diplomaId: string } {
  const userId = idParam.safeParse(ctx.params.userId);
  const diplomaId = idParam.safeParse(ctx.params.diplomaId);
  if (!userId.success || !diplomaId.success) throw new HttpProblem('not_found');
  return { userId: userId.data, diplomaId: diplomaId.data };
}

function unwrap<T>(result: Result<T, DiplomaError>, detail?: (e: DiplomaError) => string): T {
  if (result.ok) return result.value;
  throw new HttpProblem(result.error.code, detail?.(result.error));
}

export function makeDiplomaRoutes(deps: {
  upload: UploadDiploma;
  decide: DecideDiploma;
  readLink: DiplomaReadLink;
  reviewQueue: DiplomaReviewQueue;
  diplomas: DiplomaRepository;
}): RouteSpec[] {
  const admin = access.roles('admin');
  return [
    {
      name: 'me-diploma-upload',
      methods: ['PUT'],
      route: 'me/diploma',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      maxBodyBytes: diplomaMaxBytes,
      handle: async (ctx) => {
        const bytes = await readBytes(ctx);
        const diploma = unwrap(await deps.upload.execute({ userId: callerOf(ctx).id, bytes }), (e) =>
          e.code === 'unsupported_media_type' ? 'PDF, JPEG, PNG' : '',
        );
        return { status: 202, body: { diploma } };
      },
    },
    {
      name: 'me-diploma-get',
      methods: ['GET'],
      route: 'me/diploma',
      access: access.signedIn,
      handle: async (ctx) => ({
        body: { diploma: (await deps.diplomas.latestFor(callerOf(ctx).id)) ?? null },
      }),
    },
    {
      name: 'manage-diplomas-list',
      methods: ['GET'],
      route: 'manage/diplomas',
      access: admin,
      handle: async (ctx) => {
        // Only the review queue pages (a list kept for the purpose): other statuses are not listed.
        const status = diplomaStatusSchema.safeParse(ctx.request.query.get('status') ?? 'pending_review');
        if (!status.success || status.data !== 'pending_review') {
          throw new HttpProblem('validation_failed', undefined, [
            { path: 'status', message: 'only pending_review is listed' },
          ]);
        }
        const token = ctx.request.query.get('continuationToken') ?? undefined;
        const body: DiplomaReviewList = await deps.reviewQueue.execute(token);
        return { body };
      },
    },
    {
      name: 'manage-diploma-link',
      methods: ['POST'],
      route: 'manage/diplomas/{userId}/{diplomaId}/link',
      access: admin,
      handle: async (ctx) => ({
        body: unwrap(await deps.readLink.execute({ actorId: callerOf(ctx).id, ...params(ctx) })),
      }),
    },
    {
      name: 'manage-diploma-decision',
      methods: ['POST'],
      route: 'manage/diplomas/{userId}/{diplomaId}/decision',
      access: admin,
      maxBodyBytes: 4 * 1024,
      handle: async (ctx) => {
        const decision = await readJson(ctx, diplomaDecisionSchema);
        const decided: Diploma = unwrap(
          await deps.decide.execute({ actorId: callerOf(ctx).id, ...params(ctx), decision }),
        );
        return { body: { diploma: decided } };
      },
    },
  ];
}
