import type { CourseChapter, CourseView } from '@soins/shared';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { translate } from '../../../i18n';
import { courseQueryKey, myTrainingsQueryKey, storeChapterState } from '../queries';
import { changesTrainingList, completionHint, withChapterState } from './course-state';
import { currentChapterOf } from './PlayerPage';

const chapter = (id: string, completed: boolean): CourseChapter => ({
  id,
  title: id,
  durationSeconds: 6,
  videoLanguages: ['fr', 'nl'],
  completionRule: { kind: 'launch' },
  completed,
  resumePositionSeconds: 0,
  watchedPercent: 0,
});

const course: CourseView = {
  trainingId: 'chronic-wound-care',
  language: 'fr',
  title: 'Soins de plaies chroniques',
  summary: '',
  languages: ['fr', 'nl'],
  enrolledAt: '2026-01-01T00:00:00.000Z',
  completionRule: { kind: 'launch' },
  chapters: [chapter('a', true), chapter('b', true), chapter('c', false)],
  progress: { completedChapters: 2, totalChapters: 3, percent: 66 },
  quizUnlocked: false,
  nextStep: { kind: 'chapter', chapterId: 'c', title: 'c' },
};

/** What the api answers when the last chapter is opened under the `launch` rule. */
const lastOpened = {
  chapter: chapter('c', true),
  progress: { completedChapters: 3, totalChapters: 3, percent: 100 },
  quizUnlocked: true,
};

describe('the course view follows the chapter that was just opened', () => {
  it('opening the last chapter under `launch` updates the progress and opens the quiz at once', () => {
    const next = withChapterState(course, lastOpened);
    expect(next.progress).toEqual(lastOpened.progress);
    expect(next.quizUnlocked).toBe(true);
    expect(next.nextStep).toEqual({ kind: 'quiz' });
    expect(next.lastChapterId).toBe('c');
  });

  it('keeps the player on the chapter being watched when it completes (no jump to the next one)', () => {
    const fresh: CourseView = {
      ...course,
      chapters: [chapter('a', false), chapter('b', false), chapter('c', false)],
      nextStep: { kind: 'chapter', chapterId: 'a', title: 'a' },
    };
    const next = withChapterState(fresh, { chapter: chapter('a', true) });
    expect(next.nextStep).toEqual({ kind: 'chapter', chapterId: 'a', title: 'a' });
    expect(currentChapterOf(next, undefined)?.id).toBe('a');
    expect(next.quizUnlocked).toBe(false);
  });

  it('stores it in the query cache and refreshes the trainings list only when progress changed', async () => {
    const client = new QueryClient();
    client.setQueryData(courseQueryKey(course.trainingId), course);
    client.setQueryData(myTrainingsQueryKey, { items: [] });
    storeChapterState(client, course.trainingId, lastOpened);
    expect(client.getQueryData<CourseView>(courseQueryKey(course.trainingId))?.quizUnlocked).toBe(true);
    expect(client.getQueryState(myTrainingsQueryKey)?.isInvalidated).toBe(true);
    expect(changesTrainingList(course, { chapter: chapter('a', true) })).toBe(false);
    await client.cancelQueries();
  });
});

describe('the player’s help text matches the chapter’s rule', () => {
  const percent = (value: number) => `${String(value)} %`;

  it('says a `launch` chapter counts once opened, without speaking of watched parts', () => {
    const { key, params } = completionHint({ kind: 'launch' }, '6 s', percent);
    const text = translate('fr', key, params);
    expect(text).toContain('dès que vous l’ouvrez');
    expect(text).not.toMatch(/regardé/);
    expect(translate('nl', key, params)).toContain('zodra u het opent');
  });

  it('says how much of a `watched` chapter must be seen', () => {
    const { key, params } = completionHint({ kind: 'watched', percent: 90 }, '4 min', percent);
    expect(translate('fr', key, params)).toContain('regardé 90 %');
    expect(translate('nl', key, params)).toContain('90 % van bekeken');
  });
});
