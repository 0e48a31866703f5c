import {
  acceptLegalSchema,
  legalDocumentTypeSchema,
  publishLegalVersionSchema,
  type LegalStatus,
  type LegalVersionList,
  type MyAcceptances,
} from '@soins/shared';
import { z } from 'zod';
import {
  currentDocuments,
  pendingFor,
  type AcceptLegalDocument,
  type AcceptanceRepository,
  type LegalRepository,
  type PublishLegalVersion,
} from '../../domain/legal';
import { cacheableJson } from '../catalogue/http-cache';
import {
  access,
  callerOf,
  pathParam,
  readJson,
  unwrap,
  type RouteContext,
  type RouteSpec,
} from '../http-kit';
import { HttpProblem } from '../problems';

const versionParam = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number);

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
    // Public reads of every published version (footer pages: current and earlier versions), anonymous
    // and cacheable (strong ETag, shared max-age): a published version never changes.
    {
      name: 'legal-versions-public',
      methods: ['GET'],
      route: 'legal/{type}/versions',
      access: access.anonymous,
      handle: async (ctx) => {
        const type = typeParam(ctx);
        const body: LegalVersionList = {
          type,
          items: (await deps.legal.versions(type)).map((doc) => ({
            version: doc.version,
            publishedAt: doc.publishedAt,
            title: { fr: doc.content.fr.title, nl: doc.content.nl.title },
          })),
        };
        return cacheableJson(ctx, body);
      },
    },
    {
      name: 'legal-version-public',
      methods: ['GET'],
      route: 'legal/{type}/versions/{version}',
      access: access.anonymous,
      handle: async (ctx) => {
        const type = typeParam(ctx);
        const version = pathParam(ctx, 'version', versionParam);
        const document = await deps.legal.version(type, version);
        if (!document) throw new HttpProblem('not_found');
        return cacheableJson(ctx, document);
      },
    },
    {
      name: 'me-legal-acceptances',
      methods: ['GET'],
      route: 'me/legal/acceptances',
      access: access.signedIn,
      handle: async (ctx) => {
        const accepted = await deps.acceptances.acceptedBy(callerOf(ctx).id);
        const body: MyAcceptances = {
          items: accepted
            .map(({ type, version, acceptedAt }) => ({ type, version, acceptedAt }))
            .sort((a, b) => b.acceptedAt.localeCompare(a.acceptedAt)),
        };
        return { body };
      },
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
