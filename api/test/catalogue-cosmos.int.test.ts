import type { Database } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bootstrapManifestContainers } from '../../tests/support/manifest-containers';
import { CosmosNewsRepository } from '../src/adapters/cosmos/news-repository';
import { CosmosTrainingRepository } from '../src/adapters/cosmos/training-repository';
import type { StoredNews } from '../src/domain/catalogue/news';
import { InvalidPageTokenError } from '../src/domain/ports';
import { sampleQuestion, sampleTraining } from './fakes/catalogue-fakes';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

// The training and news adapters against the Cosmos emulator, with containers from the manifest.
const emulators = inject('emulators');
const databaseName = 'soins-catalogue-it';
const cosmos = emulatorCosmosClient(emulators);
let database: Database;
let trainings: CosmosTrainingRepository;
let news: CosmosNewsRepository;

beforeAll(async () => {
  await bootstrapManifestContainers(
    cosmos,
    databaseName,
    ['trainings', 'news'],
    emulators.storageConnectionString,
  );
  database = cosmos.database(databaseName);
  trainings = new CosmosTrainingRepository(cosmos, databaseName);
  news = new CosmosNewsRepository(cosmos, databaseName);
});

afterAll(async () => {
  await database.delete().catch(() => undefined);
  cosmos.dispose();
});

