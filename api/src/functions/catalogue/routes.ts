import {
  catalogueQuerySchema,
  contentIdSchema,
  contentLanguageSchema,
  previewLinkQuerySchema,
  type ContentLanguage,
} from '@soins/shared';
import type { BrowseCatalogue } from '../../domain/catalogue/catalogue';
import type { OpenPreviewVideo } from '../../domain/catalogue/preview';
import type { TokenBucketLimiter } from '../rate-limit';
import { access, parseOrProblem, pathParam, queryOf, type RouteContext, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';
import { cacheableJson } from './http-cache';

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
  ];
}
