import { useId, type ReactNode } from 'react';
import { isOfferedLanguage, LANGUAGE_NAMES, useI18n } from '../i18n';
import './LanguageSwitch.css';

/** A labelled native `<select>`: keyboard and screen-reader support come with the platform. */
export function LanguageSwitch(): ReactNode {
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
          if (isOfferedLanguage(next)) setLang(next);
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
