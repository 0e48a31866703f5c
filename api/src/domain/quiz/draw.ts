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
 * Draws `count` distinct questions at random from the bank (all of them if the bank is smaller) and
 * shuffles each question's options.
 */
export function drawQuestions(
  bank: readonly Question[],
  count: number,
  random: RandomSource,
): DrawnQuestion[] {
  return shuffle(bank, random)
    .slice(0, Math.min(count, bank.length))
    .map((question) => ({
      questionId: question.id,
      type: question.type,
      optionIds: shuffle(
        question.options.map((option) => option.id),
        random,
      ),
      correctOptionIds: question.options.filter((option) => option.correct).map((option) => option.id),
    }));
}
