// What the browser sees: texts in the learner's language, never the correct options before the end.
import {
  localized,
  type ContentLanguage,
  type Question,
  type QuizAttemptView,
  type QuizResult,
  type Training,
} from '@soins/shared';
import type { QuizAttempt } from './model';
import { isRight } from './scoring';

/** The learner's language when the training is offered in it, else the training's first language. */
export function contentLanguageFor(training: Training, language: string): ContentLanguage {
  if (language === 'nl' && training.languages.includes('nl')) return 'nl';
  if (language === 'fr' && training.languages.includes('fr')) return 'fr';
  return training.languages.includes('fr') ? 'fr' : 'nl';
}

function optionText(question: Question | undefined, optionId: string, language: ContentLanguage): string {
  const option = question?.options.find((candidate) => candidate.id === optionId);
  return option ? localized(option.text, language) : '';
}

export function attemptView(
  attempt: QuizAttempt,
  bank: readonly Question[],
  language: ContentLanguage,
): QuizAttemptView {
  const byId = new Map(bank.map((question) => [question.id, question]));
  return {
    attemptId: attempt.attemptId,
    trainingId: attempt.trainingId,
    status: 'in_progress',
    language,
    number: attempt.number,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    questions: attempt.questions.map((drawn) => {
      const question = byId.get(drawn.questionId);
      return {
        id: drawn.questionId,
        type: drawn.type,
        prompt: question ? localized(question.prompt, language) : '',
        options: drawn.optionIds.map((id) => ({ id, text: optionText(question, id, language) })),
      };
    }),
  };
}

/** The result of an attempt that is over (passed, failed or expired). */
export function resultView(
  attempt: QuizAttempt,
  bank: readonly Question[],
  language: ContentLanguage,
): QuizResult {
  if (attempt.status === 'in_progress') throw new Error('resultView of an attempt in progress');
  const byId = new Map(bank.map((question) => [question.id, question]));
  const chosenById = new Map((attempt.answers ?? []).map((answer) => [answer.questionId, answer.optionIds]));
  return {
    attemptId: attempt.attemptId,
    trainingId: attempt.trainingId,
    status: attempt.status,
    passed: attempt.status === 'passed',
    language,
    number: attempt.number,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    submittedAt: attempt.submittedAt ?? attempt.startedAt,
    correctCount: attempt.correctCount ?? 0,
    questionCount: attempt.questions.length,
    scorePercent: attempt.scorePercent ?? 0,
    passPercent: attempt.passPercent,
    questions: attempt.questions.map((drawn) => {
      const question = byId.get(drawn.questionId);
      const chosen = chosenById.get(drawn.questionId) ?? [];
      const explanation = question?.explanation ? localized(question.explanation, language) : undefined;
      return {
        id: drawn.questionId,
        type: drawn.type,
        prompt: question ? localized(question.prompt, language) : '',
        options: drawn.optionIds.map((id) => ({
          id,
          text: optionText(question, id, language),
          correct: drawn.correctOptionIds.includes(id),
          chosen: chosen.includes(id),
        })),
        chosenOptionIds: [...chosen],
        correctOptionIds: [...drawn.correctOptionIds],
        right: isRight(drawn, chosen),
        ...(explanation ? { explanation } : {}),
      };
    }),
  };
}
