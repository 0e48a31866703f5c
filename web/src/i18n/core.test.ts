import { describe, expect, it } from 'vitest';
import {
  ALL_LANGUAGES,
  CATALOGUES,
  DEFAULT_LANGUAGE,
  detectLanguage,
  interpolate,
  isOfferedLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  translate,
  type MessageKey,
} from './core';
import { fr } from './fr';
import { nl } from './nl';

const placeholders = (message: string): string[] =>
  [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
const frKeys = Object.keys(fr).sort() as MessageKey[];

describe('message catalogues', () => {
  it('French and Dutch have exactly the same keys', () => {
    expect(Object.keys(nl).sort()).toEqual(frKeys);
  });

  it('every offered language has a complete catalogue without empty messages', () => {
    for (const lang of LANGUAGES) {
      for (const key of frKeys) {
        const message = CATALOGUES[lang][key];
        expect(message, `${lang}:${key}`).toBeTypeOf('string');
        expect(message?.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('translations use the same placeholders as French', () => {
    for (const lang of ALL_LANGUAGES) {
      for (const [key, message] of Object.entries(CATALOGUES[lang])) {
        expect(placeholders(message), `${lang}:${key}`).toEqual(placeholders(fr[key as MessageKey]));
      }
    }
  });

  it('partial catalogues only hold known keys', () => {
    for (const lang of ALL_LANGUAGES) {
      for (const key of Object.keys(CATALOGUES[lang])) expect(frKeys, `${lang}:${key}`).toContain(key);
    }
  });

  it('names every language in its own language', () => {
    expect(LANGUAGE_NAMES.fr).toBe('Français');
    expect(LANGUAGE_NAMES.nl).toBe('Nederlands');
  });
});

describe('translate', () => {
  it('looks the key up in the current language', () => {
    expect(translate('fr', 'language.label')).toBe('Langue');
    expect(translate('nl', 'language.label')).toBe('Taal');
  });

  it('falls back to French for a key a partial catalogue lacks', () => {
    expect(CATALOGUES.en['notFound.title']).toBeUndefined();
    expect(translate('en', 'notFound.title')).toBe(fr['notFound.title']);
  });

  it('interpolates named placeholders and leaves unknown ones visible', () => {
    expect(translate('nl', 'notFound.body', { path: '/x' })).toBe(
      'Het adres /x bestaat niet of werd verplaatst.',
    );
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(interpolate('no params')).toBe('no params');
  });
});

describe('detectLanguage', () => {
  it.each([
    [{ stored: 'nl', navigatorLanguages: ['fr-BE'] }, 'nl'],
    [{ stored: 'fr', navigatorLanguages: ['nl-BE'] }, 'fr'],
    [{ stored: null, navigatorLanguages: ['nl-BE', 'fr'] }, 'nl'],
    [{ stored: null, navigatorLanguages: ['fr-BE', 'nl'] }, 'fr'],
    [{ stored: null, navigatorLanguages: ['NL'] }, 'nl'],
    [{ stored: null, navigatorLanguages: ['nl_BE'] }, 'nl'],
    [{ stored: null, navigatorLanguages: ['en-US', 'nl'] }, 'nl'],
    [{ stored: null, navigatorLanguages: ['en-US', 'de-DE'] }, 'fr'],
    [{ stored: 'xx', navigatorLanguages: ['nl'] }, 'nl'],
    [{ stored: 'de', navigatorLanguages: [] }, 'fr'],
    [{}, 'fr'],
  ])('%j -> %s', (input, expected) => {
    expect(detectLanguage(input)).toBe(expected);
  });

  it('defaults to French', () => {
    expect(DEFAULT_LANGUAGE).toBe('fr');
  });

  it('only accepts offered languages', () => {
    expect(isOfferedLanguage('nl')).toBe(true);
    expect(isOfferedLanguage('en')).toBe(false);
    expect(isOfferedLanguage(undefined)).toBe(false);
  });
});
