// The one place the SPA builds Intl formatters. Each is built once per locale and options and then reused:
// constructing one costs far more than using it (the first of a tab even loads ICU's data, 10-30 ms on a phone), and
// pages format numbers, dates and lists in every row of every render. French and Dutch ones in the formats the pages
// use need no ICU at all (belgian-formats.ts; dates: dates.ts).

import {
  belgianListFormat,
  belgianNumberFormat,
  belgianPluralRules,
  type ListFormatter,
  type NumberFormatter,
  type PluralSelector,
} from './belgian-formats';

export type { ListFormatter, NumberFormatter, PluralSelector } from './belgian-formats';

const formatters = new Map<string, unknown>();

/** Builds a formatter once per kind, locale and options. */
export function once<T>(kind: string, locale: string, options: object | undefined, build: () => T): T {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ''}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** fr-BE and nl-BE numbers in the formats the pages use are written out (belgian-formats.ts: no ICU start-up). */
export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): NumberFormatter {
  return once(
    'number',
    locale,
    options,
    () => belgianNumberFormat(locale, options) ?? new Intl.NumberFormat(locale, options),
  );
}

/** How many decimals a currency's minor unit has (2 for the euro, 0 for the yen): ISO 4217, as Intl knows it. */
export function currencyFractionDigits(currency: string): number {
  if (currency === 'EUR') return 2;
  const format = once(
    'currency',
    'en',
    { currency },
    () => new Intl.NumberFormat('en', { style: 'currency', currency }),
  );
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

/** ICU's date formatter itself: for its parts (an instant's fields on a clock in Belgium), and dates.ts. */
export function dateTimeParts(locale: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return once('dateTime', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

/** fr-BE and nl-BE lists ("a, b et c", "a, b of c") are written out too (belgian-formats.ts). */
export function listFormat(locale: string, options?: Intl.ListFormatOptions): ListFormatter {
  return once(
    'list',
    locale,
    options,
    () => belgianListFormat(locale, options) ?? new Intl.ListFormat(locale, options),
  );
}

/** "a, b et c" / "a, b en c": the list every page joins names with. */
export function conjunctionList(locale: string): ListFormatter {
  return listFormat(locale, { style: 'long', type: 'conjunction' });
}

/** fr-BE and nl-BE plural categories are written out as well (belgian-formats.ts). */
export function pluralRules(locale: string, options?: Intl.PluralRulesOptions): PluralSelector {
  const icu = (): Intl.PluralRules =>
    once('plural', locale, options, () => new Intl.PluralRules(locale, options));
  return once(
    'belgianPlural',
    locale,
    options,
    () => belgianPluralRules(locale, options ?? {}, icu) ?? icu(),
  );
}
