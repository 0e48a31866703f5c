// News shown on the public pages: newest first, 20 at most per page, the first pages cached like the
// catalogue (other pages depend on a client token, so caching them would let anyone fill the cache).
import {
  newsListSchema,
  newsPageSize,
  type AdminNewsCreate,
  type NewsItem,
  type NewsList,
} from '@soins/shared';
import type { Clock } from '../ports';
import { fail, ok, type Result } from '../result';
import { cachePrefixes, cacheTtlSeconds, type ReadThroughCache } from './cache';

export interface NewsRepository {
  create(item: NewsItem): Promise<void>;
  /** True when it existed. */
  delete(newsId: string): Promise<boolean>;
  /** Newest first; `continuationToken` from the previous page (an invalid one throws InvalidPageTokenError). */
  page(options: { limit: number; continuationToken?: string }): Promise<NewsList>;
}

export class ListNews {
  constructor(private readonly deps: { news: NewsRepository; cache: ReadThroughCache }) {}

  async execute(options: { limit?: number; continuationToken?: string }): Promise<NewsList> {
    const limit = Math.min(options.limit ?? newsPageSize, newsPageSize);
    if (options.continuationToken) {
      return this.deps.news.page({ limit, continuationToken: options.continuationToken });
    }
    const first = await this.deps.cache.getOrCompute(
      `${cachePrefixes.news}first:${limit}`,
      { ttlSeconds: cacheTtlSeconds, parse: (value) => newsListSchema.parse(value) },
      () => this.deps.news.page({ limit }),
    );
    return first ?? { items: [] };
  }
}

export class PublishNews {
  constructor(
    private readonly deps: {
      news: NewsRepository;
      cache: ReadThroughCache;
      clock: Clock;
      newId: () => string;
    },
  ) {}

  async execute(input: AdminNewsCreate): Promise<NewsItem> {
    const item: NewsItem = {
      id: this.deps.newId(),
      title: input.title,
      body: input.body,
      publishedAt: input.publishedAt
        ? new Date(input.publishedAt).toISOString()
        : this.deps.clock.now().toISOString(),
    };
    await this.deps.news.create(item);
    await this.deps.cache.invalidatePrefix(cachePrefixes.news);
    return item;
  }
}

export class DeleteNews {
  constructor(private readonly deps: { news: NewsRepository; cache: ReadThroughCache }) {}

  async execute(newsId: string): Promise<Result<void, { code: 'not_found'; message: string }>> {
    const existed = await this.deps.news.delete(newsId);
    if (!existed) return fail({ code: 'not_found', message: 'no such news item' });
    await this.deps.cache.invalidatePrefix(cachePrefixes.news);
    return ok(undefined);
  }
}
