// Drawing an attempt: which questions of the bank, and in which order their options are shown.
import type { Question } from '@soins/shared';
import type { DrawnQuestion, RandomSource } from './model';

/** A uniformly shuffled copy (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], random: RandomSource): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Draws `count` distinct questions at random from the bank (all of them if the bank is smaller),
 * shuffles each question's options and copies the texts.
 */
export function drawQuestions(
  bank: readonly Question[],
  count: number,
  random: RandomSource,
): DrawnQuestion[] {
  return shuffle(bank, random)
    .slice(0, Math.min(count, bank.length))
    .map((question) => {
      const options = shuffle(question.options, random).map((option) => ({
        id: option.id,
        text: { ...option.text },
      }));
      return {
        questionId: question.id,
        type: question.type,
        optionIds: options.map((option) => option.id),
        correctOptionIds: question.options.filter((option) => option.correct).map((option) => option.id),
        // The texts are copied so that the attempt and its result read what the learner was shown.
        prompt: { ...question.prompt },
        options,
        ...(question.explanation ? { explanation: { ...question.explanation } } : {}),
      };
    });
}
