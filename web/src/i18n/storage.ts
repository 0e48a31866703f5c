// Browser side of language detection: storage may be unavailable (privacy modes, disabled cookies).
import { detectLanguage, LANGUAGE_STORAGE_KEY, type OfferedLang } from './core';

export function readStoredLanguage(): string | null {
  try {
    return globalThis.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeLanguage(lang: OfferedLang): void {
  try {
    globalThis.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Not persisted: the choice still applies to this page.
  }
}

export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

export function detectBrowserLanguage(): OfferedLang {
  return detectLanguage({ stored: readStoredLanguage(), navigatorLanguages: browserLanguages() });
}
