import {
  acceptLegalSchema,
  legalDocumentTypeSchema,
  publishLegalVersionSchema,
  type LegalStatus,
} from '@soins/shared';
import {
  currentDocuments,
  pendingFor,
  type AcceptLegalDocument,
  type AcceptanceRepository,
  type LegalRepository,
  type PublishLegalVersion,
} from '../../domain/legal';
import { access, callerOf, readJson, unwrap, type RouteContext, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

function typeParam(ctx: RouteContext) {
  const type = legalDocumentTypeSchema.safeParse(ctx.params.type);
  if (!type.success) throw new HttpProblem('not_found');
  return type.data;
}

export function makeLegalRoutes(deps: {
  legal: LegalRepository;
  acceptances: AcceptanceRepository;
  accept: AcceptLegalDocument;
  publish: PublishLegalVersion;
}): RouteSpec[] {
  return [
    {
      name: 'legal-current',
      methods: ['GET'],
      route: 'legal/current',
      access: access.anonymous,
      handle: async () => ({ body: { documents: await currentDocuments(deps.legal) } }),
    },
    {
      name: 'me-legal-status',
      methods: ['GET'],
      route: 'me/legal',
      access: access.signedIn,
      handle: async (ctx) => {
        const body: LegalStatus = await pendingFor(callerOf(ctx).id, deps);
        return { body };
      },
    },
    {
      name: 'me-legal-accept',
      methods: ['POST'],
      route: 'me/legal/acceptances',
      access: access.signedIn,
      maxBodyBytes: 1024,
      handle: async (ctx) => {
        const input = await readJson(ctx, acceptLegalSchema);
        const result = await deps.accept.execute({ userId: callerOf(ctx).id, ...input });
        if (!result.ok) throw new HttpProblem(result.error.code);
        return { status: 201, body: result.value };
      },
    },
    {
      name: 'manage-legal-versions',
      methods: ['GET'],
      route: 'manage/legal/{type}/versions',
      access: access.roles('admin'),
      handle: async (ctx) => ({ body: { items: await deps.legal.versions(typeParam(ctx)) } }),
    },
    {
      name: 'manage-legal-publish',
      methods: ['POST'],
      route: 'manage/legal/{type}/versions',
      access: access.roles('admin'),
      maxBodyBytes: 256 * 1024,
      handle: async (ctx) => {
        const type = typeParam(ctx);
        const input = await readJson(ctx, publishLegalVersionSchema);
        const result = await deps.publish.execute({
          actorId: callerOf(ctx).id,
          type,
          content: input.content,
          ...(input.basedOn === undefined ? {} : { basedOn: input.basedOn }),
        });
        return { status: 201, body: unwrap(result) };
      },
    },
  ];
}
