// The catalogue and admin publishing through the real stack (bundle in the local host, Cosmos,
// Azurite, identity provider), with the demo trainings seeded as `npm start` seeds them.
import {
  adminTrainingListSchema,
  catalogueListSchema,
  previewLinkSchema,
  problemSchema,
  trainingDetailSchema,
  trainingSchema,
  type AdminTrainingUpsert,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { BlobServiceClient } from '@azure/storage-blob';
import { join } from 'node:path';
import { seedMediaDir, seedTrainings } from '../../local/seed/seed-trainings';

const emulators = inject('emulators');
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-catalogue');
  await seedTrainings({
    trainings: stack.composition.trainings,
    storageConnectionString: emulators.storageConnectionString,
    invalidate: stack.composition.catalogue.invalidate,
  });
}, 180_000);

afterAll(async () => {
  await stack.stop();
});

const get = (path: string, headers: Record<string, string> = {}, caller: Caller = 'anonymous') =>
  stack.call(caller, 'GET', path, { headers });

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  return problemSchema.parse(await response.json());
}

const draftBody: AdminTrainingUpsert = {
  languages: ['fr', 'nl'],
  title: { fr: 'Douleur aiguë chez l’adulte', nl: 'Acute pijn bij volwassenen' },
  summary: { fr: 'Évaluer et soulager la douleur.', nl: 'Pijn beoordelen en verlichten.' },
  professions: ['nurse'],
  accreditedHours: 1,
  organiser: 'SOINS+ Academy',
  free: false,
  completionRule: { kind: 'watched', percent: 90 },
  chapters: [
    {
      id: 'pain-scales',
      title: { fr: 'Les échelles de douleur', nl: 'Pijnschalen' },
      durationSeconds: 6,
      video: { fr: 'acute-pain/pain-scales.fr.mp4', nl: 'acute-pain/pain-scales.nl.mp4' },
    },
  ],
  quiz: {
    questionsPerAttempt: 2,
    passPercent: 80,
    maxAttempts: 3,
    waitMinutesBetweenAttempts: 1,
    timeLimitMinutes: 15,
  },
};
const question = (id: string) => ({
  id,
  type: 'single',
  prompt: { fr: `Question ${id} ?`, nl: `Vraag ${id}?` },
  options: [
    { id: 'a', text: { fr: 'Oui', nl: 'Ja' }, correct: true },
    { id: 'b', text: { fr: 'Non', nl: 'Nee' }, correct: false },
  ],
});

