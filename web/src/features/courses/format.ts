// Numbers, hours, durations and dates of the courses pages, always through Intl in the reader's language (Belgian
// conventions: `fr-BE`, `nl-BE`).

export function localeOf(lang: string): string {
  return lang === 'nl' ? 'nl-BE' : 'fr-BE';
}

/** Accredited hours: "1,5 h" / "1,5 uur". */
export function formatHours(lang: string, hours: number): string {
  return new Intl.NumberFormat(localeOf(lang), {
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'short',
    maximumFractionDigits: 2,
  }).format(hours);
}

export function formatNumber(lang: string, value: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits }).format(value);
}

/** A percentage given as 0–100: "80 %". */
export function formatPercent(lang: string, percent: number): string {
  return new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 0 }).format(
    percent / 100,
  );
}

/** A video length: seconds under a minute, else minutes rounded ("4 min", "45 s"). */
export function formatDuration(lang: string, seconds: number): string {
  const rounded = Math.max(0, Math.round(seconds));
  const inMinutes = rounded >= 60;
  return new Intl.NumberFormat(localeOf(lang), {
    style: 'unit',
    unit: inMinutes ? 'minute' : 'second',
    unitDisplay: 'short',
  }).format(inMinutes ? Math.round(rounded / 60) : rounded);
}

/** A date: "26 novembre 2026" / "26 november 2026" (ISO date-times and YYYY-MM-DD dates alike). */
export function formatDate(lang: string, iso: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(
    date,
  );
}

/** A date and time, e.g. when the next quiz attempt opens. */
export function formatDateTime(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(new Date(iso));
}

/** A list of names: "français et néerlandais". */
export function formatList(lang: string, items: readonly string[]): string {
  return new Intl.ListFormat(localeOf(lang), { style: 'long', type: 'conjunction' }).format(items);
}
