// Course player use cases with in-memory ports: enrolment rules, dashboard and course view, opening
// a chapter, progress reports (accepted, refused without a trace, concurrency) and CourseCompletion.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProgressReport, Training } from '@soins/shared';
import { LearningCourseCompletion } from '../src/domain/learning/completion';
import type { ChapterProgress, QuizStatus } from '../src/domain/learning/model';
import {
  EnrolInTraining,
  GetCourseView,
  GetDashboard,
  OpenChapterVideo,
  ReportProgress,
  videoLinkMinutes,
} from '../src/domain/learning/use-cases';
import { ManualClock } from './fakes/email-fakes';
import {
  FakeVideoFiles,
  MemoryLearningRepository,
  MemoryTrainingRepository,
  sampleTraining,
} from './fakes/learning-fakes';

const marie = 'user-marie';
const jan = 'user-jan';

let clock: ManualClock;
let learning: MemoryLearningRepository;
let trainings: MemoryTrainingRepository;
let files: FakeVideoFiles;
let subscribed: Set<string>;
let passedQuiz: Set<string>;

const hasActiveSubscription = (userId: string) => Promise.resolve(subscribed.has(userId));
const quiz: QuizStatus = {
  passed: (userId, trainingId) => Promise.resolve(passedQuiz.has(`${userId}/${trainingId}`)),
};

const core = () => ({ learning, trainings, clock });
const enrol = () => new EnrolInTraining({ ...core(), hasActiveSubscription });
const open = () => new OpenChapterVideo({ ...core(), files, hasActiveSubscription });
const report = () => new ReportProgress(core());
const course = (withQuiz = true) => new GetCourseView({ ...core(), ...(withQuiz ? { quiz } : {}) });
const dashboard = (withQuiz = true) => new GetDashboard({ ...core(), ...(withQuiz ? { quiz } : {}) });

function addTraining(over: Partial<Training> = {}): Training {
  const training = sampleTraining(over);
  trainings.trainings.set(training.trainingId, training);
  return training;
}

async function enrolled(userId = marie, trainingId = 'wound-care'): Promise<void> {
  subscribed.add(userId);
  const result = await enrol().execute({ userId, trainingId });
  if (!result.ok) throw new Error(result.error.code);
}

async function openChapter(chapterId: string, userId = marie, trainingId = 'wound-care') {
  return open().execute({ userId, language: 'fr', trainingId, chapterId });
}

async function send(chapterId: string, body: ProgressReport, userId = marie, trainingId = 'wound-care') {
  return report().execute({ userId, language: 'fr', trainingId, chapterId, report: body });
}

/** Plays a chapter in real time from `from` to `to`, one report every `step` seconds. */
async function play(chapterId: string, from: number, to: number, step = 10): Promise<void> {
  for (let at = from; at < to; at += step) {
    const end = Math.min(to, at + step);
    clock.advance((end - at) * 1000);
    const result = await send(chapterId, { intervals: [[at, end]], position: end });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  }
}

beforeEach(() => {
  clock = new ManualClock();
  learning = new MemoryLearningRepository();
  trainings = new MemoryTrainingRepository();
  files = new FakeVideoFiles();
  subscribed = new Set();
  passedQuiz = new Set();
  addTraining();
});