describe('GET /api/catalogue', () => {
  it('lists the published demo trainings in French by default, with a strong ETag and public caching', async () => {
    const response = await get('catalogue');
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(response.headers.get('content-language')).toBe('fr');
    const list = catalogueListSchema.parse(await response.json());
    expect(list.language).toBe('fr');
    const hygiene = list.items.find((i) => i.id === 'hand-hygiene');
    expect(hygiene).toMatchObject({
      title: 'Hygiène des mains et prévention des infections',
      languages: ['fr', 'nl'],
      professions: ['nurse', 'midwife'],
      accreditedHours: 1.5,
      chapterCount: 3,
      totalDurationSeconds: 18,
    });
    expect(list.items.map((i) => i.id)).toContain('chronic-wound-care');
  });

  it('answers 304 to a matching If-None-Match, and 200 again to a stale one', async () => {
    const first = await get('catalogue');
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    const again = await get('catalogue', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const stale = await get('catalogue', { 'if-none-match': '"stale"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('speaks Dutch through ?lang= or Accept-Language, with another ETag', async () => {
    const french = await get('catalogue');
    await french.arrayBuffer();
    const byQuery = await get('catalogue?lang=nl');
    const byHeader = await get('catalogue', { 'accept-language': 'nl-BE,nl;q=0.9,fr;q=0.5' });
    const listQ = catalogueListSchema.parse(await byQuery.json());
    const listH = catalogueListSchema.parse(await byHeader.json());
    expect(listQ.language).toBe('nl');
    expect(listQ.items.find((i) => i.id === 'chronic-wound-care')?.title).toBe('Zorg voor chronische wonden');
    expect(listH).toEqual(listQ);
    expect(byQuery.headers.get('etag')).not.toBe(french.headers.get('etag'));
  });

  it('searches and filters', async () => {
    const ids = async (query: string) =>
      catalogueListSchema.parse(await (await get(`catalogue?${query}`)).json()).items.map((i) => i.id);
    expect(await ids('q=HYGIENE')).toEqual(['hand-hygiene']);
    expect(await ids('q=wonden')).toEqual(['chronic-wound-care']);
    expect(await ids('q=escarres')).toEqual(['chronic-wound-care']);
    expect(await ids('profession=midwife')).toEqual(['hand-hygiene']);
    expect(await ids('minHours=2&maxHours=2')).toEqual(['chronic-wound-care']);
    expect(await ids('language=nl&q=')).toHaveLength(2);
  });

  it('refuses invalid filters with 400 problem+json', async () => {
    for (const query of [
      'minHours=abc',
      'minHours=3&maxHours=1',
      'profession=doctor',
      'lang=de',
      'language=en',
    ]) {
      const response = await get(`catalogue?${query}`);
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).code).toBe('validation_failed');
    }
  });
});

describe('GET /api/catalogue/{trainingId}', () => {
  it('details a published training: chapters, their videos’ languages and the quiz summary', async () => {
    const response = await get('catalogue/chronic-wound-care?lang=nl');
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeTruthy();
    const detail = trainingDetailSchema.parse(await response.json());
    expect(detail.title).toBe('Zorg voor chronische wonden');
    expect(detail.chapters.map((c) => [c.id, c.durationSeconds, c.videoLanguages])).toEqual([
      ['wound-assessment', 8, ['fr', 'nl']],
      ['dressing-choice', 6, ['fr', 'nl']],
      ['pressure-ulcer-prevention', 4, ['fr', 'nl']],
    ]);
    expect(detail.quiz).toEqual({
      questionsPerAttempt: 5,
      passPercent: 80,
      maxAttempts: 3,
      timeLimitMinutes: 15,
      waitMinutesBetweenAttempts: 1,
    });
    expect(detail.completionRule).toEqual({ kind: 'launch' });
  });

  it('answers 404 for an unknown, malformed or draft training', async () => {
    await stack.composition.trainings.save(
      trainingSchema.parse({
        ...draftBody,
        id: 'secret-draft',
        trainingId: 'secret-draft',
        kind: 'training',
        status: 'draft',
        updatedAt: new Date().toISOString(),
      }),
    );
    for (const id of ['no-such-training', 'NOT_AN_ID', 'secret-draft']) {
      const response = await get(`catalogue/${id}`);
      expect(response.status, id).toBe(404);
      expect((await problemOf(response)).code).toBe('not_found');
    }
  });
});

describe('GET /api/catalogue/{trainingId}/chapters/{chapterId}/preview', () => {
  const preview = (path: string, address: string, query = '') =>
    get(`catalogue/${path}/preview${query}`, { 'x-forwarded-for': `${address}, 10.0.0.1` });

  it('gives anyone a short-lived link to a preview chapter’s video, which plays from Blob Storage', async () => {
    const detail = trainingDetailSchema.parse(await (await get('catalogue/chronic-wound-care')).json());
    expect(detail.chapters.map((c) => [c.id, c.preview])).toEqual([
      ['wound-assessment', true],
      ['dressing-choice', false],
      ['pressure-ulcer-prevention', false],
    ]);
    const response = await preview(
      'chronic-wound-care/chapters/wound-assessment',
      '198.51.100.1',
      '?lang=nl',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const link = previewLinkSchema.parse(await response.json());
    expect(link.language).toBe('nl');
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 5_000);
    const video = await fetch(link.url, { headers: { range: 'bytes=0-15' } });
    expect(video.status).toBe(206);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    await video.arrayBuffer();
  });

  it('answers 404 for every chapter that is not a preview, so nothing else of a training is reachable', async () => {
    for (const path of [
      'chronic-wound-care/chapters/dressing-choice',
      'hand-hygiene/chapters/five-moments',
      'chronic-wound-care/chapters/no-such-chapter',
      'no-such-training/chapters/wound-assessment',
      'secret-draft/chapters/pain-scales',
    ]) {
      const response = await preview(path, '198.51.100.2');
      expect(response.status, path).toBe(404);
      expect((await problemOf(response)).code).toBe('not_found');
    }
  });

  it('is rate-limited per client address (429 with Retry-After), other clients unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const response = await preview('chronic-wound-care/chapters/wound-assessment', '198.51.100.3');
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await problemOf(response)).code).toBe('rate_limited');
      } else await response.arrayBuffer();
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const other = await preview('chronic-wound-care/chapters/wound-assessment', '198.51.100.4');
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });
});

