// The course player end to end: the api bundle in the local host, trainings in the Cosmos emulator,
// videos in Azurite, tokens from the local identity provider, subscriptions as billing stores them.
import { CosmosClient, type Container } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import {
  courseViewSchema,
  dashboardSchema,
  enrolmentSchema,
  problemSchema,
  progressResultSchema,
  videoLinkSchema,
  type Training,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CosmosBillingRepository } from '../src/adapters/cosmos/billing-store';
import { createBlobStorage } from '../src/adapters/storage/connection';
import { BlobVideoFiles } from '../src/adapters/storage/video-files';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { shiftApiClock, type ShiftedClock } from '../../tests/support/clock';
import { sampleTraining } from './fakes/learning-fakes';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const database = 'soins-learning';
let stack: ApiStack;
let clock: ShiftedClock;
let cosmos: CosmosClient;
let learningContainer: Container;

/** 1000 bytes that start like an MP4 (`ftyp` box); the content does not matter to Blob Storage. */
const mp4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.alloc(1000 - 12, 7),
]).map((byte, index) => (index < 12 ? byte : index % 251));

const paid = sampleTraining({ trainingId: 'wound-care' });
const freeLaunch = sampleTraining({
  trainingId: 'hand-hygiene',
  free: true,
  completionRule: { kind: 'launch' },
  title: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
});
const quick = sampleTraining({
  trainingId: 'quick-check',
  free: true,
  chapters: [
    {
      id: 'only',
      title: { fr: 'Unique', nl: 'Enige' },
      durationSeconds: 8,
      video: { fr: 'quick-check/only.fr.mp4' },
    },
  ],
});
const draft = sampleTraining({ trainingId: 'draft-course', status: 'draft', free: true });
/** Four six-minute chapters: enough to be worth reporting in parallel. */
const parallel = sampleTraining({
  trainingId: 'parallel-watch',
  free: true,
  chapters: ['a', 'b', 'c', 'd'].map((id) => ({
    id,
    title: { fr: `Partie ${id}`, nl: `Deel ${id}` },
    durationSeconds: 360,
    video: { fr: `parallel-watch/${id}.fr.mp4` },
  })),
});

beforeAll(async () => {
  stack = await startApiStack(emulators, database);
  // Report windows and watched-time allowances pass on the api's clock instead of being waited for.
  clock = shiftApiClock();
  cosmos = emulatorCosmosClient(emulators);
  const trainings = cosmos.database(database).container('trainings');
  for (const training of [paid, freeLaunch, quick, draft, parallel] satisfies Training[]) {
    await trainings.items.upsert({ ...training, schemaVersion: 1 });
  }
  learningContainer = cosmos.database(database).container('learning');
  const videos = BlobServiceClient.fromConnectionString(emulators.storageConnectionString).getContainerClient(
    'videos',
  );
  const blobNames = [paid, freeLaunch, quick, parallel].flatMap((t) =>
    t.chapters.flatMap((c) => [c.video.fr, c.video.nl].filter((name): name is string => name !== undefined)),
  );
  for (const name of blobNames) {
    await videos
      .getBlockBlobClient(name)
      .uploadData(mp4, { blobHTTPHeaders: { blobContentType: 'video/mp4' } });
  }
}, 120_000);

afterAll(async () => {
  clock.restore();
  await stack.stop();
});

async function problemCode(response: Response): Promise<string> {
  return problemSchema.parse(await response.json()).code;
}

function enrol(caller: Caller, trainingId: string): Promise<Response> {
  return stack.call(caller, 'POST', `me/trainings/${trainingId}/enrolment`);
}

function videoLink(caller: Caller, trainingId: string, chapterId: string, lang?: string): Promise<Response> {
  const query = lang === undefined ? '' : `?lang=${lang}`;
  return stack.call(caller, 'GET', `me/trainings/${trainingId}/chapters/${chapterId}/video${query}`);
}

function progress(caller: Caller, trainingId: string, chapterId: string, body: unknown): Promise<Response> {
  return stack.call(caller, 'POST', `me/trainings/${trainingId}/chapters/${chapterId}/progress`, {
    json: body,
  });
}

/** The stored progress document (raw, with its etag), to prove a refusal changed nothing. */
async function storedProgress(caller: Caller, trainingId: string, chapterId: string) {
  const { resource } = await learningContainer
    .item(`progress:${trainingId}:${chapterId}`, stack.idOf(caller))
    .read<{ _etag: string; intervals: number[][]; position: number }>();
  return resource;
}

