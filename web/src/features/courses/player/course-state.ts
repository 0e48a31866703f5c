// How the cached course view follows what the api answers while the learner plays: a progress report or a new
// video link (opening a chapter completes it under the `launch` rule, so the last one opens the quiz at once).
import type { CompletionRule, CourseView, NextStep, ProgressResult } from '@soins/shared';
import type { MessageKey, MessageParams } from '../../../i18n';

export type ChapterUpdate = Pick<ProgressResult, 'chapter'> & Partial<Omit<ProgressResult, 'chapter'>>;

/** The course view with one chapter's new state, the training's progress and the next step that follow. */
export function withChapterState(course: CourseView, update: ChapterUpdate): CourseView {
  // The title stays the cached one: it is in the language this view was asked in.
  const chapters = course.chapters.map((chapter) =>
    chapter.id === update.chapter.id ? { ...update.chapter, title: chapter.title } : chapter,
  );
  const quizUnlocked = update.quizUnlocked ?? course.quizUnlocked;
  // The next chapter is not changed under the learner's eyes (the player shows the next step when no chapter is
  // asked for); only the quiz opening is news.
  const nextStep: NextStep =
    quizUnlocked && course.nextStep.kind === 'chapter' ? { kind: 'quiz' } : course.nextStep;
  return {
    ...course,
    lastChapterId: update.chapter.id,
    chapters,
    ...(update.progress ? { progress: update.progress } : {}),
    quizUnlocked,
    nextStep,
  };
}

/** True when the update changes what the learner's trainings list shows (progress or the quiz opening). */
export function changesTrainingList(course: CourseView | undefined, update: ChapterUpdate): boolean {
  if (!course) return true;
  return (
    (update.progress !== undefined &&
      update.progress.completedChapters !== course.progress.completedChapters) ||
    (update.quizUnlocked !== undefined && update.quizUnlocked !== course.quizUnlocked)
  );
}

/** The player's help text, true to the chapter's completion rule. */
export function completionHint(
  rule: CompletionRule,
  duration: string,
  percent: (value: number) => string,
): { key: MessageKey; params: MessageParams } {
  return rule.kind === 'launch'
    ? { key: 'courses.player.hint.launch', params: { duration } }
    : { key: 'courses.player.hint.watched', params: { duration, percent: percent(rule.percent) } };
}
