// Numbers, lists and plural categories in the SPA's two locales (fr-BE, nl-BE) without ICU. The first number, list
// or date formatter a tab builds pays ICU's start-up: 35-95 ms in Chromium on this project's 2-core machine (once
// per tab, whichever kind comes first; plural rules pay 3-23 ms of their own), 140-380 ms under Lighthouse's 4x
// slowdown, while the page's first data renders. The formats the learner pages use (plain numbers, percentages, a
// few short units, euros, "a, b et c") are a handful of CLDR patterns, written out here; belgian-formats.test.ts
// compares each with ICU over many values. Dates are belgian-dates.ts; anything else (other locales and options)
// goes to Intl (intl.ts).

/** The two locales whose formats are written out here and in belgian-dates.ts. */
export type BelgianLocale = 'fr-BE' | 'nl-BE';

export function isBelgianLocale(locale: string): locale is BelgianLocale {
  return locale === 'fr-BE' || locale === 'nl-BE';
}

export interface NumberFormatter {
  format(value: number): string;
}

type Unit = 'hour' | 'minute' | 'second' | 'kilobyte' | 'megabyte';

interface Conventions {
  readonly decimal: string;
  readonly group: string;
  readonly percent: (number: string) => string;
  readonly units: Readonly<Record<Unit, (number: string) => string>>;
  readonly euros: (number: string) => string;
}

const NARROW_NBSP = '\u202f';
const NBSP = '\u00a0';

// CLDR 48 (ICU 78), short unit display; the minus sign is part of the number in every pattern.
const CONVENTIONS: Readonly<Record<BelgianLocale, Conventions>> = {
  'fr-BE': {
    decimal: ',',
    group: NARROW_NBSP,
    percent: (n) => `${n}${NBSP}%`,
    units: {
      hour: (n) => `${n}${NARROW_NBSP}h`,
      minute: (n) => `${n}${NBSP}min`,
      second: (n) => `${n}${NARROW_NBSP}s`,
      kilobyte: (n) => `${n}${NARROW_NBSP}ko`,
      megabyte: (n) => `${n}${NARROW_NBSP}Mo`,
    },
    euros: (n) => `${n}${NBSP}€`,
  },
  'nl-BE': {
    decimal: ',',
    group: '.',
    percent: (n) => `${n}%`,
    units: {
      hour: (n) => `${n} uur`,
      minute: (n) => `${n} min`,
      second: (n) => `${n} sec`,
      kilobyte: (n) => `${n} kB`,
      megabyte: (n) => `${n} MB`,
    },
    euros: (n) => `€${NBSP}${n}`,
  },
};

const UNITS: ReadonlySet<string> = new Set<Unit>(['hour', 'minute', 'second', 'kilobyte', 'megabyte']);
const OPTIONS: ReadonlySet<string> = new Set([
  'style',
  'unit',
  'unitDisplay',
  'currency',
  'maximumFractionDigits',
  'useGrouping',
]);

/**
 * The digits of |value| rounded half away from zero (ICU's default, `halfExpand`) to `maximumFraction` decimals,
 * starting from the shortest decimal that reads back as the value, as ICU does (1.005 → 1.01, where `toFixed` gives
 * 1.00). `shift` moves the decimal point first (2 for a percentage), exactly, in decimal.
 */