describe('enrolment', () => {
  it('enrols a subscribed learner in a paid training, once (enrolling again answers the same)', async () => {
    subscribed.add(marie);
    const first = await enrol().execute({ userId: marie, trainingId: 'wound-care' });
    expect(first).toEqual({
      ok: true,
      value: { trainingId: 'wound-care', enrolledAt: '2026-11-25T10:00:00.000Z' },
    });
    clock.advance(60_000);
    const again = await enrol().execute({ userId: marie, trainingId: 'wound-care' });
    expect(again).toEqual(first);
    expect(await learning.listEnrolments(marie)).toHaveLength(1);
  });

  it('enrols anyone signed in in a free training', async () => {
    addTraining({ trainingId: 'hand-hygiene', free: true });
    const result = await enrol().execute({ userId: jan, trainingId: 'hand-hygiene' });
    expect(result.ok).toBe(true);
  });

  it('refuses a paid training without an active subscription, and records nothing', async () => {
    const result = await enrol().execute({ userId: jan, trainingId: 'wound-care' });
    expect(result).toMatchObject({ ok: false, error: { code: 'subscription_required' } });
    expect(learning.writes).toBe(0);
  });

  it.each(['draft', 'archived'] as const)('answers not found for a %s training', async (status) => {
    addTraining({ trainingId: 'hidden', status, free: true });
    const result = await enrol().execute({ userId: marie, trainingId: 'hidden' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers not found for an unknown training', async () => {
    const result = await enrol().execute({ userId: marie, trainingId: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps an existing enrolment when the training is later unpublished or the subscription ends', async () => {
    await enrolled();
    subscribed.delete(marie);
    addTraining({ status: 'archived' });
    const again = await enrol().execute({ userId: marie, trainingId: 'wound-care' });
    expect(again.ok).toBe(true);
  });
});

describe('opening a chapter', () => {
  it('answers a link of at most 10 minutes to the video in the learner’s language', async () => {
    await enrolled();
    const result = await openChapter('intro');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.language).toBe('fr');
    expect(files.issued).toEqual([{ blobName: 'wound-care/intro.fr.mp4', minutes: videoLinkMinutes }]);
    expect(videoLinkMinutes).toBeLessThanOrEqual(10);
    expect(result.value.chapter).toMatchObject({ id: 'intro', title: 'Introduction', completed: false });
  });

  it('honours the requested language and falls back to the other one', async () => {
    await enrolled();
    const nl = await open().execute({
      userId: marie,
      language: 'fr',
      trainingId: 'wound-care',
      chapterId: 'intro',
      requestedLanguage: 'nl',
    });
    expect(nl.ok && nl.value.language).toBe('nl');
    const onlyFr = await open().execute({
      userId: marie,
      language: 'nl',
      trainingId: 'wound-care',
      chapterId: 'cleaning',
    });
    expect(onlyFr.ok && onlyFr.value.language).toBe('fr');
    expect(files.issued.map((i) => i.blobName)).toEqual([
      'wound-care/intro.nl.mp4',
      'wound-care/cleaning.fr.mp4',
    ]);
  });

  it('requires the enrolment (403), a chapter of this training (404) and a known training (404)', async () => {
    addTraining({ trainingId: 'other-training' });
    expect(await openChapter('intro')).toMatchObject({ ok: false, error: { code: 'not_enrolled' } });
    await enrolled();
    expect(await openChapter('no-such-chapter')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await openChapter('intro', marie, 'unknown')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(files.issued).toEqual([]);
  });

  it('stops playback of a paid training once the subscription has lapsed', async () => {
    await enrolled();
    subscribed.delete(marie);
    expect(await openChapter('intro')).toMatchObject({ ok: false, error: { code: 'subscription_required' } });
  });

  it('completes the chapter on opening under the `launch` rule, and remembers the last chapter', async () => {
    addTraining({ completionRule: { kind: 'launch' } });
    await enrolled();
    const result = await openChapter('cleaning');
    expect(result.ok && result.value.chapter.completed).toBe(true);
    const view = await course().execute({ userId: marie, language: 'fr', trainingId: 'wound-care' });
    expect(view.ok && view.value.lastChapterId).toBe('cleaning');
    expect(view.ok && view.value.chapters.map((c) => c.completed)).toEqual([false, true, false]);
  });

  it('answers the training’s progress with the link: opening the last chapter under `launch` unlocks the quiz', async () => {
    addTraining({ completionRule: { kind: 'launch' } });
    await enrolled();
    const first = await openChapter('intro');
    expect(first.ok && { progress: first.value.progress, quizUnlocked: first.value.quizUnlocked }).toEqual({
      progress: { completedChapters: 1, totalChapters: 3, percent: 33 },
      quizUnlocked: false,
    });
    await openChapter('cleaning');
    const last = await openChapter('dressing');
    expect(last.ok && { progress: last.value.progress, quizUnlocked: last.value.quizUnlocked }).toEqual({
      progress: { completedChapters: 3, totalChapters: 3, percent: 100 },
      quizUnlocked: true,
    });
  });

  it('does not complete the chapter on opening under the `watched` rule', async () => {
    await enrolled();
    const result = await openChapter('intro');
    expect(result.ok && result.value.chapter.completed).toBe(false);
  });

  it('follows a chapter’s own completion rule over the training’s', async () => {
    const training = sampleTraining();
    addTraining({
      chapters: training.chapters.map((chapter) =>
        chapter.id === 'cleaning' ? { ...chapter, completionRule: { kind: 'launch' } } : chapter,
      ),
    });
    await enrolled();
    expect((await openChapter('cleaning')).ok && files.issued.length).toBe(1);
    const intro = await openChapter('intro');
    expect(intro.ok && intro.value.chapter.completed).toBe(false);
    const view = await course().execute({ userId: marie, language: 'fr', trainingId: 'wound-care' });
    expect(view.ok && view.value.chapters.map((c) => c.completed)).toEqual([false, true, false]);
    // The player's help text reads each chapter's own rule from the course view.
    expect(view.ok && view.value.chapters.map((c) => c.completionRule)).toEqual([
      { kind: 'watched', percent: 90 },
      { kind: 'launch' },
      { kind: 'watched', percent: 90 },
    ]);
  });

  it('links the chapter’s captions (every language) and its handout (the video’s language first)', async () => {
    const training = sampleTraining();
    addTraining({
      chapters: training.chapters.map((chapter) =>
        chapter.id === 'intro'
          ? {
              ...chapter,
              captions: { fr: 'wound-care/intro/c.fr.vtt', nl: 'wound-care/intro/c.nl.vtt' },
              handout: { fr: 'wound-care/intro/h.fr.pdf' },
            }
          : chapter,
      ),
    });
    await enrolled();
    const result = await open().execute({
      userId: marie,
      language: 'fr',
      trainingId: 'wound-care',
      chapterId: 'intro',
      requestedLanguage: 'nl',
    });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.captions.map((c) => [c.language, c.url])).toEqual([
      ['nl', 'https://videos.example/wound-care/intro/c.nl.vtt?sig=x'],
      ['fr', 'https://videos.example/wound-care/intro/c.fr.vtt?sig=x'],
    ]);
    expect(result.value.handout).toMatchObject({ language: 'fr' });
    const plain = await openChapter('cleaning');
    expect(plain.ok && [plain.value.captions, plain.value.handout]).toEqual([[], null]);
  });
});

describe('progress reports', () => {
  beforeEach(async () => {
    await enrolled();
    await openChapter('intro');
  });

  it('merges intervals, stores the position and answers the chapter’s new state', async () => {
    clock.advance(10_000);
    const first = await send('intro', { intervals: [[0, 10]], position: 10 });
    expect(first).toMatchObject({
      ok: true,
      value: {
        chapter: { id: 'intro', completed: false, resumePositionSeconds: 10, watchedPercent: 16 },
        progress: { completedChapters: 0, totalChapters: 3, percent: 0 },
        quizUnlocked: false,
      },
    });
    clock.advance(10_000);
    await send('intro', { intervals: [[5, 20]], position: 20 });
    const stored = await learning.getProgress(marie, 'wound-care', 'intro');
    expect(stored?.value.intervals).toEqual([[0, 20]]);
  });

  it('completes the chapter at 90 % under the `watched` rule and never un-completes it', async () => {
    await play('intro', 0, 54);
    const view = await course().execute({ userId: marie, language: 'fr', trainingId: 'wound-care' });
    expect(view.ok && view.value.chapters[0]).toMatchObject({ completed: true, watchedPercent: 90 });
    // The rule tightens afterwards: the recorded completion stays.
    addTraining({ completionRule: { kind: 'watched', percent: 100 } });
    clock.advance(3_000);
    const later = await send('intro', { intervals: [], position: 0 });
    expect(later.ok && later.value.chapter.completed).toBe(true);
  });

  it('refuses a whole chapter reported in one request (jump), recording nothing', async () => {
    clock.advance(1_000);
    const before = structuredClone([...learning.docs.entries()]);
    const result = await send('intro', { intervals: [[0, 60]], position: 60 });
    expect(result).toMatchObject({ ok: false, error: { code: 'progress_implausible' } });
    expect([...learning.docs.entries()]).toEqual(before);
  });

  it('credits twice the elapsed time plus one 5 s slack per session, not per report', async () => {
    clock.advance(10_000);
    expect((await send('intro', { intervals: [[0, 25]], position: 25 })).ok).toBe(true); // 25 ≤ 2×10+5
    clock.advance(5_000);
    const tooMuch = await send('intro', { intervals: [[25, 40.5]], position: 40 }); // 15.5 > 2×5
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'progress_implausible' } });
    // The old per-report slack is gone: 15 s after 5 s is refused too…
    expect(await send('intro', { intervals: [[25, 40]], position: 40 })).toMatchObject({ ok: false });
    const fine = await send('intro', {
      intervals: [
        [0, 25],
        [25, 35],
      ],
      position: 35,
    }); // …while 10 s is fine, and old seconds count once
    expect(fine.ok).toBe(true);
  });

  it('shares one allowance between chapters reported at the same time', async () => {
    await openChapter('cleaning');
    clock.advance(10_000);
    // 25 s may be credited in all: both reports together ask for 40.
    const [intro, cleaning] = await Promise.all([
      send('intro', { intervals: [[0, 20]], position: 20 }),
      send('cleaning', { intervals: [[0, 20]], position: 20 }),
    ]);
    expect([intro.ok, cleaning.ok].filter(Boolean)).toHaveLength(1);
    const credited = [...learning.docs.values()]
      .map((doc) => doc.value)
      .filter((value): value is ChapterProgress => 'intervals' in value)
      .reduce((total, progress) => total + progress.intervals.reduce((t, [a, b]) => t + b - a, 0), 0);
    expect(credited).toBe(20);
  });

  it('rate-limits reports of a chapter to one per 2 s with a Retry-After, recording nothing', async () => {
    clock.advance(5_000);
    expect((await send('intro', { intervals: [[0, 5]], position: 5 })).ok).toBe(true);
    clock.advance(500);
    const writes = learning.writes;
    const early = await send('intro', { intervals: [[5, 6]], position: 6 });
    expect(early).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: 2 } });
    expect(learning.writes).toBe(writes);
    clock.advance(1_500);
    expect((await send('intro', { intervals: [[5, 9]], position: 9 })).ok).toBe(true);
  });

  it('does not rate-limit reports of different chapters against each other', async () => {
    await openChapter('cleaning');
    clock.advance(3_000);
    expect((await send('intro', { intervals: [[0, 3]], position: 3 })).ok).toBe(true);
    expect((await send('cleaning', { intervals: [[0, 3]], position: 3 })).ok).toBe(true);
  });

  it.each<[string, ProgressReport, string]>([
    ['past the duration', { intervals: [[50, 61]], position: 55 }, 'intervals.0'],
    [
      'reversed',
      {
        intervals: [
          [0, 1],
          [9, 5],
        ],
        position: 5,
      },
      'intervals.1',
    ],
    ['a position past the end', { intervals: [[0, 5]], position: 70 }, 'position'],
  ])('refuses values %s with the field’s path, recording nothing', async (_name, body, path) => {
    clock.advance(10_000);
    const writes = learning.writes;
    const result = await send('intro', body);
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.code === 'validation_failed') {
      expect(result.error.errors.map((e) => e.path)).toContain(path);
    } else {
      expect.fail('expected validation_failed');
    }
    expect(learning.writes).toBe(writes);
  });

  it('refuses a report before the chapter was ever opened', async () => {
    clock.advance(10_000);
    const result = await send('cleaning', { intervals: [[0, 5]], position: 5 });
    expect(result).toMatchObject({ ok: false, error: { code: 'progress_implausible' } });
  });

  it('answers 404 for a chapter of another training and 403 when not enrolled', async () => {
    addTraining({ trainingId: 'other-training', free: true });
    clock.advance(10_000);
    expect(await send('intro', { intervals: [[0, 5]], position: 5 }, marie, 'other-training')).toMatchObject({
      ok: false,
      error: { code: 'not_enrolled' },
    });
    expect(await send('dressing-xyz', { intervals: [[0, 5]], position: 5 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await send('intro', { intervals: [[0, 5]], position: 5 }, jan)).toMatchObject({
      ok: false,
      error: { code: 'not_enrolled' },
    });
  });

  it('retries on a concurrent change and re-checks the rules against the fresh document', async () => {
    clock.advance(10_000);
    // Another instance accepts a report between our read and our write.
    learning.beforeNextReplace = () => {
      const stored = learning.docs.get(`${marie}/progress:wound-care:intro`);
      if (!stored) throw new Error('missing');
      learning.touchProgress({
        ...(stored.value as ChapterProgress),
        intervals: [[0, 8]],
        lastReportAt: clock.now().toISOString(),
      });
    };
    const result = await send('intro', { intervals: [[0, 10]], position: 10 });
    // The fresh document shows a report just now: ours is too soon.
    expect(result).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((await learning.getProgress(marie, 'wound-care', 'intro'))?.value.intervals).toEqual([[0, 8]]);
  });

  it('retries on a concurrent change that does not affect the rules, and merges over it', async () => {
    clock.advance(10_000);
    learning.beforeNextReplace = () => {
      const stored = learning.docs.get(`${marie}/progress:wound-care:intro`);
      if (!stored) throw new Error('missing');
      // A new video link was issued meanwhile (another tab): only the etag changes.
      learning.touchProgress({
        ...(stored.value as ChapterProgress),
      });
    };
    const result = await send('intro', { intervals: [[0, 10]], position: 10 });
    expect(result.ok).toBe(true);
    expect((await learning.getProgress(marie, 'wound-care', 'intro'))?.value.intervals).toEqual([[0, 10]]);
  });
});

