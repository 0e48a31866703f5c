import { describe, expect, it } from 'vitest';
import { dateTimeFormat, listFormat, numberFormat, pluralRules } from './intl';

describe('Intl formatters', () => {
  it('builds one formatter per locale and options, and reuses it', () => {
    expect(numberFormat('fr-BE', { maximumFractionDigits: 1 })).toBe(
      numberFormat('fr-BE', { maximumFractionDigits: 1 }),
    );
    expect(numberFormat('fr-BE', { maximumFractionDigits: 1 })).not.toBe(
      numberFormat('fr-BE', { maximumFractionDigits: 2 }),
    );
    expect(numberFormat('fr-BE')).not.toBe(numberFormat('nl-BE'));
    expect(listFormat('nl-BE', { type: 'conjunction' })).toBe(listFormat('nl-BE', { type: 'conjunction' }));
    expect(pluralRules('fr-BE')).toBe(pluralRules('fr-BE'));
    expect(dateTimeFormat('fr-BE', { dateStyle: 'long' })).toBe(
      dateTimeFormat('fr-BE', { dateStyle: 'long' }),
    );
  });

  it('keeps kinds apart and formats in the given locale and options', () => {
    expect(numberFormat('nl-BE', { maximumFractionDigits: 1 }).format(1.25)).toBe('1,3');
    expect(numberFormat('fr-BE', { style: 'percent' }).format(0.5)).toMatch(/^50\s%$/u);
    expect(listFormat('fr-BE', { type: 'conjunction' }).format(['a', 'b'])).toBe('a et b');
    expect(listFormat('fr-BE', { type: 'disjunction' }).format(['a', 'b'])).toBe('a ou b');
    expect(pluralRules('fr-BE').select(0)).toBe('one');
    expect(pluralRules('nl-BE').select(0)).toBe('other');
    expect(
      dateTimeFormat('nl-BE', { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(
        new Date('2026-12-07T12:00:00Z'),
      ),
    ).toBe('7 december 2026');
  });
});
