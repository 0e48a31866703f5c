import { describe, expect, it, vi } from 'vitest';
import {
  ALL_LANGUAGES,
  DEFAULT_LANGUAGE,
  detectLanguage,
  interpolate,
  isOfferedLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  messageArguments,
  translate,
  type MessageKey,
} from './core';
import { de } from './de';
import { en } from './en';
import { fr as frCore, type Catalogue } from './fr';
import { frLearnerSpace } from './fr-learner-space';
import { frStaff } from './fr-staff';
import { nl as nlCore } from './nl';
import { nlLearnerSpace } from './nl-learner-space';
import { nlStaff } from './nl-staff';

// Each offered language complete: the first chunk's texts and the spaces'.
const fr: Catalogue = { ...frCore, ...frLearnerSpace, ...frStaff };
const nl: Catalogue = { ...nlCore, ...nlLearnerSpace, ...nlStaff };
const CATALOGUES: Readonly<Record<(typeof ALL_LANGUAGES)[number], Partial<Catalogue>>> = { fr, nl, de, en };

const placeholders = messageArguments;
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

describe('plurals and numbers (ICU messages)', () => {
  const chapters = '{count, plural, =0 {aucun chapitre} one {# chapitre} other {# chapitres}} sur {total}';

  it('picks the branch with the language’s plural rules and writes # as a localized number', () => {
    expect(interpolate(chapters, { count: 1, total: 3 }, 'fr')).toBe('1 chapitre sur 3');
    expect(interpolate(chapters, { count: 2, total: 3 }, 'fr')).toBe('2 chapitres sur 3');
    expect(interpolate(chapters, { count: 0, total: 3 }, 'fr')).toBe('aucun chapitre sur 3');
    expect(interpolate(chapters, { count: 1200, total: 3 }, 'fr')).toBe('1\u202f200 chapitres sur 3');
    expect(interpolate('{n, plural, one {# uur} other {# uren}}', { n: 1200 }, 'nl')).toBe('1.200 uren');
    // French counts 0 and 1.5 as singular, Dutch does not.
    expect(interpolate('{n, plural, one {# an} other {# ans}}', { n: 1.5 }, 'fr')).toBe('1,5 an');
    expect(interpolate('{n, plural, one {# jaar} other {# jaren}}', { n: 1.5 }, 'nl')).toBe('1,5 jaren');
  });

  it('leaves an argument without a number, or a malformed plural, visible', () => {
    expect(interpolate(chapters, { total: 3 }, 'fr')).toBe(`${chapters.split(' sur')[0] ?? ''} sur 3`);
    expect(interpolate('{n, plural, one {x}}', { n: 2 }, 'fr')).toBe('{n, plural, one {x}}');
  });

  it('no offered message writes a plural by hand ("chapitre(s)", "poging(en)", "vraag/vragen")', () => {
    for (const lang of LANGUAGES) {
      for (const key of frKeys) {
        expect(CATALOGUES[lang][key] ?? '', `${lang}:${key}`).not.toMatch(/\w\((s|en|e|n)\)|\w\/\w+en\b/);
      }
    }
  });

  it('every plural of the catalogues has an "other" branch and formats in both languages', () => {
    for (const lang of LANGUAGES) {
      for (const key of frKeys) {
        const message = CATALOGUES[lang][key] ?? '';
        if (!message.includes(', plural,')) continue;
        const params = Object.fromEntries(messageArguments(message).map((name) => [name, 2]));
        for (const count of [0, 1, 2, 5]) {
          const text = translate(lang, key, { ...params, count, done: count, used: count, minutes: count });
          expect(text, `${lang}:${key}`).not.toMatch(/[{}#]/);
        }
      }
    }
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

describe('the spaces’ texts', () => {
  it('come with loadSpaceTexts, and then with every language loaded', async () => {
    // A fresh module: the test setup loads every text of the shared one.
    vi.resetModules();
    const fresh = await import('./core');
    const staffKey = 'admin.nav.users';
    const learnerKey = 'courses.quiz.submit';
    expect(fresh.translate('fr', staffKey)).toBe(staffKey);
    expect(fresh.translate('fr', learnerKey)).toBe(learnerKey);
    await fresh.loadCatalogue('nl');
    expect(fresh.translate('nl', 'language.label')).toBe('Taal');
    expect(fresh.translate('nl', staffKey)).toBe(staffKey);

    await fresh.loadSpaceTexts('fr', 'staff');
    expect(fresh.translate('fr', staffKey)).toBe(frStaff[staffKey]);
    expect(fresh.translate('fr', learnerKey)).toBe(learnerKey);
    // Dutch was asked for in this tab: its staff texts come too.
    expect(fresh.translate('nl', staffKey)).toBe(nlStaff[staffKey]);
    await fresh.loadSpaceTexts('nl', 'learner');
    expect(fresh.translate('nl', learnerKey)).toBe(nlLearnerSpace[learnerKey]);
    // A language without a space's texts of its own shows the French ones.
    await fresh.loadCatalogue('en');
    expect(fresh.translate('en', staffKey)).toBe(frStaff[staffKey]);
    expect(fresh.translate('en', learnerKey)).toBe(frLearnerSpace[learnerKey]);
  });

  it('come in a language being switched to when the route still names the previous one', async () => {
    vi.resetModules();
    const fresh = await import('./core');
    // The profile's language is applied at sign-in while the space's route loads with the tab's first language.
    const switching = fresh.loadCatalogue('nl');
    await fresh.loadSpaceTexts('fr', 'staff');
    await switching;
    expect(fresh.translate('nl', 'trainer.title')).toBe(nlStaff['trainer.title']);
  });

  it('open in the page’s language when another language asked for in the tab cannot load', async () => {
    vi.resetModules();
    vi.doMock('./nl', () => {
      throw new Error('offline');
    });
    try {
      const fresh = await import('./core');
      await expect(fresh.loadCatalogue('nl')).rejects.toThrow();
      await fresh.loadSpaceTexts('fr', 'staff');
      expect(fresh.translate('fr', 'trainer.title')).toBe(frStaff['trainer.title']);
    } finally {
      vi.doUnmock('./nl');
    }
  });
});
