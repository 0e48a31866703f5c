// Framework-free i18n core: languages, catalogue lookup with interpolation, and language detection.
import { fr, type Catalogue, type MessageKey } from './fr';
import { numberFormat, pluralRules, type NumberFormatter, type PluralSelector } from './intl';

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

/**
 * A language's texts come in parts. The core part (what the public pages need) of French is in the app's first chunk:
 * the default language and the fallback of incomplete catalogues; the others are fetched when chosen (a French visitor
 * does not download the Dutch texts). A space's part (the learner space; the admin and trainer spaces) is fetched when
 * the space opens (`loadSpaceTexts`, which its layout routes await), and then with every language chosen.
 */
export type SpaceTexts = 'learner' | 'staff';
type TextsPart = 'core' | SpaceTexts;
type Texts = Partial<Catalogue>;
const partLoaders: Readonly<Record<TextsPart, Partial<Record<Lang, () => Promise<Texts>>>>> = {
  core: {
    nl: async () => (await import('./nl')).nl,
    de: async () => (await import('./de')).de,
    en: async () => (await import('./en')).en,
  },
  learner: {
    fr: async () => (await import('./fr-learner-space')).frLearnerSpace,
    nl: async () => (await import('./nl-learner-space')).nlLearnerSpace,
  },
  staff: {
    fr: async () => (await import('./fr-staff')).frStaff,
    nl: async () => (await import('./nl-staff')).nlStaff,
  },
};
const loadedTexts: Partial<Record<Lang, Texts>> = { fr };
const partLoads = new Map<string, Promise<void>>();
const wantedSpaces = new Set<SpaceTexts>();

/** Fetches a part of a language's texts once (a failed fetch is tried again on the next call). */
function loadPart(lang: Lang, part: TextsPart): Promise<void> {
  const load = partLoaders[part][lang];
  if (!load) return Promise.resolve();
  const id = `${lang}:${part}`;
  const known = partLoads.get(id);
  if (known) return known;
  const loading = load().then(
    (texts) => {
      loadedTexts[lang] = { ...loadedTexts[lang], ...texts };
    },
    (error: unknown) => {
      partLoads.delete(id);
      throw error;
    },
  );
  partLoads.set(id, loading);
  return loading;
}

/** Every language whose texts were asked for in this tab. */
const askedLanguages = new Set<Lang>();

const spacesOf = (lang: Lang): Promise<void>[] =>
  [...wantedSpaces].map((space) => loadPart(partLoaders[space][lang] ? lang : 'fr', space));

/**
 * Fetches a language's texts once (at once for French), with the spaces' that were opened, also while it loaded;
 * `translate` falls back to French until then. A language without a space's texts of its own gets the French ones.
 */
export async function loadCatalogue(lang: Lang): Promise<void> {
  askedLanguages.add(lang);
  await Promise.all([loadPart(lang, 'core'), ...spacesOf(lang)]);
  await Promise.all(spacesOf(lang));
}

/**
 * A space's texts in the language (the space's layout routes wait for them before rendering). The other languages
 * asked for in this tab get them too, without waiting: the language may be changing while the route loads (a
 * profile's language applied at sign-in) and the router's context still names the previous one; the change itself
 * waits for them (`loadCatalogue`).
 */
export async function loadSpaceTexts(lang: Lang, space: SpaceTexts): Promise<void> {
  wantedSpaces.add(space);
  for (const other of askedLanguages) if (other !== lang) loadCatalogue(other).catch(() => undefined);
  await loadCatalogue(lang);
}

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isOfferedLanguage(value: unknown): value is OfferedLang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The Belgian locale of a language, for Intl (plural rules, numbers). */
export function localeOfLang(lang: Lang): string {
  return `${lang}-BE`;
}

