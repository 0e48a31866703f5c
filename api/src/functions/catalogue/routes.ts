import {
  adminNewsCreateSchema,
  catalogueQuerySchema,
  contentIdSchema,
  contentLanguageSchema,
  newsQuerySchema,
  previewLinkQuerySchema,
  type ContentLanguage,
} from '@soins/shared';
import type { BrowseCatalogue } from '../../domain/catalogue/catalogue';
import type { DeleteNews, ListNews, PublishNews } from '../../domain/catalogue/news';
import type { OpenPreviewVideo } from '../../domain/catalogue/preview';
import type { TokenBucketLimiter } from '../rate-limit';
import { access, parseOrProblem, pathParam, readJson, type RouteContext, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';
import { cacheableJson } from './http-cache';

/** Known query parameters only; blank values count as absent. */
function queryOf(ctx: RouteContext, keys: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of keys) {
    const value = ctx.request.query.get(key);
    if (value !== null && value.trim() !== '') query[key] = value;
  }
  return query;
}

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

export function makeCatalogueRoutes(deps: {
  browse: BrowseCatalogue;
  listNews: ListNews;
  publishNews: PublishNews;
  deleteNews: DeleteNews;
  preview: OpenPreviewVideo;
  /** Per client address: preview links are anonymous. */
  previewLimiter: TokenBucketLimiter;
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
      // Anonymous: a free preview chapter's video, for visitors deciding whether to sign up. Only chapters
      // an admin marked `preview` in a published training; anything else is 404. Rate-limited per client.
      name: 'catalogue-chapter-preview',
      methods: ['GET'],
      route: 'catalogue/{trainingId}/chapters/{chapterId}/preview',
      access: access.anonymous,
      handle: async (ctx) => {
        const decision = deps.previewLimiter.take(ctx.clientAddress);
        if (!decision.allowed) {
          throw new HttpProblem('rate_limited', undefined, undefined, {
            'Retry-After': String(decision.retryAfterSeconds),
          });
        }
        const query = parseOrProblem(previewLinkQuerySchema, queryOf(ctx, ['lang']));
        const link = await deps.preview.execute({
          trainingId: trainingIdOf(ctx),
          chapterId: pathParam(ctx, 'chapterId', contentIdSchema),
          language: query.lang ?? contentLanguageOf(ctx),
        });
        if (!link.ok) throw new HttpProblem('not_found');
        return { body: link.value };
      },
    },
    {
      name: 'news-list',
      methods: ['GET'],
      route: 'news',
      access: access.anonymous,
      handle: async (ctx) => {
        const query = parseOrProblem(newsQuerySchema, queryOf(ctx, ['continuationToken', 'limit']));
        return cacheableJson(ctx, await deps.listNews.execute(query));
      },
    },
    {
      name: 'manage-news-create',
      methods: ['POST'],
      route: 'manage/news',
      access: access.roles('admin'),
      maxBodyBytes: 64 * 1024,
      handle: async (ctx) => {
        const input = await readJson(ctx, adminNewsCreateSchema);
        return { status: 201, body: await deps.publishNews.execute(input) };
      },
    },
    {
      name: 'manage-news-delete',
      methods: ['DELETE'],
      route: 'manage/news/{newsId}',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const newsId = ctx.params.newsId ?? '';
        if (!/^[A-Za-z0-9-]{1,64}$/.test(newsId)) throw new HttpProblem('not_found');
        const result = await deps.deleteNews.execute(newsId);
        if (!result.ok) throw new HttpProblem('not_found');
        return { status: 204 };
      },
    },
  ];
}
