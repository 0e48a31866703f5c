import {
  catalogueQuerySchema,
  contentIdSchema,
  contentLanguageSchema,
  type ContentLanguage,
} from '@soins/shared';
import type { BrowseCatalogue } from '../../domain/catalogue/catalogue';
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

export function makeCatalogueRoutes(deps: { browse: BrowseCatalogue }): RouteSpec[] {
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
  ];
}