async function subscribe(caller: Caller): Promise<void> {
  // The billing document exactly as the Stripe webhook handler stores it for an active subscription.
  const now = new Date().toISOString();
  const created = await new CosmosBillingRepository(cosmos, database).create({
    userId: stack.idOf(caller),
    stripeCustomerId: `cus_${caller}`,
    subscription: {
      id: `sub_${caller}`,
      status: 'active',
      plan: 'monthly',
      priceId: 'price_monthly',
      currentPeriodEnd: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      cancelAtPeriodEnd: false,
      syncedAt: now,
    },
    createdAt: now,
    updatedAt: now,
  });
  expect(created).toBe(true);
}

describe('enrolment', () => {
  it('refuses a paid training without a subscription (402), then enrols once subscribed, idempotently', async () => {
    const refused = await enrol('learner', 'wound-care');
    expect(refused.status).toBe(402);
    expect(await problemCode(refused)).toBe('subscription_required');

    await subscribe('learner');
    const first = await enrol('learner', 'wound-care');
    expect(first.status).toBe(200);
    const enrolment = enrolmentSchema.parse(await first.json());
    expect(enrolment.trainingId).toBe('wound-care');
    const second = await enrol('learner', 'wound-care');
    expect(second.status).toBe(200);
    expect(enrolmentSchema.parse(await second.json())).toEqual(enrolment);
  });

  it('enrols in a free training without a subscription; unknown and draft trainings are 404', async () => {
    expect((await enrol('otherLearner', 'hand-hygiene')).status).toBe(200);
    const unknown = await enrol('otherLearner', 'no-such-training');
    expect(unknown.status).toBe(404);
    expect(await problemCode(unknown)).toBe('not_found');
    expect((await enrol('otherLearner', 'draft-course')).status).toBe(404);
    expect((await enrol('otherLearner', 'Not_A_Valid_Id')).status).toBe(404);
  });
});

describe('dashboard and course view', () => {
  it('lists the learner’s own trainings, titles in the profile language', async () => {
    const mine = dashboardSchema.parse(await (await stack.call('learner', 'GET', 'me/trainings')).json());
    expect(mine.items.map((i) => [i.trainingId, i.title, i.language])).toEqual([
      ['wound-care', 'Soins des plaies', 'fr'],
    ]);
    expect(mine.items[0]?.nextStep).toEqual({ kind: 'chapter', chapterId: 'intro', title: 'Introduction' });
    const jan = dashboardSchema.parse(await (await stack.call('otherLearner', 'GET', 'me/trainings')).json());
    expect(jan.items.map((i) => [i.trainingId, i.title])).toEqual([['hand-hygiene', 'Handhygiëne']]);
  });

  it('writes the titles in the language the page shows (?lang=), so a language switch refreshes at once', async () => {
    const dutch = dashboardSchema.parse(
      await (await stack.call('learner', 'GET', 'me/trainings?lang=nl')).json(),
    );
    expect(dutch.items.map((i) => [i.trainingId, i.title, i.language])).toEqual([
      ['wound-care', 'Wondzorg', 'nl'],
    ]);
    const course = courseViewSchema.parse(
      await (await stack.call('learner', 'GET', 'me/trainings/wound-care?lang=nl')).json(),
    );
    expect([course.title, course.chapters[0]?.title]).toEqual(['Wondzorg', 'Inleiding']);
    const refused = await stack.call('learner', 'GET', 'me/trainings?lang=de');
    expect(refused.status).toBe(400);
    expect(await problemCode(refused)).toBe('validation_failed');
  });

  it('shows the course to the enrolled learner only (403 not_enrolled otherwise)', async () => {
    const response = await stack.call('learner', 'GET', 'me/trainings/wound-care');
    expect(response.status).toBe(200);
    const view = courseViewSchema.parse(await response.json());
    expect(view.chapters.map((c) => c.id)).toEqual(['intro', 'cleaning', 'dressing']);
    expect(view).toMatchObject({ quizUnlocked: false, completionRule: { kind: 'watched', percent: 90 } });
    const other = await stack.call('otherLearner', 'GET', 'me/trainings/wound-care');
    expect(other.status).toBe(403);
    expect(await problemCode(other)).toBe('not_enrolled');
    expect((await stack.call('learner', 'GET', 'me/trainings/no-such-training')).status).toBe(404);
  });
});

