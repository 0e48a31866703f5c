import { catalogueQuerySchema, type Training } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { MemoryJsonCache } from '../src/adapters/cache/memory-cache';
import { ReadThroughCache } from '../src/domain/catalogue/cache';
import {
  BrowseCatalogue,
  normalizeForSearch,
  searchTrainings,
  toCatalogueItem,
  toTrainingDetail,
} from '../src/domain/catalogue/catalogue';
import { DeleteNews, ListNews, PublishNews, type NewsRepository } from '../src/domain/catalogue/news';
import {
  ListAdminTrainings,
  PublishTraining,
  publishProblems,
  ReplaceQuestionBank,
  UnpublishTraining,
  UpsertTraining,
} from '../src/domain/catalogue/publishing';
import { ManualClock } from './fakes/email-fakes';
import {
  MemoryTrainingRepository,
  RecordingLogger,
  sampleQuestion,
  sampleTraining,
} from './fakes/catalogue-fakes';
import type { NewsItem, NewsList } from '@soins/shared';

const hygiene = sampleTraining('hand-hygiene', {
  status: 'published',
  title: { fr: 'Hygiène des mains et prévention des infections', nl: 'Handhygiëne en infectiepreventie' },
  summary: { fr: 'Les 5 moments de l’OMS.', nl: 'De 5 momenten van de WHO.' },
  professions: ['nurse', 'midwife'],
  accreditedHours: 1.5,
});
const wounds = sampleTraining('chronic-wound-care', {
  status: 'published',
  title: { fr: 'Soins de plaies chroniques', nl: 'Zorg voor chronische wonden' },
  summary: { fr: 'Évaluer une plaie, prévenir les escarres et l’infection.', nl: 'Wonden beoordelen.' },
  professions: ['nurse'],
  accreditedHours: 2,
});
const frenchOnly = sampleTraining('diabete', {
  status: 'published',
  languages: ['fr'],
  title: { fr: 'Le pied diabétique' },
  summary: { fr: 'Prévention des plaies du pied.' },
  professions: ['nurse', 'other'],
  accreditedHours: 4,
  chapters: [
    { id: 'intro', title: { fr: 'Intro' }, durationSeconds: 60.4, video: { fr: 'diabete/intro.fr.mp4' } },
  ],
});
const draft = sampleTraining('brouillon', { title: { fr: 'Hygiène brouillon', nl: 'Ontwerp' } });
const all = [hygiene, wounds, frenchOnly, draft];
const query = (input: Record<string, string>) => catalogueQuerySchema.parse(input);
const ids = (list: readonly Training[]) => list.map((t) => t.id);

describe('searchTrainings', () => {
  it('lists published trainings only, in the given order', () => {
    expect(ids(searchTrainings(all, query({})))).toEqual(['hand-hygiene', 'chronic-wound-care', 'diabete']);
  });

  it('matches q case- and accent-insensitively in either language, every word required', () => {
    expect(ids(searchTrainings(all, query({ q: 'HYGIENE' })))).toEqual(['hand-hygiene']);
    expect(ids(searchTrainings(all, query({ q: 'handhygiene' })))).toEqual(['hand-hygiene']);
    expect(ids(searchTrainings(all, query({ q: 'diabétique' })))).toEqual(['diabete']);
    expect(ids(searchTrainings(all, query({ q: 'plaie pied' })))).toEqual(['diabete']);
    expect(ids(searchTrainings(all, query({ q: 'zorg wonden' })))).toEqual(['chronic-wound-care']);
    expect(ids(searchTrainings(all, query({ q: 'cardiologie' })))).toEqual([]);
  });

  it('puts title matches before summary matches', () => {
    // "plaies" is in the title of wound care and in the summary of the diabetic foot.
    expect(ids(searchTrainings(all, query({ q: 'plaies' })))).toEqual(['chronic-wound-care', 'diabete']);
    expect(ids(searchTrainings([frenchOnly, wounds], query({ q: 'plaies' })))).toEqual([
      'chronic-wound-care',
      'diabete',
    ]);
  });

  it('filters by profession, language and an inclusive hours range', () => {
    expect(ids(searchTrainings(all, query({ profession: 'midwife' })))).toEqual(['hand-hygiene']);
    expect(ids(searchTrainings(all, query({ language: 'nl' })))).toEqual([
      'hand-hygiene',
      'chronic-wound-care',
    ]);
    expect(ids(searchTrainings(all, query({ minHours: '2' })))).toEqual(['chronic-wound-care', 'diabete']);
    expect(ids(searchTrainings(all, query({ maxHours: '2' })))).toEqual([
      'hand-hygiene',
      'chronic-wound-care',
    ]);
    expect(ids(searchTrainings(all, query({ minHours: '1.5', maxHours: '1.5' })))).toEqual(['hand-hygiene']);
    expect(ids(searchTrainings(all, query({ profession: 'nurse', language: 'fr', q: 'pied' })))).toEqual([
      'diabete',
    ]);
  });

  it('normalizes accents, case and spaces', () => {
    expect(normalizeForSearch('  Hygiène   DES Mains ')).toBe('hygiene des mains');
    expect(normalizeForSearch('Handhygiëne')).toBe('handhygiene');
  });
});

