// React binding of the i18n core: a provider holding the current language, `useI18n()` and `useT()`.
import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  isOfferedLanguage,
  LANGUAGE_STORAGE_KEY,
  LANGUAGES,
  loadCatalogue,
  makeTranslate,
  type OfferedLang,
  type Translate,
} from './core';
import { storeLanguage } from './storage';

export interface I18n {
  readonly lang: OfferedLang;
  readonly languages: readonly OfferedLang[];
  readonly t: Translate;
  /**
   * Resolves true once the language's texts are loaded and shown; false when they could not load (the page stays
   * in its language) or another language was asked for meanwhile.
   */
  readonly setLang: (lang: OfferedLang) => Promise<boolean>;
}

/** Builds an I18n value outside React (router context before the first render, tests). */
export function createI18n(
  lang: OfferedLang,
  setLang: (lang: OfferedLang) => Promise<boolean> = () => Promise.resolve(false),
): I18n {
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

  // The last language asked for wins, whatever order the catalogues arrive in.
  const requested = useRef<OfferedLang>(initialLang);
  const show = useCallback(async (next: OfferedLang, store: boolean): Promise<boolean> => {
    requested.current = next;
    try {
      await loadCatalogue(next);
    } catch {
      return false;
    }
    if (requested.current !== next) return false;
    if (store) storeLanguage(next);
    onChange.current?.(next);
    setLangState(next);
    return true;
  }, []);
  const setLang = useCallback((next: OfferedLang) => show(next, true), [show]);

  useEffect(() => {
    applyDocumentLanguage(lang);
  }, [lang]);

  // Keep several open tabs in the same language.
  useEffect(() => {
    const onStorage = (event: StorageEvent): void => {
      if (event.key === LANGUAGE_STORAGE_KEY && isOfferedLanguage(event.newValue)) {
        void show(event.newValue, false);
      }
    };
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener('storage', onStorage);
    };
  }, [show]);

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