describe('CosmosTrainingRepository', () => {
  it('declares trainings partitioned by /trainingId and news in one feed partition (/feed)', async () => {
    expect((await database.container('trainings').read()).resource?.partitionKey?.paths).toEqual([
      '/trainingId',
    ]);
    expect((await database.container('news').read()).resource?.partitionKey?.paths).toEqual(['/feed']);
  });

  it('saves with schemaVersion and reads back the validated training; unknown ids are undefined', async () => {
    const training = sampleTraining('hygiene');
    await trainings.save(training);
    expect(await trainings.get('hygiene')).toEqual(training);
    const { resource } = await database
      .container('trainings')
      .item('hygiene', 'hygiene')
      .read<{ schemaVersion: number }>();
    expect(resource?.schemaVersion).toBe(1);
    expect(await trainings.get('no-such-training')).toBeUndefined();
  });

  it('replaces on save (upsert)', async () => {
    await trainings.save(sampleTraining('replace-me', { accreditedHours: 1 }));
    await trainings.save(sampleTraining('replace-me', { accreditedHours: 2 }));
    expect((await trainings.get('replace-me'))?.accreditedHours).toBe(2);
  });

  it('lists published trainings only, and every training for admins', async () => {
    await trainings.save(
      sampleTraining('pub-a', { status: 'published', publishedAt: '2026-11-01T00:00:00.000Z' }),
    );
    await trainings.save(
      sampleTraining('pub-b', { status: 'published', publishedAt: '2026-11-02T00:00:00.000Z' }),
    );
    await trainings.save(sampleTraining('draft-c'));
    await trainings.save(sampleTraining('archived-d', { status: 'archived' }));
    const published = await trainings.listPublished();
    expect(published.map((t) => t.id)).toEqual(['pub-b', 'pub-a']);
    const all = (await trainings.listAll()).map((t) => t.id);
    expect(all).toEqual(expect.arrayContaining(['pub-a', 'pub-b', 'draft-c', 'archived-d', 'hygiene']));
  });

  it('keeps questions apart from the training, even when a question id equals the training id', async () => {
    await trainings.save(sampleTraining('bank'));
    await trainings.replaceQuestions('bank', [sampleQuestion('bank', 'bank'), sampleQuestion('bank', 'q2')]);
    expect((await trainings.get('bank'))?.kind).toBe('training');
    expect((await trainings.questions('bank')).map((q) => q.id)).toEqual(['bank', 'q2']);
    expect((await trainings.listAll()).filter((t) => t.id === 'bank')).toHaveLength(1);
  });

  it('replaces the bank: new questions upserted, the others deleted', async () => {
    await trainings.save(sampleTraining('rebank'));
    await trainings.replaceQuestions(
      'rebank',
      ['q1', 'q2', 'q3'].map((id) => sampleQuestion('rebank', id)),
    );
    const edited = { ...sampleQuestion('rebank', 'q2'), type: 'multiple' as const };
    await trainings.replaceQuestions('rebank', [edited, sampleQuestion('rebank', 'q4')]);
    const bank = await trainings.questions('rebank');
    expect(bank.map((q) => q.id)).toEqual(['q2', 'q4']);
    expect(bank[0]?.type).toBe('multiple');
    expect(await trainings.questions('bank')).toHaveLength(2);
  });

  it('creates once, and replaces only against the current ETag (the emulator answers 412 like Cosmos)', async () => {
    const first = await trainings.create(sampleTraining('etagged'));
    expect(first).toBeTruthy();
    expect(await trainings.create(sampleTraining('etagged'))).toBeUndefined();
    const stored = await trainings.getVersioned('etagged');
    expect(stored?.etag).toBe(first);
    const second = await trainings.replace(sampleTraining('etagged', { organiser: 'Deux' }), first ?? '');
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(
      await trainings.replace(sampleTraining('etagged', { organiser: 'Trois' }), first ?? ''),
    ).toBeUndefined();
    expect((await trainings.get('etagged'))?.organiser).toBe('Deux');
    expect(await trainings.replace(sampleTraining('never-saved'), first ?? '')).toBeUndefined();
  });

  it('keeps quiz versions as snapshots: a published one stays, the training names the current one', async () => {
    await trainings.save(sampleTraining('snapshots', { status: 'published' }));
    await trainings.replaceQuestions('snapshots', [sampleQuestion('snapshots', 'v1')]);
    const v1 = (await trainings.get('snapshots'))?.bank;
    expect(v1).toMatchObject({ version: 1, published: true, questionCount: 1 });
    await trainings.replaceQuestions('snapshots', [
      sampleQuestion('snapshots', 'v2a'),
      sampleQuestion('snapshots', 'v2b'),
    ]);
    const v2 = (await trainings.get('snapshots'))?.bank;
    expect(v2).toMatchObject({ version: 2, published: true, questionCount: 2 });
    expect((await trainings.snapshot('snapshots', v1?.revision ?? ''))?.questions.map((q) => q.id)).toEqual([
      'v1',
    ]);
    expect((await trainings.questions('snapshots')).map((q) => q.id)).toEqual(['v2a', 'v2b']);
    // Saving the training without its bank (seeding, tests) keeps the bank it names.
    await trainings.save(sampleTraining('snapshots', { status: 'published', accreditedHours: 4 }));
    expect((await trainings.get('snapshots'))?.bank).toEqual(v2);
    // A snapshot is written once.
    const snapshot = await trainings.snapshot('snapshots', v2?.revision ?? '');
    if (!snapshot) throw new Error('no snapshot');
    await expect(trainings.createSnapshot(snapshot)).rejects.toMatchObject({ code: 409 });
  });

  it('reads a question bank once: a snapshot never changes, so the next attempt draws from memory', async () => {
    await trainings.save(sampleTraining('kept-bank', { status: 'published' }));
    await trainings.replaceQuestions('kept-bank', [sampleQuestion('kept-bank', 'q1')]);
    const training = await trainings.get('kept-bank');
    const revision = training?.bank?.revision ?? '';
    if (!training) throw new Error('no training');
    // The training as read is enough to find its bank.
    expect((await trainings.questions('kept-bank', { training })).map((q) => q.id)).toEqual(['q1']);
    // Gone from Cosmos, still answered: it was read once and kept.
    await database.container('trainings').item(`bank:${revision}`, 'kept-bank').delete();
    expect((await trainings.snapshot('kept-bank', revision))?.questions.map((q) => q.id)).toEqual(['q1']);
    // Another repository (another instance) reads Cosmos.
    expect(
      await new CosmosTrainingRepository(cosmos, databaseName).snapshot('kept-bank', revision),
    ).toBeUndefined();
  });

  it('refuses a stored training that does not match the schema (validated reads)', async () => {
    await database
      .container('trainings')
      .items.upsert({ id: 'broken', trainingId: 'broken', kind: 'training', status: 'draft' });
    await expect(trainings.get('broken')).rejects.toThrow();
    await database.container('trainings').item('broken', 'broken').delete();
  });
});