describe('catalogue query validation', () => {
  it('refuses bad values', () => {
    expect(catalogueQuerySchema.safeParse({ profession: 'doctor' }).success).toBe(false);
    expect(catalogueQuerySchema.safeParse({ language: 'de' }).success).toBe(false);
    expect(catalogueQuerySchema.safeParse({ minHours: 'abc' }).success).toBe(false);
    expect(catalogueQuerySchema.safeParse({ minHours: '-1' }).success).toBe(false);
    expect(catalogueQuerySchema.safeParse({ minHours: '3', maxHours: '2' }).success).toBe(false);
    expect(catalogueQuerySchema.safeParse({ q: 'x'.repeat(201) }).success).toBe(false);
  });
});

describe('rendering', () => {
  it('renders in the wanted language, or the one offered', () => {
    expect(toCatalogueItem(hygiene, 'nl')).toMatchObject({
      language: 'nl',
      title: 'Handhygiëne en infectiepreventie',
      languages: ['fr', 'nl'],
      chapterCount: 1,
      totalDurationSeconds: 6,
    });
    expect(toCatalogueItem(frenchOnly, 'nl')).toMatchObject({ language: 'fr', title: 'Le pied diabétique' });
    expect(toCatalogueItem(frenchOnly, 'fr').totalDurationSeconds).toBe(60);
  });

  it('shows absolute thumbnails only', () => {
    expect(
      toCatalogueItem({ ...hygiene, thumbnail: 'hand-hygiene/thumb.jpg' }, 'fr').thumbnailUrl,
    ).toBeUndefined();
    expect(toCatalogueItem({ ...hygiene, thumbnail: 'https://cdn.example/t.jpg' }, 'fr').thumbnailUrl).toBe(
      'https://cdn.example/t.jpg',
    );
  });

  it('details chapters, the languages of their videos and the quiz summary', () => {
    const detail = toTrainingDetail(frenchOnly, 'fr');
    expect(detail.chapters).toEqual([
      { id: 'intro', title: 'Intro', durationSeconds: 60.4, videoLanguages: ['fr'], preview: false },
    ]);
    expect(detail.quiz).toEqual({
      questionsPerAttempt: 2,
      passPercent: 80,
      maxAttempts: 3,
      timeLimitMinutes: 15,
      waitMinutesBetweenAttempts: 1,
    });
  });
});

function setup() {
  const trainings = new MemoryTrainingRepository();
  const logger = new RecordingLogger();
  const cache = new ReadThroughCache(new MemoryJsonCache({ maxEntries: 50 }), logger);
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const deps = { trainings, cache, clock };
  return {
    trainings,
    clock,
    browse: new BrowseCatalogue({ trainings, cache }),
    upsert: new UpsertTraining(deps),
    replaceBank: new ReplaceQuestionBank(deps),
    publish: new PublishTraining(deps),
    unpublish: new UnpublishTraining(deps),
  };
}

const {
  id: _id,
  trainingId: _t,
  kind: _k,
  status: _s,
  updatedAt: _u,
  publishedAt: _p,
  ...content
} = sampleTraining('x');
const bank = (trainingId: string, count: number, languages: ('fr' | 'nl')[] = ['fr', 'nl']) =>
  Array.from({ length: count }, (_, i) => {
    const { trainingId: _tid, kind: _kind, ...question } = sampleQuestion(trainingId, `q${i + 1}`, languages);
    return question;
  });

