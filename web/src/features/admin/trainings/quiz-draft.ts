// The question bank editor's form model, free of React: settings and questions as typed, checks in the user's
// language (including the bank-size rule), and the body of `PUT .../questions`.
import type { AdminQuestion, ContentLanguage, LocalizedText, QuizSettings } from '@soins/shared';
import type { MessageKey } from '../../../i18n';
import type { Bilingual } from './draft';

export interface OptionDraft {
  readonly key: string;
  readonly text: Bilingual;
  readonly correct: boolean;
}

export interface QuestionDraft {
  readonly key: string;
  /** The stored question id; undefined for a new question. */
  readonly id: string | undefined;
  readonly type: 'single' | 'multiple';
  readonly prompt: Bilingual;
  readonly options: readonly OptionDraft[];
  readonly explanation: Bilingual;
}

export interface SettingsDraft {
  readonly questionsPerAttempt: string;
  readonly passPercent: string;
  /** Empty: unlimited. */
  readonly maxAttempts: string;
  readonly waitMinutesBetweenAttempts: string;
  /** Empty: no limit. */
  readonly timeLimitMinutes: string;
}

export interface QuizDraft {
  readonly settings: SettingsDraft;
  readonly questions: readonly QuestionDraft[];
}

let keys = 0;
const key = (prefix: string): string => `${prefix}-${String(++keys)}`;
const bilingual = (text: LocalizedText | undefined): Bilingual => ({
  fr: text?.fr ?? '',
  nl: text?.nl ?? '',
});

export function emptyOption(): OptionDraft {
  return { key: key('option'), text: { fr: '', nl: '' }, correct: false };
}

export function emptyQuestion(): QuestionDraft {
  return {
    key: key('question'),
    id: undefined,
    type: 'single',
    prompt: { fr: '', nl: '' },
    options: [{ ...emptyOption(), correct: true }, emptyOption()],
    explanation: { fr: '', nl: '' },
  };
}

export function quizDraftOf(settings: QuizSettings, questions: readonly AdminQuestion[]): QuizDraft {
  return {
    settings: {
      questionsPerAttempt: String(settings.questionsPerAttempt),
      passPercent: String(settings.passPercent),
      maxAttempts: settings.maxAttempts === null ? '' : String(settings.maxAttempts),
      waitMinutesBetweenAttempts: String(settings.waitMinutesBetweenAttempts),
      timeLimitMinutes: settings.timeLimitMinutes === null ? '' : String(settings.timeLimitMinutes),
    },
    questions: questions.map((question) => ({
      key: key('question'),
      id: question.id,
      type: question.type,
      prompt: bilingual(question.prompt),
      options: question.options.map((option) => ({
        key: key('option'),
        text: bilingual(option.text),
        correct: option.correct,
      })),
      explanation: bilingual(question.explanation),
    })),
  };
}

const integer = (value: string): number => (/^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN);

const text = (value: Bilingual, languages: readonly ContentLanguage[]): LocalizedText | undefined => {
  const out: { fr?: string; nl?: string } = {};
  for (const language of ['fr', 'nl'] as const) {
    const trimmed = value[language].trim();
    if (trimmed && languages.includes(language)) out[language] = trimmed;
  }
  return out.fr !== undefined || out.nl !== undefined ? out : undefined;
};

export type QuizErrors = Readonly<Record<string, MessageKey>>;

/** The settings as numbers, or undefined when one is not valid. */
export function settingsOf(draft: SettingsDraft): QuizSettings | undefined {
  const settings: QuizSettings = {
    questionsPerAttempt: integer(draft.questionsPerAttempt),
    passPercent: integer(draft.passPercent),
    maxAttempts: draft.maxAttempts.trim() === '' ? null : integer(draft.maxAttempts),
    waitMinutesBetweenAttempts: integer(draft.waitMinutesBetweenAttempts),
    timeLimitMinutes: draft.timeLimitMinutes.trim() === '' ? null : integer(draft.timeLimitMinutes),
  };
  const ok =
    settings.questionsPerAttempt >= 1 &&
    settings.questionsPerAttempt <= 100 &&
    settings.passPercent >= 1 &&
    settings.passPercent <= 100 &&
    (settings.maxAttempts === null || (settings.maxAttempts >= 1 && settings.maxAttempts <= 100)) &&
    settings.waitMinutesBetweenAttempts >= 0 &&
    settings.waitMinutesBetweenAttempts <= 7 * 24 * 60 &&
    (settings.timeLimitMinutes === null ||
      (settings.timeLimitMinutes >= 1 && settings.timeLimitMinutes <= 24 * 60));
  return ok ? settings : undefined;
}

/** Questions needed for the settings: twice the questions drawn per attempt. */
export const minimumBank = (questionsPerAttempt: number): number => 2 * questionsPerAttempt;

export function validateQuiz(draft: QuizDraft, languages: readonly ContentLanguage[]): QuizErrors {
  const errors: Record<string, MessageKey> = {};
  const settings = settingsOf(draft.settings);
  if (!settings) errors.settings = 'builder.quiz.error.settings';
  if (draft.questions.length === 0) errors.questions = 'builder.quiz.error.none';
  else if (settings && draft.questions.length < minimumBank(settings.questionsPerAttempt)) {
    errors.questions = 'builder.quiz.error.tooSmall';
  }
  draft.questions.forEach((question, index) => {
    const at = `questions.${String(index)}`;
    if (!text(question.prompt, languages)) errors[`${at}.prompt`] = 'builder.quiz.error.prompt';
    if (question.options.length < 2) errors[`${at}.options`] = 'builder.quiz.error.options';
    else if (question.options.some((option) => !text(option.text, languages))) {
      errors[`${at}.options`] = 'builder.quiz.error.optionText';
    }
    const correct = question.options.filter((option) => option.correct).length;
    if (question.type === 'single' ? correct !== 1 : correct < 1) {
      errors[`${at}.correct`] =
        question.type === 'single' ? 'builder.quiz.error.single' : 'builder.quiz.error.multiple';
    }
  });
  return errors;
}

/** The body of `PUT .../questions` (the draft must be valid): new questions get ids, options a, b, c… */
export function bankBody(
  draft: QuizDraft,
  languages: readonly ContentLanguage[],
): { questions: AdminQuestion[]; settings: QuizSettings } {
  const taken = new Set(draft.questions.flatMap((question) => (question.id ? [question.id] : [])));
  let next = 1;
  const freshId = (): string => {
    while (taken.has(`q${String(next)}`)) next++;
    const id = `q${String(next)}`;
    taken.add(id);
    return id;
  };
  const settings = settingsOf(draft.settings);
  if (!settings) throw new Error('invalid settings');
  return {
    settings,
    questions: draft.questions.map((question) => {
      const explanation = text(question.explanation, languages);
      return {
        id: question.id ?? freshId(),
        type: question.type,
        prompt: text(question.prompt, languages) ?? { fr: '' },
        options: question.options.map((option, index) => ({
          id: String.fromCharCode(97 + index),
          text: text(option.text, languages) ?? { fr: '' },
          correct: option.correct,
        })),
        ...(explanation ? { explanation } : {}),
      };
    }),
  };
}
