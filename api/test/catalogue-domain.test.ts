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
import {
  ChangeTrainingStatus,
  ListAdminTrainings,
  publishProblems,
  ReplaceQuestionBank,
  UpsertTraining,
} from '../src/domain/catalogue/publishing';
import { MemoryAuditLog } from './fakes/audit-fakes';
import { ManualClock } from './fakes/email-fakes';
import {
  MemoryFileIndex,
  MemoryTrainingRepository,
  sampleQuestion,
  sampleTraining,
} from './fakes/catalogue-fakes';
import { RecordingLogger } from './fakes/logger';

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
  const files = new MemoryFileIndex();
  const audit = new MemoryAuditLog();
  let ids = 0;
  const deps = { trainings, cache, clock, files, audit, newId: () => `rev-${String(++ids)}` };
  return {
    trainings,
    clock,
    files,
    audit,
    browse: new BrowseCatalogue({ trainings, cache }),
    upsert: new UpsertTraining(deps),
    replaceBank: new ReplaceQuestionBank(deps),
    status: new ChangeTrainingStatus(deps),
  };
}

const {
  id: _id,
  trainingId: _t,
  kind: _k,
  status: _s,
  updatedAt: _u,
  publishedAt: _p,
  bank: _b,
  ...content
} = sampleTraining('x');
const bank = (trainingId: string, count: number, languages: ('fr' | 'nl')[] = ['fr', 'nl']) =>
  Array.from({ length: count }, (_, i) => {
    const { trainingId: _tid, kind: _kind, ...question } = sampleQuestion(trainingId, `q${i + 1}`, languages);
    return question;
  });
const admin = 'u_admin';
const none = {};

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

/** The files a training names, all present in storage. */
function store(files: MemoryFileIndex, training: Pick<Training, 'chapters'>): void {
  for (const chapter of training.chapters)
    for (const blob of Object.values(chapter.video)) files.names.add(blob);
}

