// What the browser sees: texts in the learner's language, never the correct options before the end.
import {
  localized,
  type ContentLanguage,
  type Question,
  type QuizAttemptView,
  type QuizResult,
} from '@soins/shared';
import type { DrawnQuestion, QuizAttempt } from './model';
import { isRight } from './scoring';

/**
 * A drawn question's texts in one language: the copy taken at the draw, or, for attempts drawn before
 * texts were copied, the bank as it is now (empty when the question has since been deleted).
 */
interface QuestionTexts {
  readonly prompt: string;
  optionText(optionId: string): string;
  readonly explanation: string | undefined;
}

function textsOf(
  drawn: DrawnQuestion,
  bankQuestion: Question | undefined,
  language: ContentLanguage,
): QuestionTexts {
  const prompt = drawn.prompt ?? bankQuestion?.prompt;
  const options = drawn.options ?? bankQuestion?.options ?? [];
  const explanation = drawn.prompt ? drawn.explanation : bankQuestion?.explanation;
  return {
    prompt: prompt ? localized(prompt, language) : '',
    optionText: (optionId) => {
      const option = options.find((candidate) => candidate.id === optionId);
      return option ? localized(option.text, language) : '';
    },
    explanation: explanation ? localized(explanation, language) : undefined,
  };
}

/** Drawn questions paired with their texts; the bank is only read for attempts without a copy. */
function questionsWithTexts(
  attempt: QuizAttempt,
  bank: readonly Question[],
  language: ContentLanguage,
): { drawn: DrawnQuestion; texts: QuestionTexts }[] {
  const byId = new Map(bank.map((question) => [question.id, question]));
  return attempt.questions.map((drawn) => ({
    drawn,
    texts: textsOf(drawn, byId.get(drawn.questionId), language),
  }));
}

/** True when every drawn question carries its own texts (the bank need not be read). */
export function hasFrozenTexts(attempt: QuizAttempt): boolean {
  return attempt.questions.every((drawn) => drawn.prompt !== undefined && drawn.options !== undefined);
}

export function attemptView(
  attempt: QuizAttempt,
  bank: readonly Question[],
  language: ContentLanguage,
): QuizAttemptView {
  return {
    attemptId: attempt.attemptId,
    trainingId: attempt.trainingId,
    status: 'in_progress',
    language,
    number: attempt.number,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    questions: questionsWithTexts(attempt, bank, language).map(({ drawn, texts }) => ({
      id: drawn.questionId,
      type: drawn.type,
      prompt: texts.prompt,
      options: drawn.optionIds.map((id) => ({ id, text: texts.optionText(id) })),
    })),
  };
}

/**
 * The result of an attempt that is over (passed, failed or expired). The correct options and the
 * explanations are included only when `revealAnswers` (see `shared/src/quiz.ts` for the rule); without
 * them the learner still sees the score and which questions were right or wrong.
 */
export function resultView(
  attempt: QuizAttempt,
  bank: readonly Question[],
  language: ContentLanguage,
  revealAnswers: boolean,
): QuizResult {
  if (attempt.status === 'in_progress') throw new Error('resultView of an attempt in progress');
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
    answersRevealed: revealAnswers,
    questions: questionsWithTexts(attempt, bank, language).map(({ drawn, texts }) => {
      const chosen = chosenById.get(drawn.questionId) ?? [];
      return {
        id: drawn.questionId,
        type: drawn.type,
        prompt: texts.prompt,
        options: drawn.optionIds.map((id) => ({
          id,
          text: texts.optionText(id),
          ...(revealAnswers ? { correct: drawn.correctOptionIds.includes(id) } : {}),
          chosen: chosen.includes(id),
        })),
        chosenOptionIds: [...chosen],
        right: isRight(drawn, chosen),
        ...(revealAnswers ? { correctOptionIds: [...drawn.correctOptionIds] } : {}),
        ...(revealAnswers && texts.explanation ? { explanation: texts.explanation } : {}),
      };
    }),
  };
}
