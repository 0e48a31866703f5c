import { useId, type ReactNode } from 'react';
import { isOfferedLanguage, LANGUAGE_NAMES, useI18n, type OfferedLang } from '../i18n';
import './LanguageSwitch.css';

export interface LanguageSwitchProps {
  /** Called with the chosen language instead of just switching (e.g. to store it in the profile as well). */
  readonly onChange?: (lang: OfferedLang) => void;
}

/** A labelled native `<select>`: keyboard and screen-reader support come with the platform. */
export function LanguageSwitch({ onChange }: LanguageSwitchProps = {}): ReactNode {
  const { lang, languages, setLang, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switch">
      <label className="language-switch__label" htmlFor={id}>
        {t('language.label')}
      </label>
      <select
        id={id}
        className="language-switch__select"
        value={lang}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (!isOfferedLanguage(next)) return;
          if (onChange) onChange(next);
          else void setLang(next);
        }}
      >
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
