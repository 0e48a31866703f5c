import { describe, expect, it, vi } from 'vitest';
import { dateTimeFormat } from './dates';
import { conjunctionList, listFormat, numberFormat, pluralRules } from './intl';

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

  it('builds no ICU number, list, plural or date formatter for French and Dutch (its start-up was a page’s longest task)', () => {
    const built = { number: vi.spyOn(Intl, 'NumberFormat'), list: vi.spyOn(Intl, 'ListFormat') };
    try {
      for (const locale of ['fr-BE', 'nl-BE']) {
        numberFormat(locale).format(1);
        numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(0.5);
        numberFormat(locale, {
          style: 'unit',
          unit: 'hour',
          unitDisplay: 'short',
          maximumFractionDigits: 2,
        }).format(1);
        numberFormat(locale, { style: 'currency', currency: 'EUR' }).format(1);
        conjunctionList(locale).format(['a', 'b']);
        listFormat(locale, { type: 'disjunction' }).format(['a', 'b']);
      }
      expect(built.number).not.toHaveBeenCalled();
      expect(built.list).not.toHaveBeenCalled();
      // Plural categories too (built by an earlier test already, so by what they are).
      expect(pluralRules('fr-BE')).not.toBeInstanceOf(Intl.PluralRules);
      expect(pluralRules('nl-BE').select(1)).toBe('one');
      expect(dateTimeFormat('fr-BE', { dateStyle: 'long', timeZone: 'Europe/Brussels' })).not.toBeInstanceOf(
        Intl.DateTimeFormat,
      );
      expect(dateTimeFormat('nl-BE', { dateStyle: 'medium', timeStyle: 'short' })).not.toBeInstanceOf(
        Intl.DateTimeFormat,
      );
      expect(pluralRules('de-LU')).toBeInstanceOf(Intl.PluralRules);
      // Other locales and options still get ICU's (locales no other test builds: test files share modules).
      numberFormat('de-AT', { maximumFractionDigits: 1 });
      listFormat('en-IE', { type: 'conjunction' });
      expect(built.number).toHaveBeenCalledWith('de-AT', { maximumFractionDigits: 1 });
      expect(built.list).toHaveBeenCalledWith('en-IE', { type: 'conjunction' });
    } finally {
      built.number.mockRestore();
      built.list.mockRestore();
    }
  });
});