function roundedDigits(
  value: number,
  maximumFraction: number,
  shift: number,
): { readonly integer: string; readonly fraction: string } {
  const [mantissa = '0', exponent = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const pointAt = Number(exponent) + 1 + shift;
  let integer = pointAt > 0 ? digits.slice(0, pointAt).padEnd(pointAt, '0') : '0';
  let fraction = pointAt >= 0 ? digits.slice(pointAt) : '0'.repeat(-pointAt) + digits;
  if (fraction.length > maximumFraction) {
    const roundsUp = (fraction[maximumFraction] ?? '0') >= '5';
    fraction = fraction.slice(0, maximumFraction);
    if (roundsUp) {
      const all = (integer + fraction).split('').map(Number);
      let i = all.length - 1;
      while (i >= 0 && all[i] === 9) all[i--] = 0;
      if (i < 0) all.unshift(1);
      else all[i] = (all[i] ?? 0) + 1;
      const joined = all.join('');
      integer = joined.slice(0, joined.length - maximumFraction);
      fraction = joined.slice(joined.length - maximumFraction);
    }
  }
  return { integer: integer.replace(/^0+(?=\d)/, ''), fraction: fraction.replace(/0+$/, '') };
}

function grouped(integer: string, separator: string): string {
  let out = '';
  for (let end = integer.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    out = out === '' ? integer.slice(start, end) : `${integer.slice(start, end)}${separator}${out}`;
  }
  return out;
}

/**
 * A formatter for `locale` and `options` that gives what `Intl.NumberFormat` gives, or undefined when the locale or
 * an option is not one written out here (the caller then builds the Intl one).
 */
export function belgianNumberFormat(
  locale: string,
  options: Intl.NumberFormatOptions = {},
): NumberFormatter | undefined {
  const conventions = isBelgianLocale(locale) ? CONVENTIONS[locale] : undefined;
  if (!conventions || Object.keys(options).some((key) => !OPTIONS.has(key))) return undefined;
  const {
    style = 'decimal',
    unit,
    unitDisplay = 'short',
    currency,
    maximumFractionDigits,
    useGrouping,
  } = options;
  if (useGrouping !== undefined && useGrouping !== false) return undefined;
  if (
    maximumFractionDigits !== undefined &&
    !(Number.isInteger(maximumFractionDigits) && maximumFractionDigits >= 0)
  )
    return undefined;

  let pattern: (number: string) => string;
  let fractionDigits = { maximum: maximumFractionDigits ?? 3, minimum: 0 };
  let shift = 0;
  if (style === 'decimal' && unit === undefined && currency === undefined) pattern = (n) => n;
  else if (style === 'percent' && unit === undefined && currency === undefined) {
    pattern = conventions.percent;
    fractionDigits = { maximum: maximumFractionDigits ?? 0, minimum: 0 };
    shift = 2;
  } else if (
    style === 'unit' &&
    unit !== undefined &&
    UNITS.has(unit) &&
    unitDisplay === 'short' &&
    !currency
  ) {
    pattern = conventions.units[unit as Unit];
  } else if (
    style === 'currency' &&
    currency === 'EUR' &&
    unit === undefined &&
    maximumFractionDigits === undefined
  ) {
    pattern = conventions.euros;
    fractionDigits = { maximum: 2, minimum: 2 };
  } else return undefined;

  const separator = useGrouping === false ? undefined : conventions.group;
  return {
    format(value: number): string {
      if (Number.isNaN(value)) return pattern('NaN');
      if (!Number.isFinite(value)) return pattern(`${value < 0 ? '-' : ''}∞`);
      const { integer, fraction } = roundedDigits(value, fractionDigits.maximum, shift);
      const decimals = fraction.padEnd(fractionDigits.minimum, '0');
      const sign = value < 0 || Object.is(value, -0) ? '-' : '';
      const body = `${separator === undefined ? integer : grouped(integer, separator)}${decimals ? `${conventions.decimal}${decimals}` : ''}`;
      return pattern(`${sign}${body}`);
    },
  };
}

export interface ListFormatter {
  format(items: Iterable<string>): string;
}

const LIST_WORDS: Readonly<Record<BelgianLocale, Readonly<Record<'conjunction' | 'disjunction', string>>>> = {
  'fr-BE': { conjunction: 'et', disjunction: 'ou' },
  'nl-BE': { conjunction: 'en', disjunction: 'of' },
};

/** "a, b et c" / "a, b of c" (long style), or undefined for what Intl.ListFormat must do. */
export function belgianListFormat(
  locale: string,
  options: Intl.ListFormatOptions = {},
): ListFormatter | undefined {
  const words = isBelgianLocale(locale) ? LIST_WORDS[locale] : undefined;
  const { type = 'conjunction', style = 'long', ...rest } = options;
  if (!words || style !== 'long' || type === 'unit' || Object.keys(rest).length > 0) return undefined;
  const word = words[type];
  return {
    format(items: Iterable<string>): string {
      const all = [...items];
      const last = all.pop();
      if (last === undefined) return '';
      return all.length === 0 ? last : `${all.join(', ')} ${word} ${last}`;
    },
  };
}

export interface PluralSelector {
  select(value: number): Intl.LDMLPluralRule;
}

/**
 * CLDR's cardinal plural rules of French ("one" for 0 to 1.999, "many" for whole millions) and Dutch ("one" for
 * exactly 1), on the number as Intl.PluralRules formats it (at most 3 decimals, rounded half away from zero).
 * Numbers of 10^15 and beyond, where ICU's own arithmetic takes over, go to `icu` (built on first need);
 * undefined for other locales and options.
 */
export function belgianPluralRules(
  locale: string,
  options: Intl.PluralRulesOptions,
  icu: () => PluralSelector,
): PluralSelector | undefined {
  if (!isBelgianLocale(locale) || Object.keys(options).length > 0) return undefined;
  return {
    select(value: number): Intl.LDMLPluralRule {
      if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return icu().select(value);
      const { integer, fraction } = roundedDigits(value, 3, 0);
      const whole = Number(integer);
      if (locale === 'nl-BE') return whole === 1 && fraction === '' ? 'one' : 'other';
      if (whole === 0 || whole === 1) return 'one';
      return fraction === '' && whole % 1_000_000 === 0 ? 'many' : 'other';
    },
  };
}
