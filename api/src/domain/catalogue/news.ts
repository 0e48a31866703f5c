// News: written by admins in French and Dutch with a publish window, shown to learners (home page and
// news page) while the window is open. The public list is newest first, 20 at most per page, its first
// pages cached like the catalogue (other pages depend on a client token, so caching them would let anyone
// fill the cache); every change drops the cached pages. Each admin change is audited.
import {
  newsListSchema,
  newsPageSize,
  type AdminNewsCreate,
  type AdminNewsItem,
  type AdminNewsUpdate,
  type NewsItem,
  type NewsList,
  type NewsStatus,
} from '@soins/shared';
import type { AuditLog } from '../audit';
import { sameEtag, type Clock, type Versioned } from '../ports';
import { fail, ok, type Result } from '../result';
import { cachePrefixes, cacheTtlSeconds, type ReadThroughCache } from './cache';

export interface BilingualText {
  readonly fr: string;
  readonly nl: string;
}

export interface StoredNews {
  readonly id: string;
  readonly title: BilingualText;
  readonly body: BilingualText;
  /** ISO 8601 (UTC): the window opens (shown from then on). */
  readonly publishFrom: string;
  /** ISO 8601 (UTC): the window closes (excluded); absent: open until unpublished. */
  readonly publishUntil?: string;
  /** Taken down by an admin (kept, can be published again). */
  readonly unpublishedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewsRepository {
  create(item: StoredNews): Promise<void>;
  get(newsId: string): Promise<Versioned<StoredNews> | undefined>;
  /** Replaces the item if `etag` is still its version; false on a concurrent change or when it is gone. */
  replace(item: StoredNews, etag: string): Promise<boolean>;
  /** True when it existed. */
  delete(newsId: string): Promise<boolean>;
  /**
   * Items shown at `now` (not unpublished, window open), newest window first; `continuationToken` from
   * the previous page (an invalid one throws InvalidPageTokenError).
   */
  publicPage(options: { limit: number; now: Date; continuationToken?: string }): Promise<NewsList>;
  /** Every item, newest window first, for admins. */
  adminPage(options: {
    limit: number;
    continuationToken?: string;
  }): Promise<{ items: Versioned<StoredNews>[]; continuationToken?: string }>;
}

export function newsStatus(item: StoredNews, now: Date): NewsStatus {
  if (item.unpublishedAt) return 'unpublished';
  if (now.getTime() < Date.parse(item.publishFrom)) return 'scheduled';
  if (item.publishUntil && now.getTime() >= Date.parse(item.publishUntil)) return 'ended';
  return 'live';
}

/** The public shape: the window's start is the publication date; empty texts are left out. */
export function toPublicNews(item: StoredNews): NewsItem {
  const text = (value: BilingualText) => ({
    ...(value.fr ? { fr: value.fr } : {}),
    ...(value.nl ? { nl: value.nl } : {}),
  });
  return { id: item.id, title: text(item.title), body: text(item.body), publishedAt: item.publishFrom };
}

export function toAdminNews(stored: Versioned<StoredNews>, now: Date): AdminNewsItem {
  const { value } = stored;
  return {
    id: value.id,
    title: { ...value.title },
    body: { ...value.body },
    publishFrom: value.publishFrom,
    ...(value.publishUntil ? { publishUntil: value.publishUntil } : {}),
    status: newsStatus(value, now),
    createdAt: value.createdAt,
    updatedAt: value.updatedAt,
    etag: stored.etag,
  };
}

/** What the audit keeps of an item: its titles and window (the bodies stay in the item). */
const auditView = (item: StoredNews) => ({
  title: { fr: item.title.fr, nl: item.title.nl },
  publishFrom: item.publishFrom,
  publishUntil: item.publishUntil ?? null,
  published: !item.unpublishedAt,
});

export type NewsError =
  { code: 'not_found'; message: string } | { code: 'precondition_failed'; message: string };

const notFound: NewsError = { code: 'not_found', message: 'no such news item' };
const stale: NewsError = {
  code: 'precondition_failed',
  message: 'the news item changed since it was read',
};

export interface NewsDeps {
  readonly news: NewsRepository;
  readonly cache: ReadThroughCache;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

export class ListNews {
  constructor(private readonly deps: Pick<NewsDeps, 'news' | 'cache' | 'clock'>) {}

  async execute(options: { limit?: number; continuationToken?: string }): Promise<NewsList> {
    const limit = Math.min(options.limit ?? newsPageSize, newsPageSize);
    const now = this.deps.clock.now();
    if (options.continuationToken) {
      return this.deps.news.publicPage({ limit, now, continuationToken: options.continuationToken });
    }
    // Cached for cacheTtlSeconds: a window that opens or closes shows within that time.
    const first = await this.deps.cache.getOrCompute(
      `${cachePrefixes.news}first:${limit}`,
      { ttlSeconds: cacheTtlSeconds, parse: (value) => newsListSchema.parse(value) },
      () => this.deps.news.publicPage({ limit, now }),
    );
    return first ?? { items: [] };
  }
}

export class ListAdminNews {
  constructor(private readonly deps: Pick<NewsDeps, 'news' | 'clock'>) {}

