// Display helpers of the hours ledger (`GET /api/me/hours`): period labels, progress values, what is left to do.
import type { LedgerPeriod, LedgerYear, ObligationKind } from '@soins/shared';
import type { MessageKey } from '../../../i18n';
import { formatDate, localeOf } from '../format';
import { numberFormat } from '../../../i18n/intl';

export const OBLIGATION_TITLE: Readonly<Record<ObligationKind, MessageKey>> = {
  nurse_inami_annual: 'courses.hours.obligation.nurse_inami_annual',
  nurse_specialist: 'courses.hours.obligation.nurse_specialist',
  midwife: 'courses.hours.obligation.midwife',
};

function isWholeYears(period: Pick<LedgerPeriod, 'startsOn' | 'endsOn'>): boolean {
  return period.startsOn.endsWith('-01-01') && period.endsOn.endsWith('-12-31');
}

/** "2026", "2023–2026" for calendar-year periods, else the two dates ("1 mars 2024 – 28 février 2029"). */
export function periodLabel(lang: string, period: Pick<LedgerPeriod, 'startsOn' | 'endsOn'>): string {
  if (isWholeYears(period)) {
    const from = period.startsOn.slice(0, 4);
    const to = period.endsOn.slice(0, 4);
    return from === to ? from : `${from}–${to}`;
  }
  return `${formatDate(lang, period.startsOn)} – ${formatDate(lang, period.endsOn)}`;
}

/** Hours still needed in the period (0 once met). */
export function remainingHours(period: Pick<LedgerPeriod, 'hours' | 'requiredHours'>): number {
  return Math.max(0, Math.round((period.requiredHours - period.hours) * 100) / 100);
}

/** The `<progress>` value: the hours done, capped at what is required (so the bar never overflows). */
export function progressValue(period: Pick<LedgerPeriod, 'hours' | 'requiredHours'>): number {
  return Math.min(period.hours, period.requiredHours);
}

/** Years newest first, as a reader scans a history. */
export function yearsNewestFirst(years: readonly LedgerYear[]): LedgerYear[] {
  return [...years].sort((a, b) => b.year - a.year);
}

/** Periods with the current one first, then the older ones newest first. */
export function periodsForDisplay<P extends Pick<LedgerPeriod, 'startsOn' | 'current'>>(
  periods: readonly P[],
): P[] {
  return [...periods].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.startsOn.localeCompare(a.startsOn),
  );
}

/** The localized year of a ledger row (plain digits; no thousands separator). */
export function yearLabel(lang: string, year: number): string {
  return numberFormat(localeOf(lang), { useGrouping: false }).format(year);
}
