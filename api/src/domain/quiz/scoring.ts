// Checking and scoring a submission. All-or-nothing: a single-choice question is right when exactly its
// correct option is chosen; a multiple-choice question when the chosen set equals the correct set (no
// partial credit, so ticking every box never scores). The attempt passes at `passPercent` or more.
import type { Answer, DrawnQuestion } from './model';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Every reason the answers do not fit the attempt's questions (empty when they fit). */
export function answerIssues(questions: readonly DrawnQuestion[], answers: readonly Answer[]): FieldIssue[] {
  const byId = new Map(questions.map((question) => [question.questionId, question]));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  answers.forEach((answer, index) => {
    const question = byId.get(answer.questionId);
    if (!question) {
      issues.push({ path: `answers.${index}.questionId`, message: 'not a question of this attempt' });
      return;
    }
    if (seen.has(answer.questionId)) {
      issues.push({ path: `answers.${index}.questionId`, message: 'question answered twice' });
    }
    seen.add(answer.questionId);
    const options = new Set(question.optionIds);
    answer.optionIds.forEach((optionId, optionIndex) => {
      if (!options.has(optionId)) {
        issues.push({
          path: `answers.${index}.optionIds.${optionIndex}`,
          message: 'not an option of this question',
        });
      }
    });
    if (new Set(answer.optionIds).size !== answer.optionIds.length) {
      issues.push({ path: `answers.${index}.optionIds`, message: 'an option is chosen twice' });
    }
    if (question.type === 'single' && answer.optionIds.length > 1) {
      issues.push({
        path: `answers.${index}.optionIds`,
        message: 'a single-choice question takes one option',
      });
    }
  });
  return issues;
}

export function isRight(question: DrawnQuestion, chosen: readonly string[]): boolean {
  const correct = new Set(question.correctOptionIds);
  const picked = new Set(chosen);
  return picked.size === correct.size && [...picked].every((id) => correct.has(id));
}

export interface Score {
  readonly correctCount: number;
  /** Floored to two decimals, so a failing score never displays as the pass mark. */
  readonly scorePercent: number;
  readonly passed: boolean;
}

/** Scores answers already checked by `answerIssues`; an unanswered question is wrong. */
export function score(
  questions: readonly DrawnQuestion[],
  answers: readonly Answer[],
  passPercent: number,
): Score {
  const chosen = new Map(answers.map((answer) => [answer.questionId, answer.optionIds]));
  const correctCount = questions.filter((question) =>
    isRight(question, chosen.get(question.questionId) ?? []),
  ).length;
  const total = questions.length;
  return {
    correctCount,
    scorePercent: total === 0 ? 0 : Math.floor((correctCount * 10_000) / total) / 100,
    // Integer arithmetic: no rounding can turn a fail into a pass.
    passed: total > 0 && correctCount * 100 >= passPercent * total,
  };
}