describe('video links', () => {
  it('serves a read-only, short-lived link that supports range requests', async () => {
    const response = await videoLink('learner', 'wound-care', 'intro', 'fr');
    expect(response.status).toBe(200);
    const link = videoLinkSchema.parse(await response.json());
    expect(link.language).toBe('fr');
    expect(new URL(link.url).pathname).toMatch(/\/videos\/wound-care\/intro\.fr\.mp4$/);
    expect(new URL(link.url).searchParams.get('sp')).toBe('r');
    const lifetimeMs = Date.parse(link.expiresAt) - Date.now();
    expect(lifetimeMs).toBeGreaterThan(0);
    expect(lifetimeMs).toBeLessThanOrEqual(10 * 60_000);

    const partial = await fetch(link.url, { headers: { Range: 'bytes=0-99' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 0-99/1000');
    const bytes = Buffer.from(await partial.arrayBuffer());
    expect(bytes.byteLength).toBe(100);
    expect(bytes.equals(mp4.subarray(0, 100))).toBe(true);

    // Read only: the link can neither overwrite nor delete the video.
    expect((await fetch(link.url, { method: 'DELETE' })).status).toBe(403);
    const overwrite = await fetch(link.url, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'x',
    });
    expect(overwrite.status).toBe(403);
  });

  it('refuses an expired link', async () => {
    const files = new BlobVideoFiles(
      createBlobStorage({ kind: 'key', connectionString: emulators.storageConnectionString }),
    );
    const expired = await files.linkUntil('wound-care/intro.fr.mp4', new Date(Date.now() - 60_000));
    const response = await fetch(expired.url, { headers: { Range: 'bytes=0-99' } });
    expect(response.status).toBe(403);
  });

  it('falls back to the other language; 404 for a chapter of another training; 403 when not enrolled', async () => {
    const fallback = videoLinkSchema.parse(
      await (await videoLink('learner', 'wound-care', 'dressing', 'fr')).json(),
    );
    expect(fallback.language).toBe('nl');
    expect((await videoLink('learner', 'wound-care', 'only')).status).toBe(404);
    const other = await videoLink('otherLearner', 'wound-care', 'intro');
    expect(other.status).toBe(403);
    expect(await problemCode(other)).toBe('not_enrolled');
    expect((await videoLink('learner', 'wound-care', 'intro', 'de')).status).toBe(400);
  });

  it('completes a chapter on opening under the `launch` rule', async () => {
    const link = videoLinkSchema.parse(
      await (await videoLink('otherLearner', 'hand-hygiene', 'intro')).json(),
    );
    expect(link.language).toBe('nl');
    expect(link.chapter).toMatchObject({ id: 'intro', title: 'Inleiding', completed: true });
    const view = courseViewSchema.parse(
      await (await stack.call('otherLearner', 'GET', 'me/trainings/hand-hygiene')).json(),
    );
    expect(view.progress).toEqual({ completedChapters: 1, totalChapters: 3, percent: 33 });
    expect(view.lastChapterId).toBe('intro');
  });
});

describe('progress reports', () => {
  it('refuses a report for a chapter never opened, recording nothing', async () => {
    const response = await progress('learner', 'wound-care', 'cleaning', {
      intervals: [[0, 2]],
      position: 2,
    });
    expect(response.status).toBe(422);
    expect(await problemCode(response)).toBe('progress_implausible');
    expect(await storedProgress('learner', 'wound-care', 'cleaning')).toBeUndefined();
  });

  it('accepts real-time playback, rate-limits and refuses jumps without recording them', async () => {
    expect((await videoLink('learner', 'wound-care', 'cleaning')).status).toBe(200);
    const accepted = await progress('learner', 'wound-care', 'cleaning', {
      intervals: [[0, 3]],
      position: 3,
    });
    expect(accepted.status).toBe(200);
    const state = progressResultSchema.parse(await accepted.json());
    expect(state.chapter).toMatchObject({ id: 'cleaning', resumePositionSeconds: 3, watchedPercent: 2 });
    const afterAccepted = await storedProgress('learner', 'wound-care', 'cleaning');
    expect(afterAccepted?.intervals).toEqual([[0, 3]]);

    // Too soon after the previous report.
    const early = await progress('learner', 'wound-care', 'cleaning', { intervals: [[3, 4]], position: 4 });
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await problemCode(early)).toBe('rate_limited');

    clock.advance(2_100);
    // The whole 120 s chapter two seconds later: impossible at 2× speed.
    const jump = await progress('learner', 'wound-care', 'cleaning', {
      intervals: [[0, 120]],
      position: 120,
    });
    expect(jump.status).toBe(422);
    expect(await problemCode(jump)).toBe('progress_implausible');
    // Values outside the chapter and more than 20 intervals are invalid.
    const outside = await progress('learner', 'wound-care', 'cleaning', {
      intervals: [[100, 121]],
      position: 110,
    });
    expect(outside.status).toBe(400);
    expect(problemSchema.parse(await outside.json()).errors?.map((e) => e.path)).toEqual(['intervals.0']);
    const tooMany = await progress('learner', 'wound-care', 'cleaning', {
      intervals: Array.from({ length: 21 }, (_, i) => [i, i + 0.5]),
      position: 1,
    });
    expect(tooMany.status).toBe(400);
    // None of the refusals changed the stored document.
    expect((await storedProgress('learner', 'wound-care', 'cleaning'))?._etag).toBe(afterAccepted?._etag);

    const next = await progress('learner', 'wound-care', 'cleaning', { intervals: [[3, 7]], position: 7 });
    expect(next.status).toBe(200);
    expect((await storedProgress('learner', 'wound-care', 'cleaning'))?.intervals).toEqual([[0, 7]]);
  });

  it('credits at most the wall-clock time elapsed per learner, across chapters reported in parallel', async () => {
    // A learner scripting the api: opens every chapter, then reports them all at once.
    const started = Date.now();
    expect((await enrol('admin', 'parallel-watch')).status).toBe(200);
    for (const chapter of ['a', 'b', 'c', 'd']) {
      expect((await videoLink('admin', 'parallel-watch', chapter)).status).toBe(200);
    }
    const responses = await Promise.all(
      ['a', 'b', 'c', 'd'].map((chapter) =>
        progress('admin', 'parallel-watch', chapter, { intervals: [[0, 5]], position: 5 }),
      ),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((status) => status === 200 || status === 422)).toBe(true);
    const credited = statuses.filter((status) => status === 200).length * 5;
    // At most 2× the wall-clock time since the first opening, plus one slack of 5 s for the session.
    expect(credited).toBeLessThanOrEqual(2 * elapsedSeconds + 5);
    let stored = 0;
    for (const chapter of ['a', 'b', 'c', 'd']) {
      const doc = await storedProgress('admin', 'parallel-watch', chapter);
      stored += (doc?.intervals ?? []).reduce((total, [start = 0, end = 0]) => total + end - start, 0);
    }
    expect(stored).toBe(credited);
  });

  it('completes a chapter under the `watched` rule once the coverage reaches the percent', async () => {
    expect((await enrol('learner', 'quick-check')).status).toBe(200);
    expect((await videoLink('learner', 'quick-check', 'only')).status).toBe(200);
    // The learner's watch clock: 2 s per second since the session started, across chapters (the
    // previous test's reports spent part of it), so 7.5 s are credited after at most 4 s on the api's clock.
    clock.advance(4_000);
    const response = await progress('learner', 'quick-check', 'only', {
      intervals: [[0, 7.5]],
      position: 7.5,
    });
    expect(response.status).toBe(200);
    const state = progressResultSchema.parse(await response.json());
    expect(state.chapter).toMatchObject({ completed: true, watchedPercent: 93 });
    expect(state).toMatchObject({ quizUnlocked: true, progress: { completedChapters: 1, totalChapters: 1 } });
    const dashboard = dashboardSchema.parse(
      await (await stack.call('learner', 'GET', 'me/trainings')).json(),
    );
    expect(dashboard.items.find((i) => i.trainingId === 'quick-check')?.nextStep).toEqual({ kind: 'quiz' });
  });

  it('answers 404 for a chapter of another training and 403 when not enrolled, recording nothing', async () => {
    const foreign = await progress('learner', 'wound-care', 'only', { intervals: [[0, 1]], position: 1 });
    expect(foreign.status).toBe(404);
    const notEnrolled = await progress('otherLearner', 'wound-care', 'intro', {
      intervals: [[0, 1]],
      position: 1,
    });
    expect(notEnrolled.status).toBe(403);
    expect(await problemCode(notEnrolled)).toBe('not_enrolled');
    expect(await storedProgress('otherLearner', 'wound-care', 'intro')).toBeUndefined();
  });
});