describe('dashboard and course view', () => {
  it('lists the enrolled trainings with localized titles, progress and next step', async () => {
    addTraining({
      trainingId: 'hand-hygiene',
      free: true,
      languages: ['fr'],
      title: { fr: 'Hygiène des mains' },
    });
    await enrolled(jan);
    clock.advance(60_000);
    await enrolled(jan, 'hand-hygiene');
    const result = await dashboard().execute({ userId: jan, language: 'nl' });
    expect(result.items).toEqual([
      {
        trainingId: 'hand-hygiene',
        language: 'fr', // not offered in Dutch
        title: 'Hygiène des mains',
        enrolledAt: '2026-11-25T10:01:00.000Z',
        progress: { completedChapters: 0, totalChapters: 3, percent: 0 },
        nextStep: { kind: 'chapter', chapterId: 'intro', title: 'Introduction' },
      },
      {
        trainingId: 'wound-care',
        language: 'nl',
        title: 'Wondzorg',
        enrolledAt: '2026-11-25T10:00:00.000Z',
        progress: { completedChapters: 0, totalChapters: 3, percent: 0 },
        nextStep: { kind: 'chapter', chapterId: 'intro', title: 'Inleiding' },
      },
    ]);
    expect((await dashboard().execute({ userId: marie, language: 'fr' })).items).toEqual([]);
  });

  it('moves the next step through the chapters to the quiz, then done once the quiz port says passed', async () => {
    addTraining({ completionRule: { kind: 'launch' } });
    await enrolled();
    await openChapter('intro');
    let item = (await dashboard().execute({ userId: marie, language: 'fr' })).items[0];
    expect(item?.nextStep).toEqual({ kind: 'chapter', chapterId: 'cleaning', title: 'Nettoyage' });
    expect(item?.progress).toEqual({ completedChapters: 1, totalChapters: 3, percent: 33 });
    await openChapter('cleaning');
    await openChapter('dressing');
    item = (await dashboard().execute({ userId: marie, language: 'fr' })).items[0];
    expect(item?.nextStep).toEqual({ kind: 'quiz' });
    expect(item?.completedAt).toBe('2026-11-25T10:00:00.000Z');
    const view = await course().execute({ userId: marie, language: 'fr', trainingId: 'wound-care' });
    expect(view.ok && view.value.quizUnlocked).toBe(true);
    passedQuiz.add(`${marie}/wound-care`);
    item = (await dashboard().execute({ userId: marie, language: 'fr' })).items[0];
    expect(item?.nextStep).toEqual({ kind: 'done' });
    // Without a quiz port, a quiz never counts as passed.
    item = (await dashboard(false).execute({ userId: marie, language: 'fr' })).items[0];
    expect(item?.nextStep).toEqual({ kind: 'quiz' });
  });

  it('shows the course view with per-chapter state; 403 when not enrolled, 404 for unknown or draft', async () => {
    await enrolled();
    await openChapter('intro');
    await play('intro', 0, 30);
    const view = await course().execute({ userId: marie, language: 'fr', trainingId: 'wound-care' });
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    expect(view.value).toMatchObject({
      trainingId: 'wound-care',
      title: 'Soins des plaies',
      completionRule: { kind: 'watched', percent: 90 },
      quizUnlocked: false,
      lastChapterId: 'intro',
    });
    expect(view.value.chapters[0]).toEqual({
      id: 'intro',
      title: 'Introduction',
      durationSeconds: 60,
      videoLanguages: ['fr', 'nl'],
      completionRule: { kind: 'watched', percent: 90 },
      completed: false,
      resumePositionSeconds: 30,
      watchedPercent: 50,
    });
    expect(view.value.chapters[2]?.videoLanguages).toEqual(['nl']);
    expect(await course().execute({ userId: jan, language: 'fr', trainingId: 'wound-care' })).toMatchObject({
      ok: false,
      error: { code: 'not_enrolled' },
    });
    addTraining({ trainingId: 'draft-one', status: 'draft' });
    expect(await course().execute({ userId: jan, language: 'fr', trainingId: 'draft-one' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await course().execute({ userId: jan, language: 'fr', trainingId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('CourseCompletion', () => {
  const completion = () => new LearningCourseCompletion({ learning, trainings });

  it('is true only for an enrolled learner with every chapter completed', async () => {
    expect(await completion().completedTraining(marie, 'wound-care')).toBe(false);
    await enrolled();
    expect(await completion().completedTraining(marie, 'wound-care')).toBe(false);
    await openChapter('intro');
    await play('intro', 0, 54);
    await openChapter('cleaning');
    await play('cleaning', 0, 110);
    expect(await completion().completedTraining(marie, 'wound-care')).toBe(false);
    await openChapter('dressing');
    await play('dressing', 0, 27);
    expect(await completion().completedTraining(marie, 'wound-care')).toBe(true);
    expect(await completion().completedTraining(jan, 'wound-care')).toBe(false);
    expect(await completion().completedTraining(marie, 'unknown')).toBe(false);
  });

  it('judges against the training the caller has just read, without reading it again', async () => {
    await enrolled();
    const training = await trainings.get('wound-care');
    if (!training) throw new Error('no training');
    const unreadable = { get: () => Promise.reject(new Error('read again')) };
    const judged = new LearningCourseCompletion({ learning, trainings: unreadable });
    // One chapter under a copy whose only chapter is the first: completed by that copy's rule.
    await openChapter('intro');
    await play('intro', 0, 54);
    const oneChapter = { ...training, chapters: training.chapters.slice(0, 1) };
    expect(await judged.completedTraining(marie, 'wound-care', { training: oneChapter })).toBe(true);
    expect(await judged.completedTraining(marie, 'wound-care', { training })).toBe(false);
  });
});
