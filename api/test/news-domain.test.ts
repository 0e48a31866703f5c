import type { NewsList } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { MemoryJsonCache } from '../src/adapters/cache/memory-cache';
import { ReadThroughCache } from '../src/domain/catalogue/cache';
import {
  CreateNews,
  DeleteNews,
  ListAdminNews,
  ListNews,
  newsStatus,
  SetNewsPublication,
  toPublicNews,
  UpdateNews,
  type NewsRepository,
  type StoredNews,
} from '../src/domain/catalogue/news';
import type { Versioned } from '../src/domain/ports';
import { MemoryAuditLog } from './fakes/audit-fakes';

import { ManualClock } from './fakes/email-fakes';
import { RecordingLogger } from './fakes/logger';

/** Same semantics as the Cosmos adapter: etag-guarded replace, newest window first, windows per item. */
class MemoryNews implements NewsRepository {
  readonly docs = new Map<string, Versioned<StoredNews>>();
  publicPages = 0;
  private version = 0;

  create(item: StoredNews): Promise<void> {
    this.docs.set(item.id, { value: item, etag: `"${String(++this.version)}"` });
    return Promise.resolve();
  }
  get(newsId: string): Promise<Versioned<StoredNews> | undefined> {
    return Promise.resolve(this.docs.get(newsId));
  }
  replace(item: StoredNews, etag: string): Promise<boolean> {
    if (this.docs.get(item.id)?.etag !== etag) return Promise.resolve(false);
    this.docs.set(item.id, { value: item, etag: `"${String(++this.version)}"` });
    return Promise.resolve(true);
  }
  delete(newsId: string): Promise<boolean> {
    return Promise.resolve(this.docs.delete(newsId));
  }
  private sorted(): Versioned<StoredNews>[] {
    return [...this.docs.values()].sort((a, b) => b.value.publishFrom.localeCompare(a.value.publishFrom));
  }
  private page<T>(all: T[], limit: number, token?: string): { items: T[]; continuationToken?: string } {
    const start = token ? Number(token) : 0;
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return { items: all.slice(start, start + limit), ...(next ? { continuationToken: next } : {}) };
  }
  publicPage(options: { limit: number; now: Date; continuationToken?: string }): Promise<NewsList> {
    this.publicPages++;
    const live = this.sorted()
      .map((s) => s.value)
      .filter((item) => newsStatus(item, options.now) === 'live')
      .map(toPublicNews);
    return Promise.resolve(this.page(live, options.limit, options.continuationToken));
  }
  adminPage(options: { limit: number; continuationToken?: string }) {
    return Promise.resolve(this.page(this.sorted(), options.limit, options.continuationToken));
  }
}

function world() {
  const news = new MemoryNews();
  const cache = new ReadThroughCache(new MemoryJsonCache({ maxEntries: 50 }), new RecordingLogger());
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const audit = new MemoryAuditLog();
  let n = 0;
  const deps = { news, cache, clock, audit };
  return {
    news,
    clock,
    audit,
    list: new ListNews(deps),
    admin: new ListAdminNews(deps),
    create: new CreateNews({ ...deps, newId: () => `n${String(++n)}` }),
    update: new UpdateNews(deps),
    publication: new SetNewsPublication(deps),
    remove: new DeleteNews(deps),
  };
}

const texts = (word: string) => ({
  title: { fr: `${word} (fr)`, nl: `${word} (nl)` },
  body: { fr: `Texte ${word}`, nl: `Tekst ${word}` },
});