describe('admin publishing', () => {
  const admin = (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) =>
    stack.call('admin', method, path, json === undefined ? { headers } : { json, headers });
  const etagOf = async (id: string): Promise<string> => {
    const response = await admin('GET', `manage/trainings/${id}`);
    await response.arrayBuffer();
    return response.headers.get('etag') ?? '';
  };
  /** The chapter clips the draft names, in Azurite (publishing checks they are stored). */
  const storeVideos = async (names: readonly string[]) => {
    const videos = BlobServiceClient.fromConnectionString(
      emulators.storageConnectionString,
    ).getContainerClient('videos');
    for (const name of names) {
      await videos
        .getBlockBlobClient(name)
        .uploadFile(join(seedMediaDir, 'hand-hygiene', 'five-moments.fr.mp4'), {
          blobHTTPHeaders: { blobContentType: 'video/mp4' },
        });
    }
  };

  it('creates a draft, refuses to publish it incomplete, publishes it (visible at once with a new ETag), unpublishes it', async () => {
    const before = await get('catalogue');
    const etagBefore = before.headers.get('etag');
    await before.arrayBuffer();

    const created = await admin('PUT', 'manage/trainings/acute-pain', draftBody);
    expect(created.status).toBe(201);
    expect(trainingSchema.parse(await created.json())).toMatchObject({ status: 'draft', id: 'acute-pain' });
    const replaced = await admin(
      'PUT',
      'manage/trainings/acute-pain',
      { ...draftBody, accreditedHours: 1.25 },
      { 'if-match': created.headers.get('etag') ?? '' },
    );
    expect(replaced.status).toBe(200);
    await replaced.arrayBuffer();
    expect((await get('catalogue/acute-pain')).status).toBe(404);

    const refused = await admin('POST', 'manage/trainings/acute-pain/publish');
    expect(refused.status).toBe(422);
    const problem = await problemOf(refused);
    expect(problem.code).toBe('training_not_publishable');
    expect(problem.errors?.map((e) => e.path)).toEqual([
      'chapters.0.video.fr',
      'chapters.0.video.nl',
      'questions',
    ]);
    await storeVideos(Object.values(draftBody.chapters[0]?.video ?? {}));

    const tooFew = await admin(
      'PUT',
      'manage/trainings/acute-pain/questions',
      { questions: [question('q1'), question('q2'), question('q3')] },
      { 'if-match': await etagOf('acute-pain') },
    );
    expect(tooFew.status).toBe(422);
    const small = await problemOf(tooFew);
    expect(small.code).toBe('quiz_bank_too_small');
    expect(small.errors?.[0]?.path).toBe('questions');
    const bank = await admin(
      'PUT',
      'manage/trainings/acute-pain/questions',
      { questions: [question('q1'), question('q2'), question('q3'), question('q4')] },
      { 'if-match': await etagOf('acute-pain') },
    );
    expect(bank.status).toBe(200);
    expect(((await bank.json()) as { questions: unknown[] }).questions).toHaveLength(4);
    const read = await admin('GET', 'manage/trainings/acute-pain/questions');
    expect(((await read.json()) as { questions: { id: string }[] }).questions.map((q) => q.id)).toEqual([
      'q1',
      'q2',
      'q3',
      'q4',
    ]);

    const published = await admin('POST', 'manage/trainings/acute-pain/publish');
    expect(published.status).toBe(200);
    expect(trainingSchema.parse(await published.json()).status).toBe('published');

    const after = await get('catalogue', { 'if-none-match': etagBefore ?? '' });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etagBefore);
    const list = catalogueListSchema.parse(await after.json());
    expect(list.items.find((i) => i.id === 'acute-pain')?.accreditedHours).toBe(1.25);
    expect((await get('catalogue/acute-pain')).status).toBe(200);

    const all = adminTrainingListSchema.parse(await (await admin('GET', 'manage/trainings')).json());
    expect(all.items.find((t) => t.id === 'acute-pain')?.questionCount).toBe(4);
    expect(all.items.find((t) => t.id === 'secret-draft')?.status).toBe('draft');

    const unpublished = await admin('POST', 'manage/trainings/acute-pain/unpublish');
    expect(unpublished.status).toBe(200);
    await unpublished.arrayBuffer();
    const gone = catalogueListSchema.parse(await (await get('catalogue')).json());
    expect(gone.items.map((i) => i.id)).not.toContain('acute-pain');
    expect((await admin('GET', 'manage/trainings/acute-pain')).status).toBe(200);
  });

  it('refuses to publish a chapter without a video for a listed language', async () => {
    const body = {
      ...draftBody,
      chapters: [{ ...draftBody.chapters[0], video: { fr: 'no-dutch/pain-scales.fr.mp4' } }],
    };
    const created = await admin('PUT', 'manage/trainings/no-dutch', body);
    expect(created.status).toBe(201);
    await storeVideos(['no-dutch/pain-scales.fr.mp4']);
    const bank = await admin(
      'PUT',
      'manage/trainings/no-dutch/questions',
      { questions: [question('q1'), question('q2'), question('q3'), question('q4')] },
      { 'if-match': created.headers.get('etag') ?? '' },
    );
    expect(bank.status).toBe(200);
    await bank.arrayBuffer();
    const refused = await admin('POST', 'manage/trainings/no-dutch/publish');
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).errors).toEqual([
      { path: 'chapters.0.video.nl', message: 'chapter pain-scales has no nl video' },
    ]);
  });

  it('validates training and bank bodies with field errors; a draft may lack a translation', async () => {
    const cases: [string, unknown, string][] = [
      [
        'manage/trainings/bad-one',
        { ...draftBody, chapters: [draftBody.chapters[0], draftBody.chapters[0]] },
        'chapters.1.id',
      ],
      ['manage/trainings/bad-one', { ...draftBody, status: 'published' }, ''],
      ['manage/trainings/Bad_Id', draftBody, 'trainingId'],
      ['manage/trainings/bad-one', { ...draftBody, thumbnail: 'javascript:alert(1)' }, 'thumbnail'],
      [
        'manage/trainings/acute-pain/questions',
        { questions: [question('q1'), { ...question('q1') }] },
        'questions.1.id',
      ],
    ];
    for (const [path, body, field] of cases) {
      const response = await admin('PUT', path, body);
      expect(response.status, path).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors?.map((e) => e.path)).toContain(field);
    }
    const frenchOnly = await admin('PUT', 'manage/trainings/french-draft', {
      ...draftBody,
      title: { fr: 'Seulement en français' },
    });
    expect(frenchOnly.status).toBe(201);
    await frenchOnly.arrayBuffer();
    const missing = await admin('PUT', 'manage/trainings/no-such-training/questions', {
      questions: [question('q1'), question('q2')],
    });
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });
});
