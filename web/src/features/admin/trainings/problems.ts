// What the api's field errors mean to an admin, in their language: the list shown when publishing is refused
// (what is missing, chapter by chapter) and the errors of a refused save.
import type { FieldError } from '@soins/shared';
import type { MessageKey, Translate } from '../../../i18n';

const languageKey: Readonly<Record<string, MessageKey>> = {
  fr: 'builder.language.fr',
  nl: 'builder.language.nl',
};

/** One field error as a sentence (chapters and questions are numbered from 1, as on screen). */
export function describeProblem(t: Translate, error: FieldError): string {
  const language = (code: string | undefined): string =>
    code && languageKey[code] ? t(languageKey[code]) : (code ?? '');
  const parts = error.path.split('.');
  const [head, second, third, fourth] = parts;
  const number = (value: string | undefined): number => Number(value) + 1;
  if (error.path === 'chapters') return t('builder.problem.noChapter');
  if (error.path === 'questions') {
    return /has no quiz/.test(error.message)
      ? t('builder.problem.noQuiz')
      : t('builder.problem.bankTooSmall', { detail: error.message });
  }
  if ((head === 'title' || head === 'summary' || head === 'description') && second && parts.length === 2) {
    const field: Record<string, MessageKey> = {
      title: 'builder.problem.missingTitle',
      summary: 'builder.problem.missingSummary',
      description: 'builder.problem.missingDescription',
    };
    return t(field[head] ?? 'builder.problem.missingTitle', { language: language(second) });
  }
  if (head === 'chapters' && second !== undefined) {
    const chapter = number(second);
    if (third === 'title') return t('builder.problem.chapterTitle', { chapter, language: language(fourth) });
    if (third === 'durationSeconds') return t('builder.problem.chapterDuration', { chapter });
    if (third === 'video') {
      return /missing from storage/.test(error.message)
        ? t('builder.problem.videoLost', { chapter, language: language(fourth) })
        : t('builder.problem.noVideo', { chapter, language: language(fourth) });
    }
    if (third === 'captions' || third === 'handout') {
      return t('builder.problem.fileLost', { chapter, language: language(fourth) });
    }
  }
  if (head === 'questions' && second !== undefined) {
    const question = number(second);
    const lang = parts[parts.length - 1];
    if (third === 'options') return t('builder.problem.optionText', { question, language: language(lang) });
    if (third === 'explanation') {
      return t('builder.problem.explanationText', { question, language: language(lang) });
    }
    return t('builder.problem.questionText', { question, language: language(lang) });
  }
  return t('builder.problem.other', { field: error.path || '—' });
}