describe('publishing', () => {
  it('creates a draft, refuses to publish it without a bank, publishes it with one, and shows it', async () => {
    const { browse, upsert, replaceBank, status, clock, files } = setup();
    store(files, content);
    const created = await upsert.execute({
      trainingId: 'new-one',
      content,
      precondition: none,
      actorId: admin,
    });
    expect(created).toMatchObject({ ok: true, value: { created: true, training: { status: 'draft' } } });
    if (!created.ok) throw new Error('unexpected');
    expect((await browse.list(query({}), 'fr')).items).toEqual([]);

    const refused = await status.execute({
      trainingId: 'new-one',
      transition: 'publish',
      precondition: none,
      actorId: admin,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'training_not_publishable', errors: [{ path: 'questions' }] },
    });

    const withBank = await replaceBank.execute({
      trainingId: 'new-one',
      questions: bank('new-one', 4),
      precondition: { ifMatch: created.value.etag },
      actorId: admin,
    });
    expect(withBank).toMatchObject({ ok: true, value: { version: 1, published: false } });
    clock.advance(60_000);
    const published = await status.execute({
      trainingId: 'new-one',
      transition: 'publish',
      precondition: none,
      actorId: admin,
    });
    expect(published).toMatchObject({
      ok: true,
      value: {
        training: { status: 'published', publishedAt: '2026-11-25T10:01:00.000Z', bank: { published: true } },
      },
    });
    expect((await browse.list(query({}), 'fr')).items.map((i) => i.id)).toEqual(['new-one']);
  });

  it('refuses to publish an incomplete training with the list of everything missing', async () => {
    const { trainings, status, files } = setup();
    const training = sampleTraining('incomplete', {
      title: { fr: 'Seulement en français' },
      description: { fr: 'Présentation', nl: 'Voorstelling' },
      chapters: [
        {
          id: 'c1',
          title: { fr: 'Un', nl: 'Een' },
          durationSeconds: 5,
          video: { fr: 'incomplete/c1.fr.mp4' },
        },
        {
          id: 'c2',
          title: { fr: 'Deux' },
          durationSeconds: 5,
          video: { fr: 'incomplete/c2.fr.mp4', nl: 'incomplete/c2.nl.mp4' },
          captions: { nl: 'incomplete/c2.nl.vtt' },
        },
      ],
    });
    files.names.add('incomplete/c1.fr.mp4');
    files.names.add('incomplete/c2.fr.mp4');
    await trainings.save(training);
    await trainings.replaceQuestions('incomplete', [
      sampleQuestion('incomplete', 'a'),
      sampleQuestion('incomplete', 'b', ['fr']),
      sampleQuestion('incomplete', 'c'),
    ]);
    const result = await status.execute({
      trainingId: 'incomplete',
      transition: 'publish',
      precondition: none,
      actorId: admin,
    });
    if (result.ok || result.error.code !== 'training_not_publishable') throw new Error('unexpected');
    expect(result.error.errors.map((e) => e.path)).toEqual([
      'title.nl',
      'chapters.1.title.nl',
      'chapters.0.video.nl',
      'chapters.1.video.nl',
      'chapters.1.captions.nl',
      'questions',
      'questions.1.prompt.nl',
      'questions.1.options.0.text.nl',
      'questions.1.options.1.text.nl',
      'questions.1.explanation.nl',
    ]);
    expect(result.error.errors.find((e) => e.path === 'chapters.1.video.nl')?.message).toMatch(
      /missing from storage/,
    );
    expect((await trainings.get('incomplete'))?.status).toBe('draft');

    const empty = sampleTraining('empty', { chapters: [] });
    await trainings.save(empty);
    const nothing = await status.execute({
      trainingId: 'empty',
      transition: 'publish',
      precondition: none,
      actorId: admin,
    });
    expect(
      nothing.ok || nothing.error.code !== 'training_not_publishable' ? [] : nothing.error.errors,
    ).toEqual([
      { path: 'chapters', message: 'the training has no chapter' },
      { path: 'questions', message: 'the training has no quiz questions' },
    ]);
  });

  it('refuses a stale or missing If-Match: the second of two concurrent saves gets precondition_failed, nothing lost', async () => {
    const { trainings, upsert } = setup();
    const created = await upsert.execute({
      trainingId: 'shared',
      content,
      precondition: none,
      actorId: admin,
    });
    if (!created.ok) throw new Error('unexpected');
    const read = created.value.etag;
    const first = await upsert.execute({
      trainingId: 'shared',
      content: { ...content, organiser: 'Premier' },
      precondition: { ifMatch: read },
      actorId: admin,
    });
    expect(first.ok).toBe(true);
    const second = await upsert.execute({
      trainingId: 'shared',
      content: { ...content, organiser: 'Second' },
      precondition: { ifMatch: read },
      actorId: 'u_other',
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });
    expect((await trainings.get('shared'))?.organiser).toBe('Premier');
    expect(
      await upsert.execute({ trainingId: 'shared', content, precondition: none, actorId: admin }),
    ).toMatchObject({ ok: false, error: { code: 'precondition_required' } });
    expect(
      await upsert.execute({
        trainingId: 'shared',
        content,
        precondition: { ifNoneMatch: true },
        actorId: admin,
      }),
    ).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });
    expect(
      await upsert.execute({ trainingId: 'new', content, precondition: { ifMatch: read }, actorId: admin }),
    ).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });

    // A writer that slips in between the read and the write also wins.
    const current = await trainings.getVersioned('shared');
    trainings.beforeNextReplace = () => {
      void trainings.save({ ...(current?.value ?? hygiene), organiser: 'Entre-temps' });
    };
    const raced = await upsert.execute({
      trainingId: 'shared',
      content: { ...content, organiser: 'Trop tard' },
      precondition: { ifMatch: current?.etag ?? '' },
      actorId: admin,
    });
    expect(raced).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });
    expect((await trainings.get('shared'))?.organiser).toBe('Entre-temps');
  });

  it('refuses a bank smaller than twice the questions per attempt, and settings that would make it so', async () => {
    const { upsert, replaceBank, trainings } = setup();
    const created = await upsert.execute({
      trainingId: 'bank-check',
      content,
      precondition: none,
      actorId: admin,
    });
    if (!created.ok) throw new Error('unexpected');
    const small = await replaceBank.execute({
      trainingId: 'bank-check',
      questions: bank('bank-check', 3),
      precondition: { ifMatch: created.value.etag },
      actorId: admin,
    });
    expect(small).toMatchObject({
      ok: false,
      error: { code: 'quiz_bank_too_small', errors: [{ path: 'questions' }] },
    });
    const withSettings = await replaceBank.execute({
      trainingId: 'bank-check',
      questions: bank('bank-check', 3),
      settings: { ...content.quiz, questionsPerAttempt: 1 },
      precondition: { ifMatch: created.value.etag },
      actorId: admin,
    });
    if (!withSettings.ok) throw new Error('unexpected');
    expect(withSettings.value.settings.questionsPerAttempt).toBe(1);
    const tooMany = await upsert.execute({
      trainingId: 'bank-check',
      content: { ...content, quiz: { ...content.quiz, questionsPerAttempt: 2 } },
      precondition: { ifMatch: withSettings.value.etag },
      actorId: admin,
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'quiz_bank_too_small' } });
    expect((await trainings.get('bank-check'))?.quiz.questionsPerAttempt).toBe(1);
    expect(
      await replaceBank.execute({
        trainingId: 'bank-check',
        questions: bank('bank-check', 4),
        precondition: none,
        actorId: admin,
      }),
    ).toMatchObject({ ok: false, error: { code: 'precondition_required' } });
    expect(
      await replaceBank.execute({
        trainingId: 'nope',
        questions: bank('nope', 4),
        precondition: none,
        actorId: admin,
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('versions the quiz: drafts overwrite their version, a published version is kept and edits make the next one', async () => {
    const { trainings, upsert, replaceBank, status, files } = setup();
    store(files, content);
    const created = await upsert.execute({
      trainingId: 'versions',
      content,
      precondition: none,
      actorId: admin,
    });
    if (!created.ok) throw new Error('unexpected');
    const v1 = await replaceBank.execute({
      trainingId: 'versions',
      questions: bank('versions', 4),
      precondition: { ifMatch: created.value.etag },
      actorId: admin,
    });
    if (!v1.ok) throw new Error('unexpected');
    const v1again = await replaceBank.execute({
      trainingId: 'versions',
      questions: bank('versions', 5),
      precondition: { ifMatch: v1.value.etag },
      actorId: admin,
    });
    if (!v1again.ok) throw new Error('unexpected');
    expect(v1again.value).toMatchObject({ version: 1, published: false });
    // The draft's earlier snapshot is gone: nobody could have drawn from it.
    expect([...trainings.snapshots.keys()]).toEqual([
      `versions/${v1again.value.training.bank?.revision ?? ''}`,
    ]);

    const published = await status.execute({
      trainingId: 'versions',
      transition: 'publish',
      precondition: none,
      actorId: admin,
    });
    if (!published.ok) throw new Error('unexpected');
    const firstRevision = published.value.training.bank?.revision ?? '';
    const v2 = await replaceBank.execute({
      trainingId: 'versions',
      questions: bank('versions', 6),
      precondition: { ifMatch: published.value.etag },
      actorId: admin,
    });
    if (!v2.ok) throw new Error('unexpected');
    expect(v2.value).toMatchObject({ version: 2, published: true });
    expect((await trainings.snapshot('versions', firstRevision))?.questions).toHaveLength(5);
    expect(await trainings.questions('versions')).toHaveLength(6);

    // Settings count as the quiz too: a published training's new pass mark is version 3.
    const v3 = await upsert.execute({
      trainingId: 'versions',
      content: { ...content, quiz: { ...content.quiz, passPercent: 70 } },
      precondition: { ifMatch: v2.value.etag },
      actorId: admin,
    });
    expect(v3).toMatchObject({
      ok: true,
      value: { training: { bank: { version: 3 }, quiz: { passPercent: 70 } } },
    });
    expect(trainings.snapshots.size).toBe(3);
    // A stale save of the bank writes no snapshot.
    const staleBank = await replaceBank.execute({
      trainingId: 'versions',
      questions: bank('versions', 4),
      precondition: { ifMatch: v2.value.etag },
      actorId: admin,
    });
    expect(staleBank).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });
    expect(trainings.snapshots.size).toBe(3);
  });

  it('keeps status and publication date on edit, and refuses an edit that breaks a published training', async () => {
    const { trainings, upsert, browse, files } = setup();
    store(files, hygiene);
    await trainings.save({ ...hygiene, publishedAt: '2026-11-01T00:00:00.000Z' });
    await trainings.replaceQuestions(
      'hand-hygiene',
      bank('hand-hygiene', 4).map((q) => ({ ...q, trainingId: 'hand-hygiene', kind: 'question' as const })),
    );
    expect((await browse.list(query({}), 'fr')).items[0]?.accreditedHours).toBe(1.5);
    const read = await trainings.getVersioned('hand-hygiene');
    const edited = await upsert.execute({
      trainingId: 'hand-hygiene',
      content: { ...content, chapters: hygiene.chapters, accreditedHours: 3 },
      precondition: { ifMatch: read?.etag ?? '' },
      actorId: admin,
    });
    expect(edited).toMatchObject({
      ok: true,
      value: { created: false, training: { status: 'published', publishedAt: '2026-11-01T00:00:00.000Z' } },
    });
    if (!edited.ok) throw new Error('unexpected');
    expect((await browse.list(query({}), 'fr')).items[0]?.accreditedHours).toBe(3);
    const broken = await upsert.execute({
      trainingId: 'hand-hygiene',
      content: { ...content, chapters: hygiene.chapters, title: { fr: 'Sans néerlandais' } },
      precondition: { ifMatch: edited.value.etag },
      actorId: admin,
    });
    expect(broken).toMatchObject({
      ok: false,
      error: { code: 'training_not_publishable', errors: [{ path: 'title.nl' }] },
    });
  });

  it('moves a training between draft, published and archived; archived leaves the catalogue', async () => {
    const { trainings, browse, status } = setup();
    await trainings.save(hygiene);
    const run = (transition: 'publish' | 'unpublish' | 'archive', trainingId = 'hand-hygiene') =>
      status.execute({ trainingId, transition, precondition: none, actorId: admin });
    expect((await browse.list(query({}), 'fr')).items).toHaveLength(1);
    expect(await run('unpublish')).toMatchObject({ ok: true, value: { training: { status: 'draft' } } });
    expect((await browse.list(query({}), 'fr')).items).toHaveLength(0);
    expect(await run('archive')).toMatchObject({ ok: true, value: { training: { status: 'archived' } } });
    expect(await run('archive')).toMatchObject({ ok: true, value: { training: { status: 'archived' } } });
    expect((await browse.list(query({}), 'fr')).items).toHaveLength(0);
    expect(await run('unpublish', 'nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await status.execute({
        trainingId: 'hand-hygiene',
        transition: 'publish',
        precondition: { ifMatch: 'stale' },
        actorId: admin,
      }),
    ).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });
  });

  it('audits every change with who, what, when, the target and the settings before and after', async () => {
    const { upsert, replaceBank, status, audit } = setup();
    const created = await upsert.execute({
      trainingId: 'audited',
      content,
      precondition: none,
      actorId: admin,
    });
    if (!created.ok) throw new Error('unexpected');
    const updated = await upsert.execute({
      trainingId: 'audited',
      content: { ...content, accreditedHours: 2, title: { fr: 'Nouveau titre', nl: 'Nieuwe titel' } },
      precondition: { ifMatch: created.value.etag },
      actorId: admin,
    });
    if (!updated.ok) throw new Error('unexpected');
    await replaceBank.execute({
      trainingId: 'audited',
      questions: bank('audited', 4),
      precondition: { ifMatch: updated.value.etag },
      actorId: admin,
    });
    await status.execute({
      trainingId: 'audited',
      transition: 'archive',
      precondition: none,
      actorId: admin,
    });
    expect(audit.entries.map((e) => e.action)).toEqual([
      'training.create',
      'training.update',
      'quiz.update',
      'training.archive',
    ]);
    for (const entry of audit.entries) {
      expect(entry).toMatchObject({
        actor: admin,
        target: { type: 'training', id: 'audited' },
        at: '2026-11-25T10:00:00.000Z',
      });
    }
    expect(audit.entries[1]).toMatchObject({
      before: { accreditedHours: 1.5 },
      after: { accreditedHours: 2 },
    });
    // Texts are never copied into the log.
    expect(JSON.stringify(audit.entries)).not.toContain('Nouveau titre');
    expect(audit.entries[2]).toMatchObject({
      before: { quizVersion: null, questionCount: 0 },
      after: { quizVersion: 1, questionCount: 4 },
    });
    expect(audit.entries[3]).toMatchObject({ before: { status: 'draft' }, after: { status: 'archived' } });
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
    const questions = ['a', 'b', 'c', 'd'].map((id) => sampleQuestion('hand-hygiene', id));
    expect(
      publishProblems(
        { ...hygiene, bank: { revision: 'r', version: 1, published: true, questionCount: 4 } },
        questions,
      ),
    ).toEqual([]);
  });
});
