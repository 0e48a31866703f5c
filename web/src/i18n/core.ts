// Framework-free i18n core: languages, catalogue lookup with interpolation, and language detection.
import { de } from './de';
import { en } from './en';
import { fr, type Catalogue, type MessageKey } from './fr';
import { nl } from './nl';

export type { Catalogue, MessageKey };

/** Every language the product has a catalogue for. */
export const ALL_LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;
export type Lang = (typeof ALL_LANGUAGES)[number];

/** Languages offered to users (complete catalogues only). The first one is the default. */
export const LANGUAGES = ['fr', 'nl'] as const satisfies readonly Lang[];
export type OfferedLang = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: OfferedLang = 'fr';

/** localStorage key that remembers the user's explicit choice. */
export const LANGUAGE_STORAGE_KEY = 'soins.lang';

/** Language names, each written in its own language (shown as-is whatever the current language). */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = {
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
  en: 'English',
};

export const CATALOGUES: Readonly<Record<Lang, Partial<Catalogue>>> = { fr, nl, de, en };

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isOfferedLanguage(value: unknown): value is OfferedLang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Replaces `{name}` placeholders; unknown placeholders are left visible so they get noticed. */
export function interpolate(message: string, params?: MessageParams): string {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Looks a key up in the language's catalogue, falling back to French (always complete). */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  return interpolate(CATALOGUES[lang][key] ?? fr[key], params);
}

export function makeTranslate(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

export interface DetectionInput {
  /** The stored explicit choice (localStorage `soins.lang`), if any. */
  readonly stored?: string | null;
  /** `navigator.languages` (or `[navigator.language]`), most preferred first. */
  readonly navigatorLanguages?: readonly string[];
}

/**
 * Picks the UI language: the stored choice when it is offered, else the first browser language whose primary
 * subtag is offered (`nl-BE` -> `nl`), else French.
 */
export function detectLanguage({ stored, navigatorLanguages = [] }: DetectionInput): OfferedLang {
  if (isOfferedLanguage(stored)) return stored;
  for (const tag of navigatorLanguages) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isOfferedLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}
