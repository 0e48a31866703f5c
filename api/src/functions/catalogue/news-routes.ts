import {
  adminNewsCreateSchema,
  adminNewsUpdateSchema,
  newsQuerySchema,
  type AdminNewsItem,
  type AdminNewsList,
} from '@soins/shared';
import { z } from 'zod';
import type {
  CreateNews,
  DeleteNews,
  GetAdminNews,
  ListAdminNews,
  ListNews,
  SetNewsPublication,
  UpdateNews,
} from '../../domain/catalogue/news';
import {
  access,
  callerOf,
  entityTag,
  parseOrProblem,
  pathParam,
  preconditionOf,
  queryOf,
  readJson,
  unwrap,
  type JsonResult,
  type RouteContext,
  type RouteSpec,
} from '../http-kit';
import { HttpProblem } from '../problems';
import { cacheableJson } from './http-cache';

const newsIdParam = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const newsIdOf = (ctx: RouteContext): string => pathParam(ctx, 'newsId', newsIdParam);

/** An admin item with its version as the ETag header too (the body carries it for the SPA's lists). */
const withEtag = (item: AdminNewsItem, status = 200): JsonResult => ({
  status,
  body: item,
  headers: { ETag: entityTag(item.etag) },
});

/** The version a change applies to: `If-Match` is required (428 without it), 412 when stale. */
function ifMatchOf(ctx: RouteContext): string {
  const { ifMatch } = preconditionOf(ctx);
  if (!ifMatch) throw new HttpProblem('precondition_required');
  return ifMatch;
}

const newsBodyMaxBytes = 128 * 1024;

export function makeNewsRoutes(deps: {
  list: ListNews;
  listAdmin: ListAdminNews;
  get: GetAdminNews;
  create: CreateNews;
  update: UpdateNews;
  publication: SetNewsPublication;
  remove: DeleteNews;
}): RouteSpec[] {
  const admin = access.roles('admin');
  const publication = (published: boolean) => async (ctx: RouteContext) =>
    withEtag(
      unwrap(await deps.publication.execute({ actorId: callerOf(ctx).id, newsId: newsIdOf(ctx), published })),
    );
  return [
    {
      name: 'news-list',
      methods: ['GET'],
      route: 'news',
      access: access.anonymous,
      handle: async (ctx) => {
        const query = parseOrProblem(newsQuerySchema, queryOf(ctx, ['continuationToken', 'limit']));
        return cacheableJson(ctx, await deps.list.execute(query));
      },
    },
    {
      name: 'manage-news-list',
      methods: ['GET'],
      route: 'manage/news',
      access: admin,
      handle: async (ctx) => {
        const token = ctx.request.query.get('continuationToken') ?? undefined;
        const body: AdminNewsList = await deps.listAdmin.execute(token ? { continuationToken: token } : {});
        return { body };
      },
    },
    {
      name: 'manage-news-create',
      methods: ['POST'],
      route: 'manage/news',
      access: admin,
      maxBodyBytes: newsBodyMaxBytes,
      handle: async (ctx) => {
        const content = await readJson(ctx, adminNewsCreateSchema);
        return withEtag(await deps.create.execute({ actorId: callerOf(ctx).id, content }), 201);
      },
    },
    {
      name: 'manage-news-get',
      methods: ['GET'],
      route: 'manage/news/{newsId}',
      access: admin,
      handle: async (ctx) => withEtag(unwrap(await deps.get.execute(newsIdOf(ctx)))),
    },
    {
      name: 'manage-news-update',
      methods: ['PUT'],
      route: 'manage/news/{newsId}',
      access: admin,
      maxBodyBytes: newsBodyMaxBytes,
      handle: async (ctx) => {
        const newsId = newsIdOf(ctx);
        const etag = ifMatchOf(ctx);
        const content = await readJson(ctx, adminNewsUpdateSchema);
        return withEtag(
          unwrap(await deps.update.execute({ actorId: callerOf(ctx).id, newsId, etag, content })),
        );
      },
    },
    {
      name: 'manage-news-unpublish',
      methods: ['POST'],
      route: 'manage/news/{newsId}/unpublish',
      access: admin,
      handle: publication(false),
    },
    {
      name: 'manage-news-publish',
      methods: ['POST'],
      route: 'manage/news/{newsId}/publish',
      access: admin,
      handle: publication(true),
    },
    {
      name: 'manage-news-delete',
      methods: ['DELETE'],
      route: 'manage/news/{newsId}',
      access: admin,
      handle: async (ctx) => {
        unwrap(await deps.remove.execute({ actorId: callerOf(ctx).id, newsId: newsIdOf(ctx) }));
        return { status: 204 };
      },
    },
  ];
}
