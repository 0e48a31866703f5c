import { certificateRevocationSchema, contentIdSchema, type VerificationView } from '@soins/shared';
import { z } from 'zod';
import type {
  CertificatePdfLink,
  GetHoursLedger,
  ListMyCertificates,
  RedriveCertificate,
  RevokeCertificate,
  VerifyCertificate,
} from '../../domain/certificates/use-cases';
import { certificateInstanceId } from '../../domain/certificates/model';
import { access, callerOf, pathParam, readJson, type RouteSpec, unwrap } from '../http-kit';
import { HttpProblem } from '../problems';
import type { TokenBucketLimiter } from '../rate-limit';

const userIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,80}$/);
const certificateIdParam = z.string().regex(/^c-[a-z2-7]{24}$/);

export function makeCertificateRoutes(deps: {
  verify: VerifyCertificate;
  list: ListMyCertificates;
  pdfLink: CertificatePdfLink;
  ledger: GetHoursLedger;
  revoke: RevokeCertificate;
  redrive: RedriveCertificate;
  verifyLimiter: TokenBucketLimiter;
}): RouteSpec[] {
  const admin = access.roles('admin');
  return [
    {
      // Anonymous by design: anyone holding a certificate may check it. Unknown or malformed codes
      // answer 200 `unknown` (never 404/5xx, so responses do not distinguish the two).
      name: 'certificates-verify',
      methods: ['GET'],
      route: 'verify/{code}',
      access: access.anonymous,
      handle: async (ctx) => {
        const decision = deps.verifyLimiter.take(ctx.clientAddress);
        if (!decision.allowed) {
          throw new HttpProblem('rate_limited', undefined, undefined, {
            'Retry-After': String(decision.retryAfterSeconds),
          });
        }
        const view: VerificationView = await deps.verify.execute(ctx.params.code ?? '');
        return { body: view };
      },
    },
    {
      name: 'me-certificates-list',
      methods: ['GET'],
      route: 'me/certificates',
      access: access.signedIn,
      handle: async (ctx) => ({ body: await deps.list.execute(callerOf(ctx).id) }),
    },
    {
      // Another learner's certificate id is simply not found in the caller's partition: 404.
      name: 'me-certificate-pdf',
      methods: ['GET'],
      route: 'me/certificates/{certificateId}/pdf',
      access: access.signedIn,
      handle: async (ctx) => ({
        body: unwrap(
          await deps.pdfLink.execute({
            userId: callerOf(ctx).id,
            certificateId: pathParam(ctx, 'certificateId', certificateIdParam),
          }),
        ),
      }),
    },
    {
      name: 'me-hours',
      methods: ['GET'],
      route: 'me/hours',
      access: access.signedIn,
      handle: async (ctx) => ({ body: await deps.ledger.execute(callerOf(ctx).id) }),
    },
    {
      name: 'manage-certificate-revoke',
      methods: ['POST'],
      route: 'manage/certificates/{userId}/{certificateId}/revocation',
      access: admin,
      handle: async (ctx) => {
        const userId = pathParam(ctx, 'userId', userIdParam);
        const certificateId = pathParam(ctx, 'certificateId', certificateIdParam);
        const { reason } = await readJson(ctx, certificateRevocationSchema);
        const revoked = unwrap(
          await deps.revoke.execute({ userId, certificateId, reason, actorId: callerOf(ctx).id }),
        );
        return { body: { id: revoked.id, status: revoked.status, revokedAt: revoked.revokedAt } };
      },
    },
    {
      // Operator re-drive of a failed workflow: queues the stored request again; the consumer restarts
      // a failed instance and leaves a running or completed one alone.
      name: 'manage-certificate-retry',
      methods: ['POST'],
      route: 'manage/certificates/{userId}/{trainingId}/retry',
      access: admin,
      handle: async (ctx) => {
        const userId = pathParam(ctx, 'userId', userIdParam);
        const trainingId = pathParam(ctx, 'trainingId', contentIdSchema);
        unwrap(await deps.redrive.execute({ actorId: callerOf(ctx).id, userId, trainingId }));
        return { status: 202, body: { instanceId: certificateInstanceId(userId, trainingId), queued: true } };
      },
    },
  ];
}
