// Numbers, hours, durations and dates of the courses pages, always through Intl in the reader's language (Belgian
// conventions: `fr-BE`, `nl-BE`).

import { dateTimeFormat } from '../../i18n/dates';
import { conjunctionList, numberFormat } from '../../i18n/intl';

export function localeOf(lang: string): string {
  return lang === 'nl' ? 'nl-BE' : 'fr-BE';
}

/** Accredited hours: "1,5 h" / "1,5 uur". */
export function formatHours(lang: string, hours: number): string {
  return numberFormat(localeOf(lang), {
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'short',
    maximumFractionDigits: 2,
  }).format(hours);
}

export function formatNumber(lang: string, value: number, maximumFractionDigits = 2): string {
  return numberFormat(localeOf(lang), { maximumFractionDigits }).format(value);
}

/**
 * The number to show for a percentage (0–100), rounded as people expect: to the nearest whole number, except
 * that rounding never claims what is not so. Something started never shows 0 %, something unfinished never
 * 100 %, and a value under `below` (e.g. a failed score under the pass mark) never reaches it: those keep one
 * decimal, cut towards the true value (0.3 %, 99.9 %, 79.9 %).
 */
export function displayPercent(value: number, { below }: { readonly below?: number } = {}): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  if (value >= 100) return 100;
  const rounded = Math.round(value);
  const misleading =
    rounded === 0 || rounded === 100 || (below !== undefined && value < below && rounded >= below);
  if (!misleading) return rounded;
  return rounded === 0 ? Math.ceil(value * 10) / 10 : Math.floor(value * 10) / 10;
}

/** A percentage given as 0–100 ("67 %", "99,9 %"), rounded with `displayPercent`. */
export function formatPercent(
  lang: string,
  percent: number,
  options: { readonly below?: number } = {},
): string {
  return numberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }).format(
    displayPercent(percent, options) / 100,
  );
}

/** The share `part / whole` in percent (0 when `whole` is 0), unrounded: format it with `formatPercent`. */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? (part * 100) / whole : 0;
}

/** A video length: seconds under a minute, else minutes rounded ("4 min", "45 s"). */
export function formatDuration(lang: string, seconds: number): string {
  const rounded = Math.max(0, Math.round(seconds));
  const inMinutes = rounded >= 60;
  return numberFormat(localeOf(lang), {
    style: 'unit',
    unit: inMinutes ? 'minute' : 'second',
    unitDisplay: 'short',
  }).format(inMinutes ? Math.round(rounded / 60) : rounded);
}

/** A date: "26 novembre 2026" / "26 november 2026" (ISO date-times and YYYY-MM-DD dates alike). */
export function formatDate(lang: string, iso: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return dateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(date);
}

/** A date and time, e.g. when the next quiz attempt opens. */
export function formatDateTime(lang: string, iso: string): string {
  return dateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(new Date(iso));
}

/** A list of names: "français et néerlandais". */
export function formatList(lang: string, items: readonly string[]): string {
  return conjunctionList(localeOf(lang)).format(items);
}
