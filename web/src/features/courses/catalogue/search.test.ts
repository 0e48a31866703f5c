import { catalogueQuerySchema } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import {
  catalogueApiQuery,
  hasFilters,
  hoursRangeOf,
  validateCatalogueSearch,
  withHoursRange,
} from './search';

describe('validateCatalogueSearch', () => {
  it('keeps valid params', () => {
    expect(
      validateCatalogueSearch({
        q: '  plaies ',
        profession: 'nurse',
        language: 'nl',
        minHours: 1,
        maxHours: '3',
      }),
    ).toEqual({ q: 'plaies', profession: 'nurse', language: 'nl', minHours: 1, maxHours: 3 });
  });

  it('drops unknown values instead of failing', () => {
    expect(
      validateCatalogueSearch({
        q: '   ',
        profession: 'doctor',
        language: 'de',
        minHours: -1,
        maxHours: 'x',
      }),
    ).toEqual({});
    expect(validateCatalogueSearch({ minHours: 500, maxHours: Number.POSITIVE_INFINITY })).toEqual({});
  });

  it('accepts a numeric q, cuts a long q and swaps an inverted range', () => {
    expect(validateCatalogueSearch({ q: 42 })).toEqual({ q: '42' });
    expect(validateCatalogueSearch({ q: 'a'.repeat(300) }).q).toHaveLength(200);
    expect(validateCatalogueSearch({ minHours: 5, maxHours: 2 })).toEqual({ minHours: 2, maxHours: 5 });
  });

  it('only ever keeps what the api schema accepts', () => {
    const inputs: Record<string, unknown>[] = [
      { q: ' x ', profession: 'midwife', minHours: '0', maxHours: '200' },
      { language: 'fr', minHours: 7, maxHours: 1 },
      { q: 'é'.repeat(250), profession: 'other', language: 'nl', maxHours: 0.5 },
    ];
    for (const input of inputs) {
      const query = catalogueApiQuery(validateCatalogueSearch(input), 'fr');
      expect(catalogueQuerySchema.safeParse(query).success).toBe(true);
    }
  });
});

describe('catalogueApiQuery', () => {
  it('sends the reader language and only the set filters, as strings', () => {
    expect(catalogueApiQuery({ q: 'soins', minHours: 0 }, 'nl')).toEqual({
      lang: 'nl',
      q: 'soins',
      minHours: '0',
    });
  });
});

describe('hours ranges', () => {
  it('maps params to a range and back', () => {
    expect(hoursRangeOf({})).toBe('any');
    expect(hoursRangeOf({ maxHours: 1 })).toBe('upTo1');
    expect(hoursRangeOf({ minHours: 1, maxHours: 3 })).toBe('1to3');
    expect(hoursRangeOf({ minHours: 3 })).toBe('over3');
    expect(hoursRangeOf({ minHours: 2 })).toBe('custom');
    expect(withHoursRange({ q: 'a', minHours: 2 }, '1to3')).toEqual({ q: 'a', minHours: 1, maxHours: 3 });
    expect(withHoursRange({ q: 'a', minHours: 2 }, 'any')).toEqual({ q: 'a' });
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ language: 'fr' })).toBe(true);
  });
});
