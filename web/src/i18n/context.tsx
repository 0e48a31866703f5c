// React binding of the i18n core: a provider holding the current language, `useI18n()` and `useT()`.
import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  isOfferedLanguage,
  LANGUAGE_STORAGE_KEY,
  LANGUAGES,
  makeTranslate,
  type OfferedLang,
  type Translate,
} from './core';
import { storeLanguage } from './storage';

export interface I18n {
  readonly lang: OfferedLang;
  readonly languages: readonly OfferedLang[];
  readonly t: Translate;
  readonly setLang: (lang: OfferedLang) => void;
}

/** Builds an I18n value outside React (router context before the first render, tests). */
export function createI18n(lang: OfferedLang, setLang: (lang: OfferedLang) => void = () => undefined): I18n {
  return { lang, languages: LANGUAGES, t: makeTranslate(lang), setLang };
}

const I18nContext = createContext<I18n | null>(null);

export function applyDocumentLanguage(lang: OfferedLang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export interface I18nProviderProps {
  readonly initialLang: OfferedLang;
  /** Told synchronously of every change (e.g. so api calls send the new `Accept-Language` at once). */
  readonly onLanguageChange?: (lang: OfferedLang) => void;
  readonly children: ReactNode;
}

export function I18nProvider({ initialLang, onLanguageChange, children }: I18nProviderProps): ReactNode {
  const [lang, setLangState] = useState<OfferedLang>(initialLang);
  const onChange = useRef(onLanguageChange);
  useEffect(() => {
    onChange.current = onLanguageChange;
  }, [onLanguageChange]);

  const setLang = useCallback((next: OfferedLang) => {
    storeLanguage(next);
    onChange.current?.(next);
    setLangState(next);
  }, []);

  useEffect(() => {
    applyDocumentLanguage(lang);
  }, [lang]);

  // Keep several open tabs in the same language.
  useEffect(() => {
    const onStorage = (event: StorageEvent): void => {
      if (event.key === LANGUAGE_STORAGE_KEY && isOfferedLanguage(event.newValue)) {
        onChange.current?.(event.newValue);
        setLangState(event.newValue);
      }
    };
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener('storage', onStorage);
    };
  }, []);

  const value = useMemo(() => createI18n(lang, setLang), [lang, setLang]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const value = use(I18nContext);
  if (!value) throw new Error('useI18n() must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