describe('BrowseCatalogue', () => {
  it('reads the repository once and then serves from the cache', async () => {
    const { trainings, browse } = setup();
    await trainings.save(hygiene);
    await browse.list(query({}), 'fr');
    await browse.list(query({ q: 'mains' }), 'nl');
    const detail = await browse.detail('hand-hygiene', 'nl');
    expect(detail.ok && detail.value.title).toBe('Handhygiëne en infectiepreventie');
    expect(trainings.listPublishedCalls).toBe(1);
  });

  it('answers not_found for a draft or unknown training', async () => {
    const { trainings, browse } = setup();
    await trainings.save(draft);
    expect(await browse.detail('brouillon', 'fr')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await browse.detail('nope', 'fr')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('publishing', () => {
  it('creates a draft, refuses to publish it without a bank, publishes it with one, and shows it', async () => {
    const { browse, upsert, replaceBank, publish, clock } = setup();
    const created = await upsert.execute({ trainingId: 'new-one', content });
    expect(created).toMatchObject({ ok: true, value: { created: true, training: { status: 'draft' } } });
    expect((await browse.list(query({}), 'fr')).items).toEqual([]);

    const refused = await publish.execute('new-one');
    expect(refused).toMatchObject({ ok: false, error: { code: 'training_not_publishable' } });
    if (refused.ok) throw new Error('unexpected');
    expect(refused.error.code === 'training_not_publishable' && refused.error.errors[0]?.path).toBe(
      'questions',
    );

    expect((await replaceBank.execute({ trainingId: 'new-one', questions: bank('new-one', 2) })).ok).toBe(
      true,
    );
    clock.advance(60_000);
    const published = await publish.execute('new-one');
    expect(published).toMatchObject({
      ok: true,
      value: { status: 'published', publishedAt: '2026-11-25T10:01:00.000Z' },
    });
    expect((await browse.list(query({}), 'fr')).items.map((i) => i.id)).toEqual(['new-one']);
  });

  it('refuses to publish a chapter without a video for a listed language', async () => {
    const { trainings, publish } = setup();
    const training = sampleTraining('no-video', {
      chapters: [
        { id: 'c1', title: { fr: 'Un', nl: 'Een' }, durationSeconds: 5, video: { fr: 'no-video/c1.fr.mp4' } },
      ],
    });
    await trainings.save(training);
    await trainings.replaceQuestions('no-video', [
      sampleQuestion('no-video', 'a'),
      sampleQuestion('no-video', 'b'),
    ]);
    const result = await publish.execute('no-video');
    expect(result.ok).toBe(false);
    if (result.ok || result.error.code !== 'training_not_publishable') throw new Error('unexpected');
    expect(result.error.errors).toEqual([
      { path: 'chapters.0.video.nl', message: 'chapter c1 has no nl video' },
    ]);
  });

  it('validates the bank against the training languages and size', async () => {
    const { upsert, replaceBank } = setup();
    await upsert.execute({ trainingId: 'bank-check', content });
    const small = await replaceBank.execute({ trainingId: 'bank-check', questions: bank('bank-check', 1) });
    expect(small).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', errors: [{ path: 'questions' }] },
    });
    const french = await replaceBank.execute({
      trainingId: 'bank-check',
      questions: bank('bank-check', 2, ['fr']),
    });
    if (french.ok || french.error.code !== 'validation_failed') throw new Error('unexpected');
    expect(french.error.errors.map((e) => e.path)).toContain('questions.0.prompt.nl');
    expect(french.error.errors.map((e) => e.path)).toContain('questions.1.options.1.text.nl');
    expect(await replaceBank.execute({ trainingId: 'nope', questions: bank('nope', 2) })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('keeps status and publication date on edit, and refuses an edit that breaks a published training', async () => {
    const { trainings, upsert, browse } = setup();
    await trainings.save({ ...hygiene, publishedAt: '2026-11-01T00:00:00.000Z' });
    await trainings.replaceQuestions('hand-hygiene', [
      sampleQuestion('hand-hygiene', 'a'),
      sampleQuestion('hand-hygiene', 'b'),
    ]);
    expect((await browse.list(query({}), 'fr')).items[0]?.accreditedHours).toBe(1.5);
    const edited = await upsert.execute({
      trainingId: 'hand-hygiene',
      content: { ...content, accreditedHours: 3 },
    });
    expect(edited).toMatchObject({
      ok: true,
      value: { created: false, training: { status: 'published', publishedAt: '2026-11-01T00:00:00.000Z' } },
    });
    expect((await browse.list(query({}), 'fr')).items[0]?.accreditedHours).toBe(3);
    const broken = await upsert.execute({
      trainingId: 'hand-hygiene',
      content: { ...content, quiz: { ...content.quiz, questionsPerAttempt: 5 } },
    });
    expect(broken).toMatchObject({ ok: false, error: { code: 'training_not_publishable' } });
  });

  it('unpublishes: the training leaves the catalogue at once', async () => {
    const { trainings, browse, unpublish } = setup();
    await trainings.save(hygiene);
    expect((await browse.list(query({}), 'fr')).items).toHaveLength(1);
    expect(await unpublish.execute('hand-hygiene')).toMatchObject({ ok: true, value: { status: 'draft' } });
    expect((await browse.list(query({}), 'fr')).items).toHaveLength(0);
    expect(await unpublish.execute('nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lists every training with the size of its bank for admins', async () => {
    const { trainings } = setup();
    await trainings.save(hygiene);
    await trainings.save(draft);
    await trainings.replaceQuestions('brouillon', [sampleQuestion('brouillon', 'a')]);
    const list = await new ListAdminTrainings({ trainings }).execute();
    expect(list.map((t) => [t.id, t.questionCount])).toEqual([
      ['hand-hygiene', 0],
      ['brouillon', 1],
    ]);
  });

  it('publishProblems is empty for a complete training', () => {
    expect(
      publishProblems(hygiene, [sampleQuestion('hand-hygiene', 'a'), sampleQuestion('hand-hygiene', 'b')]),
    ).toEqual([]);
  });
});

class MemoryNews implements NewsRepository {
  items: NewsItem[] = [];
  pages = 0;
  create(item: NewsItem): Promise<void> {
    this.items.push(item);
    return Promise.resolve();
  }
  delete(newsId: string): Promise<boolean> {
    const before = this.items.length;
    this.items = this.items.filter((n) => n.id !== newsId);
    return Promise.resolve(this.items.length < before);
  }
  page(options: { limit: number; continuationToken?: string }): Promise<NewsList> {
    this.pages++;
    const sorted = [...this.items].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    const start = options.continuationToken ? Number(options.continuationToken) : 0;
    const items = sorted.slice(start, start + options.limit);
    const next = start + options.limit < sorted.length ? String(start + options.limit) : undefined;
    return Promise.resolve({ items, ...(next ? { continuationToken: next } : {}) });
  }
}

describe('news', () => {
  it('caches the first page, invalidated by a publication or a deletion; other pages are not cached', async () => {
    const news = new MemoryNews();
    const cache = new ReadThroughCache(new MemoryJsonCache({ maxEntries: 50 }), new RecordingLogger());
    const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
    let n = 0;
    const list = new ListNews({ news, cache });
    const publish = new PublishNews({ news, cache, clock, newId: () => `n${++n}` });
    const remove = new DeleteNews({ news, cache });
    expect((await list.execute({})).items).toEqual([]);
    const item = await publish.execute({ title: { fr: 'Bienvenue' }, body: { fr: 'Texte' } });
    expect(item).toEqual({
      id: 'n1',
      title: { fr: 'Bienvenue' },
      body: { fr: 'Texte' },
      publishedAt: '2026-11-25T10:00:00.000Z',
    });
    await publish.execute({
      title: { nl: 'Ouder' },
      body: { nl: 'Tekst' },
      publishedAt: '2026-11-01T08:00:00+01:00',
    });
    expect((await list.execute({})).items.map((i) => i.id)).toEqual(['n1', 'n2']);
    const pagesBefore = news.pages;
    await list.execute({});
    expect(news.pages).toBe(pagesBefore);
    const first = await list.execute({ limit: 1 });
    expect(first.items.map((i) => i.id)).toEqual(['n1']);
    const second = await list.execute({ limit: 1, continuationToken: first.continuationToken ?? '' });
    expect(second.items.map((i) => i.id)).toEqual(['n2']);
    expect(news.items[1]?.publishedAt).toBe('2026-11-01T07:00:00.000Z');
    expect((await remove.execute('n1')).ok).toBe(true);
    expect((await list.execute({})).items.map((i) => i.id)).toEqual(['n2']);
    expect(await remove.execute('n1')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
