// The one place the SPA builds Intl formatters. Each is built once per locale and options and then reused:
// constructing one costs far more than using it (the first of a page even loads ICU's locale data, 10-30 ms on a
// phone), and pages format numbers, dates and lists in every row of every render.

const formatters = new Map<string, unknown>();

function once<T>(kind: string, locale: string, options: object | undefined, build: () => T): T {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ''}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return once('number', locale, options, () => new Intl.NumberFormat(locale, options));
}

export function dateTimeFormat(locale: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return once('dateTime', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

export function listFormat(locale: string, options?: Intl.ListFormatOptions): Intl.ListFormat {
  return once('list', locale, options, () => new Intl.ListFormat(locale, options));
}

/** "a, b et c" / "a, b en c": the list every page joins names with. */
export function conjunctionList(locale: string): Intl.ListFormat {
  return listFormat(locale, { style: 'long', type: 'conjunction' });
}

export function pluralRules(locale: string, options?: Intl.PluralRulesOptions): Intl.PluralRules {
  return once('plural', locale, options, () => new Intl.PluralRules(locale, options));
}