describe('CosmosNewsRepository', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const item = (day: number, window: Partial<StoredNews> = {}): StoredNews => ({
    id: `news-${String(day)}`,
    title: { fr: `Titre ${String(day)}`, nl: `Titel ${String(day)}` },
    body: { fr: 'Texte', nl: 'Tekst' },
    publishFrom: `2026-11-0${String(day)}T08:00:00.000Z`,
    createdAt: `2026-11-0${String(day)}T08:00:00.000Z`,
    updatedAt: `2026-11-0${String(day)}T08:00:00.000Z`,
    ...window,
  });

  it('answers an empty page when there is no news (not an error)', async () => {
    expect(await news.publicPage({ limit: 20, now })).toEqual({ items: [] });
  });

  it('pages the live items newest first with continuation tokens, skipping closed windows, and deletes', async () => {
    for (let day = 1; day <= 5; day++) await news.create(item(day));
    // Outside their windows or taken down: never in the public list, always in the admin's.
    await news.create(item(6, { publishFrom: '2026-12-01T08:00:00.000Z' }));
    await news.create(item(7, { publishUntil: '2026-11-20T00:00:00.000Z' }));
    await news.create(item(8, { unpublishedAt: '2026-11-10T00:00:00.000Z' }));
    const first = await news.publicPage({ limit: 2, now });
    expect(first.items.map((n) => n.id)).toEqual(['news-5', 'news-4']);
    expect(first.items[0]).toEqual({
      id: 'news-5',
      title: { fr: 'Titre 5', nl: 'Titel 5' },
      body: { fr: 'Texte', nl: 'Tekst' },
      publishedAt: '2026-11-05T08:00:00.000Z',
    });
    expect(first.continuationToken).toBeDefined();
    const seen = [...first.items.map((n) => n.id)];
    let token = first.continuationToken;
    while (token) {
      const next = await news.publicPage({ limit: 2, now, continuationToken: token });
      seen.push(...next.items.map((n) => n.id));
      token = next.continuationToken;
    }
    expect(seen).toEqual(['news-5', 'news-4', 'news-3', 'news-2', 'news-1']);
    const admin = await news.adminPage({ limit: 20 });
    expect(admin.items.map((n) => n.value.id)).toEqual([
      'news-6',
      'news-8',
      'news-7',
      'news-5',
      'news-4',
      'news-3',
      'news-2',
      'news-1',
    ]);
    expect(await news.delete('news-3')).toBe(true);
    expect(await news.delete('news-3')).toBe(false);
    expect((await news.publicPage({ limit: 20, now })).items.map((n) => n.id)).toEqual([
      'news-5',
      'news-4',
      'news-2',
      'news-1',
    ]);
    // A token this listing did not hand out is refused (the route answers 400).
    await expect(news.publicPage({ limit: 2, now, continuationToken: 'forged' })).rejects.toBeInstanceOf(
      InvalidPageTokenError,
    );
  });

  it('replaces an item only with its current version (etag)', async () => {
    await news.create(item(9));
    const stored = await news.get('news-9');
    if (!stored) throw new Error('not stored');
    const edited = { ...stored.value, title: { fr: 'Modifié', nl: 'Gewijzigd' } };
    expect(await news.replace(edited, stored.etag)).toBe(true);
    expect(await news.replace({ ...edited, title: { fr: 'Perdu', nl: 'Verloren' } }, stored.etag)).toBe(
      false,
    );
    expect((await news.get('news-9'))?.value.title.fr).toBe('Modifié');
    expect(await news.replace(item(99), stored.etag)).toBe(false);
  });
});
