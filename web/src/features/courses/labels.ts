import type { ContentLanguage, Profession } from '@soins/shared';
import { useMemo } from 'react';
import { useT, type Translate } from '../../i18n';

export interface Labels {
  profession(profession: Profession): string;
  language(language: ContentLanguage): string;
}

export function makeLabels(t: Translate): Labels {
  return {
    profession: (profession) => t(`courses.profession.${profession}`),
    language: (language) => t(`courses.language.${language}`),
  };
}

/** Names of professions and content languages in the reader's language. */
export function useLabels(): Labels {
  const t = useT();
  return useMemo(() => makeLabels(t), [t]);
}

/** Message keys that exist in a `.one` and an `.other` form. */
export type PluralBase =
  | 'courses.catalogue.count'
  | 'courses.facts.chaptersValue'
  | 'courses.quiz.attemptsLeft'
  | 'courses.quiz.questionsCount'
  | 'courses.hours.certificatesCount'
  | 'courses.quiz.unansweredWarning';

/** Picks `.one` or `.other` with the language's plural rules and fills `{count}`. */
export function plural(
  t: Translate,
  lang: string,
  base: PluralBase,
  count: number,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const form =
    new Intl.PluralRules(lang === 'nl' ? 'nl-BE' : 'fr-BE').select(count) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}`, { count, ...params });
}