/** Index of the `}` that closes the `{` at `open`, or -1. */
function closingBrace(message: string, open: number): number {
  let depth = 0;
  for (let i = open; i < message.length; i++) {
    if (message[i] === '{') depth++;
    else if (message[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const PLURAL_SELECTOR = /^\s*(=\d+|zero|one|two|few|many|other)\s*$/;

/** `one {…} other {…} =0 {…}` → selector → branch text; undefined when malformed. */
function pluralBranches(body: string): Map<string, string> | undefined {
  const branches = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{', i);
    if (open < 0) return body.slice(i).trim() === '' ? branches : undefined;
    const selector = PLURAL_SELECTOR.exec(body.slice(i, open))?.[1];
    const close = closingBrace(body, open);
    if (selector === undefined || close < 0) return undefined;
    branches.set(selector, body.slice(open + 1, close));
    i = close + 1;
  }
  return branches.has('other') ? branches : undefined;
}

/** A language's plural rules and number format (built once: see intl.ts). */
function intlOf(lang: Lang): { readonly plurals: PluralSelector; readonly numbers: NumberFormatter } {
  const locale = localeOfLang(lang);
  return { plurals: pluralRules(locale), numbers: numberFormat(locale) };
}

/** One `{…}` argument: `{name}` or `{name, plural, one {…} other {…}}`; left as written when it cannot be filled. */
function formatArgument(whole: string, params: MessageParams, lang: Lang): string {
  const inner = whole.slice(1, -1);
  const simple = /^\s*(\w+)\s*$/.exec(inner);
  if (simple) {
    const value = params[simple[1] ?? ''];
    return value === undefined ? whole : String(value);
  }
  const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(inner);
  const value = plural ? params[plural[1] ?? ''] : undefined;
  const branches = plural ? pluralBranches(plural[2] ?? '') : undefined;
  if (typeof value !== 'number' || !branches) return whole;
  const { plurals, numbers } = intlOf(lang);
  const branch =
    branches.get(`=${String(value)}`) ?? branches.get(plurals.select(value)) ?? branches.get('other') ?? '';
  return format(branch, params, lang, numbers.format(value));
}

function format(message: string, params: MessageParams, lang: Lang, hash?: string): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const char = message[i] ?? '';
    if (char === '{') {
      const close = closingBrace(message, i);
      if (close < 0) return out + message.slice(i);
      out += formatArgument(message.slice(i, close + 1), params, lang);
      i = close + 1;
    } else {
      out += char === '#' && hash !== undefined ? hash : char;
      i++;
    }
  }
  return out;
}

/**
 * Fills a message: `{name}` placeholders, and ICU-style plurals picked with the language's `Intl.PluralRules`
 * (`{count, plural, =0 {aucun} one {# chapitre} other {# chapitres}}`, `#` being the number in the language's
 * format). Placeholders without a value are left visible so they get noticed.
 */
export function interpolate(message: string, params?: MessageParams, lang: Lang = DEFAULT_LANGUAGE): string {
  if (!params) return message;
  return format(message, params, lang);
}

/**
 * Looks a key up in the language's texts, falling back to French (always complete), else shows the key: a space's
 * text asked for before `loadSpaceTexts` (texts-parts.test.ts checks that no page outside the space can).
 */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const own = loadedTexts[lang]?.[key];
  if (own !== undefined) return interpolate(own, params, lang);
  const french = loadedTexts.fr?.[key];
  return french === undefined ? key : interpolate(french, params, 'fr');
}

export function makeTranslate(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/** Names of the arguments a message uses (plural ones included), sorted; for catalogue consistency checks. */
export function messageArguments(message: string): string[] {
  const names = new Set<string>();
  const visit = (text: string): void => {
    let i = 0;
    while (i < text.length) {
      if (text[i] !== '{') {
        i++;
        continue;
      }
      const close = closingBrace(text, i);
      if (close < 0) return;
      const inner = text.slice(i + 1, close);
      const name = /^\s*(\w+)\s*(?:,|$)/.exec(inner)?.[1];
      if (name) names.add(name);
      const plural = /^\s*\w+\s*,\s*plural\s*,([\s\S]*)$/.exec(inner);
      if (plural) for (const branch of pluralBranches(plural[1] ?? '')?.values() ?? []) visit(branch);
      i = close + 1;
    }
  };
  visit(message);
  return [...names].sort();
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
