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
