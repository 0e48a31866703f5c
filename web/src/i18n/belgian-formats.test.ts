import { describe, expect, it } from 'vitest';
import { belgianListFormat, belgianNumberFormat, belgianPluralRules } from './belgian-formats';

// Every format the pages use, each compared with ICU (Node's, full data) in both locales.
const FORMATS: readonly Intl.NumberFormatOptions[] = [
  {},
  { maximumFractionDigits: 0 },
  { maximumFractionDigits: 1 },
  { maximumFractionDigits: 2 },
  { useGrouping: false },
  { style: 'percent' },
  { style: 'percent', maximumFractionDigits: 1 },
  { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 2 },
  { style: 'unit', unit: 'minute', unitDisplay: 'short' },
  { style: 'unit', unit: 'second', unitDisplay: 'short' },
  { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 1 },
  { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 },
  { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 },
  { style: 'currency', currency: 'EUR' },
];

const EDGES = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2.5,
  -0.5,
  1.005,
  1.0049,
  0.125,
  0.995,
  0.9995,
  0.999,
  0.0005,
  0.00049,
  5e-7,
  12.345,
  99.95,
  999.9995,
  1234,
  12345.678,
  1234567.891,
  -1234.5,
  2026,
  1e21,
  1.5e-10,
  123456789012,
  0.1 + 0.2,
  4.35,
  1.45,
  8.675,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

/** Deterministic pseudo-random values of every magnitude (a fixed seed: a failure names its value). */
function sampleValues(count: number): number[] {
  let seed = 0x5eed;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, () => {
    const magnitude = 10 ** Math.floor(next() * 12 - 5);
    const value = next() * magnitude;
    const rounded = next() < 0.3 ? Math.round(value * 1000) / 1000 : value;
    return next() < 0.15 ? -rounded : rounded;
  });
}

describe('Belgian number formats without ICU', () => {
  for (const locale of ['fr-BE', 'nl-BE']) {
    for (const options of FORMATS) {
      it(`${locale} ${JSON.stringify(options)} gives what Intl.NumberFormat gives`, () => {
        const ours = belgianNumberFormat(locale, options);
        expect(ours).toBeDefined();
        const icu = new Intl.NumberFormat(locale, options);
        for (const value of [...EDGES, ...sampleValues(2000)]) {
          expect(ours?.format(value), String(value)).toBe(icu.format(value));
        }
      });
    }
  }

  it('leaves other locales and other options to Intl', () => {
    expect(belgianNumberFormat('de-BE')).toBeUndefined();
    expect(belgianNumberFormat('fr-FR')).toBeUndefined();
    expect(belgianNumberFormat('fr-BE', { minimumFractionDigits: 2 })).toBeUndefined();
    expect(belgianNumberFormat('fr-BE', { style: 'currency', currency: 'USD' })).toBeUndefined();
    expect(
      belgianNumberFormat('fr-BE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
    ).toBeUndefined();
    expect(belgianNumberFormat('nl-BE', { style: 'unit', unit: 'day' })).toBeUndefined();
    expect(
      belgianNumberFormat('nl-BE', { style: 'unit', unit: 'hour', unitDisplay: 'long' }),
    ).toBeUndefined();
    expect(belgianNumberFormat('nl-BE', { useGrouping: true })).toBeUndefined();
    expect(belgianNumberFormat('nl-BE', { maximumFractionDigits: 1.5 })).toBeUndefined();
  });
});

describe('Belgian lists without ICU', () => {
  const LISTS = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['français', 'néerlandais', 'allemand', 'anglais']];
  for (const locale of ['fr-BE', 'nl-BE']) {
    for (const options of [
      {},
      { type: 'conjunction' },
      { style: 'long', type: 'conjunction' },
      { type: 'disjunction' },
    ] as const) {
      it(`${locale} ${JSON.stringify(options)} gives what Intl.ListFormat gives`, () => {
        const ours = belgianListFormat(locale, options);
        expect(ours).toBeDefined();
        const icu = new Intl.ListFormat(locale, options);
        for (const list of LISTS) expect(ours?.format(list)).toBe(icu.format(list));
        expect(ours?.format(new Set(['x', 'y']))).toBe(icu.format(['x', 'y']));
      });
    }
  }

  it('leaves other locales, styles and types to Intl', () => {
    expect(belgianListFormat('en-BE')).toBeUndefined();
    expect(belgianListFormat('fr-BE', { style: 'short' })).toBeUndefined();
    expect(belgianListFormat('nl-BE', { type: 'unit' })).toBeUndefined();
  });
});

describe('Belgian plural categories without ICU', () => {
  for (const locale of ['fr-BE', 'nl-BE']) {
    it(`${locale} gives what Intl.PluralRules gives`, () => {
      const icu = new Intl.PluralRules(locale);
      const ours = belgianPluralRules(locale, {}, () => icu);
      expect(ours).toBeDefined();
      const wholes = Array.from({ length: 300 }, (_, i) => i);
      const millions = [1e6, 2e6, 3e6, 1e7, 1e9, 1_000_001, 999_999, 1e6 + 0.5, 1e12, 1e15, 1e21];
      const near = [
        0.9994, 0.9995, 0.9996, 1.0004, 1.0005, 1.0001, 1.999, 1.9995, 2.0004, 0.0004, -1, -0, -2, 1.5,
      ];
      for (const value of [...wholes, ...millions, ...near, ...EDGES, ...sampleValues(3000)]) {
        expect(ours?.select(value), String(value)).toBe(icu.select(value));
      }
    });
  }

  it('leaves other locales and options to Intl', () => {
    const icu = (): Intl.PluralRules => new Intl.PluralRules('fr-BE');
    expect(belgianPluralRules('de-BE', {}, icu)).toBeUndefined();
    expect(belgianPluralRules('fr-BE', { type: 'ordinal' }, icu)).toBeUndefined();
  });
});
