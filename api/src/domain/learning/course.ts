// Pure views of a learner's course: chapter states, training progress and the next step.
import {
  chapterCompletionRule,
  contentLanguages,
  localized,
  type ContentLanguage,
  type CourseChapter,
  type NextStep,
  type Training,
  type TrainingProgress,
} from '@soins/shared';
import type { ChapterProgress } from './model';
import { isChapterCompleted, watchedPercent } from './progress';

export function chapterView(
  training: Training,
  chapterId: string,
  progress: ChapterProgress | undefined,
  language: ContentLanguage,
): CourseChapter | undefined {
  const chapter = training.chapters.find((c) => c.id === chapterId);
  if (!chapter) return undefined;
  const completionRule = chapterCompletionRule(training, chapter);
  const completed = isChapterCompleted(completionRule, progress, chapter.durationSeconds);
  const completedAt = progress?.completedAt;
  return {
    id: chapter.id,
    title: localized(chapter.title, language),
    durationSeconds: chapter.durationSeconds,
    videoLanguages: contentLanguages.filter((l) => chapter.video[l] !== undefined),
    completionRule,
    completed,
    ...(completed && completedAt ? { completedAt } : {}),
    resumePositionSeconds: Math.min(progress?.position ?? 0, chapter.durationSeconds),
    watchedPercent: watchedPercent(progress?.intervals ?? [], chapter.durationSeconds),
  };
}

export interface CourseState {
  readonly chapters: CourseChapter[];
  readonly progress: TrainingProgress;
  readonly allCompleted: boolean;
}

/** Every chapter's state, in the training's order, from the learner's progress documents. */
export function courseState(
  training: Training,
  progress: readonly ChapterProgress[],
  language: ContentLanguage,
): CourseState {
  const byChapter = new Map(
    progress.filter((p) => p.trainingId === training.trainingId).map((p) => [p.chapterId, p]),
  );
  const chapters = training.chapters.flatMap((c) => {
    const view = chapterView(training, c.id, byChapter.get(c.id), language);
    return view ? [view] : [];
  });
  const completedChapters = chapters.filter((c) => c.completed).length;
  const totalChapters = chapters.length;
  return {
    chapters,
    progress: {
      completedChapters,
      totalChapters,
      percent: totalChapters === 0 ? 0 : Math.floor((completedChapters * 100) / totalChapters),
    },
    allCompleted: totalChapters > 0 && completedChapters === totalChapters,
  };
}

/** The first chapter not completed; else the quiz; else done once the quiz is passed. */
export function nextStep(state: CourseState, quizPassed: boolean): NextStep {
  const next = state.chapters.find((c) => !c.completed);
  if (next) return { kind: 'chapter', chapterId: next.id, title: next.title };
  return quizPassed ? { kind: 'done' } : { kind: 'quiz' };
}