describe('news', () => {
  it('shows an item only inside its publish window, and ends it when the window closes', async () => {
    const w = world();
    await w.create.execute({
      actorId: 'u_admin',
      content: {
        ...texts('Bientôt'),
        publishFrom: '2026-11-26T08:00:00Z',
        publishUntil: '2026-11-27T08:00:00Z',
      },
    });
    expect((await w.list.execute({})).items).toEqual([]);
    expect((await w.admin.execute({})).items[0]?.status).toBe('scheduled');
    w.clock.advance(24 * 3600_000); // 26 Nov 10:00, but the first page is cached
    expect((await w.list.execute({ limit: 5 })).items.map((i) => i.id)).toEqual(['n1']);
    expect((await w.admin.execute({})).items[0]?.status).toBe('live');
    w.clock.advance(24 * 3600_000);
    expect((await w.list.execute({ limit: 3 })).items).toEqual([]);
    expect((await w.admin.execute({})).items[0]?.status).toBe('ended');
  });

  it('caches the first page, dropped by every change; other pages are never cached', async () => {
    const w = world();
    await w.create.execute({
      actorId: 'u_admin',
      content: { ...texts('Un'), publishFrom: '2026-11-01T08:00:00+01:00' },
    });
    const second = await w.create.execute({ actorId: 'u_admin', content: texts('Deux') });
    expect(second.publishFrom).toBe('2026-11-25T10:00:00.000Z');
    expect((await w.list.execute({})).items.map((i) => i.id)).toEqual(['n2', 'n1']);
    const pages = w.news.publicPages;
    await w.list.execute({});
    expect(w.news.publicPages).toBe(pages);
    const first = await w.list.execute({ limit: 1 });
    const next = await w.list.execute({ limit: 1, continuationToken: first.continuationToken ?? '' });
    expect(next.items.map((i) => i.id)).toEqual(['n1']);
    expect(next.items[0]?.publishedAt).toBe('2026-11-01T07:00:00.000Z');
    expect((await w.publication.execute({ actorId: 'u_admin', newsId: 'n2', published: false })).ok).toBe(
      true,
    );
    expect((await w.list.execute({})).items.map((i) => i.id)).toEqual(['n1']);
    expect((await w.remove.execute({ actorId: 'u_admin', newsId: 'n1' })).ok).toBe(true);
    expect((await w.list.execute({})).items).toEqual([]);
    expect(await w.remove.execute({ actorId: 'u_admin', newsId: 'n1' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('an edit against a stale version is refused (412) and changes nothing', async () => {
    const w = world();
    const created = await w.create.execute({ actorId: 'u_admin', content: texts('Original') });
    const edit = {
      ...texts('Première'),
      publishFrom: created.publishFrom,
    };
    const first = await w.update.execute({
      actorId: 'u_admin',
      newsId: 'n1',
      etag: created.etag,
      content: edit,
    });
    expect(first).toMatchObject({ ok: true, value: { title: { fr: 'Première (fr)' } } });
    const stale = await w.update.execute({
      actorId: 'u_other',
      newsId: 'n1',
      etag: created.etag,
      content: { ...texts('Seconde'), publishFrom: created.publishFrom },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });
    expect(w.news.docs.get('n1')?.value.title.fr).toBe('Première (fr)');
    expect(w.audit.entries.map((e) => e.action)).toEqual(['news.create', 'news.update']);
    expect(
      await w.update.execute({ actorId: 'u_admin', newsId: 'nope', etag: '"1"', content: edit }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('audits each change with who, what and the titles and window before and after', async () => {
    const w = world();
    const created = await w.create.execute({ actorId: 'u_admin', content: texts('Info') });
    await w.update.execute({
      actorId: 'u_admin',
      newsId: created.id,
      etag: created.etag,
      content: { ...texts('Info'), publishFrom: created.publishFrom, publishUntil: '2026-12-31T23:00:00Z' },
    });
    await w.publication.execute({ actorId: 'u_admin', newsId: created.id, published: false });
    await w.publication.execute({ actorId: 'u_admin', newsId: created.id, published: false });
    await w.publication.execute({ actorId: 'u_admin', newsId: created.id, published: true });
    await w.remove.execute({ actorId: 'u_admin', newsId: created.id });
    expect(w.audit.entries.map((e) => [e.action, e.target.type, e.target.id, e.actor])).toEqual([
      ['news.create', 'news', 'n1', 'u_admin'],
      ['news.update', 'news', 'n1', 'u_admin'],
      ['news.unpublish', 'news', 'n1', 'u_admin'],
      ['news.publish', 'news', 'n1', 'u_admin'],
      ['news.delete', 'news', 'n1', 'u_admin'],
    ]);
    expect(w.audit.entries[1]).toMatchObject({
      before: { publishUntil: null, published: true },
      after: { publishUntil: '2026-12-31T23:00:00.000Z', published: true },
    });
  });
});