  async execute(options: {
    continuationToken?: string;
  }): Promise<{ items: AdminNewsItem[]; continuationToken?: string }> {
    const page = await this.deps.news.adminPage({ limit: newsPageSize, ...options });
    const now = this.deps.clock.now();
    return {
      items: page.items.map((item) => toAdminNews(item, now)),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }
}

export class GetAdminNews {
  constructor(private readonly deps: Pick<NewsDeps, 'news' | 'clock'>) {}

  async execute(newsId: string): Promise<Result<AdminNewsItem, NewsError>> {
    const stored = await this.deps.news.get(newsId);
    return stored ? ok(toAdminNews(stored, this.deps.clock.now())) : fail(notFound);
  }
}

const iso = (instant: string): string => new Date(instant).toISOString();

export class CreateNews {
  constructor(private readonly deps: NewsDeps & { newId: () => string }) {}

  async execute(input: { actorId: string; content: AdminNewsCreate }): Promise<AdminNewsItem> {
    const now = this.deps.clock.now().toISOString();
    const { content } = input;
    const item: StoredNews = {
      id: this.deps.newId(),
      title: content.title,
      body: content.body,
      publishFrom: content.publishFrom ? iso(content.publishFrom) : now,
      ...(content.publishUntil ? { publishUntil: iso(content.publishUntil) } : {}),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.news.create(item);
    await this.deps.cache.invalidatePrefix(cachePrefixes.news);
    await this.deps.audit.record({
      actor: input.actorId,
      action: 'news.create',
      target: { type: 'news', id: item.id },
      at: now,
      after: auditView(item),
    });
    const stored = await this.deps.news.get(item.id);
    if (!stored) throw new Error('news item vanished after its creation');
    return toAdminNews(stored, this.deps.clock.now());
  }
}

/** Replaces texts and window of the version the admin edited (`etag`): a stale one is a 412. */
export class UpdateNews {
  constructor(private readonly deps: NewsDeps) {}

  async execute(input: {
    actorId: string;
    newsId: string;
    etag: string;
    content: AdminNewsUpdate;
  }): Promise<Result<AdminNewsItem, NewsError>> {
    const stored = await this.deps.news.get(input.newsId);
    if (!stored) return fail(notFound);
    if (!sameEtag(input.etag, stored.etag)) return fail(stale);
    const now = this.deps.clock.now().toISOString();
    const { publishUntil: _until, ...kept } = stored.value;
    const next: StoredNews = {
      ...kept,
      title: input.content.title,
      body: input.content.body,
      publishFrom: iso(input.content.publishFrom),
      ...(input.content.publishUntil ? { publishUntil: iso(input.content.publishUntil) } : {}),
      updatedAt: now,
    };
    if (!(await this.deps.news.replace(next, stored.etag))) {
      return fail((await this.deps.news.get(input.newsId)) ? stale : notFound);
    }
    await this.deps.cache.invalidatePrefix(cachePrefixes.news);
    await this.deps.audit.record({
      actor: input.actorId,
      action: 'news.update',
      target: { type: 'news', id: next.id },
      at: now,
      before: auditView(stored.value),
      after: auditView(next),
    });
    return this.answer(next.id);
  }

  private async answer(newsId: string): Promise<Result<AdminNewsItem, NewsError>> {
    const stored = await this.deps.news.get(newsId);
    return stored ? ok(toAdminNews(stored, this.deps.clock.now())) : fail(notFound);
  }
}

/** Takes an item down (`unpublish`) or puts it back (`publish`); doing it twice changes nothing. */
export class SetNewsPublication {
  constructor(private readonly deps: NewsDeps) {}

  async execute(input: {
    actorId: string;
    newsId: string;
    published: boolean;
  }): Promise<Result<AdminNewsItem, NewsError>> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.deps.news.get(input.newsId);
      if (!stored) return fail(notFound);
      const now = this.deps.clock.now().toISOString();
      const published = stored.value.unpublishedAt === undefined;
      if (published === input.published) {
        return ok(toAdminNews(stored, this.deps.clock.now()));
      }
      const { unpublishedAt: _unpublished, ...rest } = stored.value;
      const next: StoredNews = input.published
        ? { ...rest, updatedAt: now }
        : { ...rest, unpublishedAt: now, updatedAt: now };
      if (!(await this.deps.news.replace(next, stored.etag))) continue;
      await this.deps.cache.invalidatePrefix(cachePrefixes.news);
      await this.deps.audit.record({
        actor: input.actorId,
        action: input.published ? 'news.publish' : 'news.unpublish',
        target: { type: 'news', id: next.id },
        at: now,
        before: { published },
        after: { published: input.published },
      });
      const written = await this.deps.news.get(next.id);
      return written ? ok(toAdminNews(written, this.deps.clock.now())) : fail(notFound);
    }
    return fail(stale);
  }
}

export class DeleteNews {
  constructor(private readonly deps: NewsDeps) {}

  async execute(input: { actorId: string; newsId: string }): Promise<Result<void, NewsError>> {
    const stored = await this.deps.news.get(input.newsId);
    if (!stored || !(await this.deps.news.delete(input.newsId))) return fail(notFound);
    await this.deps.cache.invalidatePrefix(cachePrefixes.news);
    await this.deps.audit.record({
      actor: input.actorId,
      action: 'news.delete',
      target: { type: 'news', id: input.newsId },
      at: this.deps.clock.now().toISOString(),
      before: auditView(stored.value),
    });
    return ok(undefined);
  }
}
