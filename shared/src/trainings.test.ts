import { describe, expect, it } from 'vitest';
import { contentLanguageFor, localized } from './trainings';

describe('the language a training is shown in', () => {
  it("is the reader's when the training is offered in it", () => {
    expect(contentLanguageFor({ languages: ['fr', 'nl'] }, 'nl')).toBe('nl');
    expect(contentLanguageFor({ languages: ['nl', 'fr'] }, 'fr')).toBe('fr');
  });

  it("is the training's first language otherwise, for every reader language", () => {
    expect(contentLanguageFor({ languages: ['nl'] }, 'fr')).toBe('nl');
    expect(contentLanguageFor({ languages: ['nl', 'fr'] }, 'en')).toBe('nl');
    expect(contentLanguageFor({ languages: ['fr', 'nl'] }, 'de')).toBe('fr');
  });

  it('falls back to the other text when one language is missing', () => {
    expect(localized({ fr: 'Bonjour' }, 'nl')).toBe('Bonjour');
    expect(localized({ fr: 'Bonjour', nl: 'Hallo' }, 'nl')).toBe('Hallo');
  });
});
