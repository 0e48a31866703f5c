// Dates in the SPA's two locales (fr-BE, nl-BE) without ICU, for the reason belgian-formats.ts gives; a module of
// its own so that the first chunk, whose pages show no date, does not carry it (dates.ts). belgian-dates.test.ts
// compares every style with ICU at each summer-time change and over four years, in four time zones.

import { isBelgianLocale, type BelgianLocale } from './belgian-formats';

export interface DateFormatter {
  format(date: Date | number): string;
}

interface DateWords {
  readonly months: readonly string[];
  readonly shortMonths: readonly string[];
  readonly weekdays: readonly string[];
  /** Between a long or full date and its time ("à", "om"); a medium date takes a comma. */
  readonly at: string;
}

const DATE_WORDS: Readonly<Record<BelgianLocale, DateWords>> = {
  'fr-BE': {
    months: 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre'.split(' '),
    shortMonths: 'janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.'.split(' '),
    weekdays: 'dimanche lundi mardi mercredi jeudi vendredi samedi'.split(' '),
    at: 'à',
  },
  'nl-BE': {
    months: 'januari februari maart april mei juni juli augustus september oktober november december'.split(
      ' ',
    ),
    shortMonths: 'jan feb mrt apr mei jun jul aug sep okt nov dec'.split(' '),
    weekdays: 'zondag maandag dinsdag woensdag donderdag vrijdag zaterdag'.split(' '),
    at: 'om',
  },
};

const HOUR_MS = 3_600_000;

/** The last Sunday of a month, 01:00 UTC: when Europe's summer time starts (March) and ends (October). */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Brussels' offset from UTC at an instant: CET, CEST under the EU's summer-time rule (in force since 1996). */
function brusselsOffsetMs(utc: number): number {
  const year = new Date(utc).getUTCFullYear();
  const summer = utc >= lastSundayAtOneUtc(year, 2) && utc < lastSundayAtOneUtc(year, 9);
  return (summer ? 2 : 1) * HOUR_MS;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

function wallClock(date: Date, timeZone: 'Europe/Brussels' | undefined): WallClock {
  if (timeZone === undefined) {
    return {
      year: date.getFullYear(),
      month: date.getMonth(),
      day: date.getDate(),
      weekday: date.getDay(),
      hour: date.getHours(),
      minute: date.getMinutes(),
    };
  }
  const shifted = new Date(date.getTime() + brusselsOffsetMs(date.getTime()));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const DATE_OPTIONS: ReadonlySet<string> = new Set(['dateStyle', 'timeStyle', 'timeZone']);

/**
 * "5 mars 2026", "5 mrt 2026, 09:05", "jeudi 5 mars 2026 à 09:05", "09:05": dates in the long, medium and full
 * styles, with or without the short time, in Brussels or the browser's time zone, for the years 1996-2099 (the
 * EU's summer-time rule); undefined for other locales, options and time zones, and `icu` for other years.
 */
export function belgianDateFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions,
  icu: () => DateFormatter,
): DateFormatter | undefined {
  const words = isBelgianLocale(locale) ? DATE_WORDS[locale] : undefined;
  const { dateStyle, timeStyle, timeZone } = options;
  if (!words || Object.keys(options).some((key) => !DATE_OPTIONS.has(key))) return undefined;
  if (timeZone !== undefined && timeZone !== 'Europe/Brussels') return undefined;
  if (dateStyle !== undefined && dateStyle !== 'long' && dateStyle !== 'medium' && dateStyle !== 'full')
    return undefined;
  if (timeStyle !== undefined && timeStyle !== 'short') return undefined;
  if (dateStyle === undefined && timeStyle === undefined) return undefined;
  return {
    format(value: Date | number): string {
      const date = typeof value === 'number' ? new Date(value) : value;
      if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
      const clock = wallClock(date, timeZone);
      if (clock.year < 1996 || clock.year > 2099) return icu().format(date);
      const time = `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`;
      if (dateStyle === undefined) return time;
      const month = (dateStyle === 'medium' ? words.shortMonths : words.months)[clock.month] ?? '';
      const day = `${String(clock.day)} ${month} ${String(clock.year)}`;
      const dated = dateStyle === 'full' ? `${words.weekdays[clock.weekday] ?? ''} ${day}` : day;
      if (timeStyle === undefined) return dated;
      return dateStyle === 'medium' ? `${dated}, ${time}` : `${dated} ${words.at} ${time}`;
    },
  };
}
