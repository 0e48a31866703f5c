// Hours ledger: hours per calendar year and per legal period of the learner's obligations (DESIGN.md §5).
// Pure functions; the use case feeds them the learner's valid certificates.
//
// Period boundaries. The rules count hours over whole calendar years; the law anchors the multi-year
// periods on a date we do not hold (the specialist title's recognition, the midwife's visa). Until
// the profile carries that date, multi-year periods are consecutive blocks of calendar years anchored
// on OBLIGATION_ANCHOR_YEAR (2024–2027, 2028–2031 … for nurses with a specialist title; 2024–2028,
// 2029–2033 … for midwives), the same for every learner, so reminders and reports agree.
import type {
  HoursLedger,
  LedgerObligation,
  LedgerPeriod,
  LedgerYear,
  ObligationKind,
  Profession,
} from '@soins/shared';

export const OBLIGATION_ANCHOR_YEAR = 2024;
/** Calendar time of the obligations: Belgium. */
export const LEDGER_TIME_ZONE = 'Europe/Brussels';

export interface ObligationRule {
  readonly kind: ObligationKind;
  readonly requiredHours: number;
  readonly periodYears: number;
}

export const obligationRules: Readonly<Record<ObligationKind, ObligationRule>> = {
  nurse_inami_annual: { kind: 'nurse_inami_annual', requiredHours: 5, periodYears: 1 },
  nurse_specialist: { kind: 'nurse_specialist', requiredHours: 60, periodYears: 4 },
  midwife: { kind: 'midwife', requiredHours: 75, periodYears: 5 },
};

export interface LearnerObligationFacts {
  readonly profession?: Profession;
  readonly specialistTitle?: boolean;
  readonly hasInami: boolean;
}

/** Which obligations apply: none without a profession (calendar years only). */
export function obligationsFor(facts: LearnerObligationFacts): ObligationRule[] {
  if (facts.profession === 'midwife') return [obligationRules.midwife];
  if (facts.profession !== 'nurse') return [];
  return [
    ...(facts.hasInami ? [obligationRules.nurse_inami_annual] : []),
    ...(facts.specialistTitle ? [obligationRules.nurse_specialist] : []),
  ];
}

/** First calendar year of the period of `periodYears` years containing `year`. */
export function periodStartYear(year: number, periodYears: number, anchor = OBLIGATION_ANCHOR_YEAR): number {
  const offset = (((year - anchor) % periodYears) + periodYears) % periodYears;
  return year - offset;
}

/** Inclusive calendar-date bounds of the period containing `year`. */
export function periodBounds(
  year: number,
  periodYears: number,
  anchor = OBLIGATION_ANCHOR_YEAR,
): { startsOn: string; endsOn: string; startYear: number; endYear: number } {
  const startYear = periodStartYear(year, periodYears, anchor);
  const endYear = startYear + periodYears - 1;
  return { startsOn: `${startYear}-01-01`, endsOn: `${endYear}-12-31`, startYear, endYear };
}

/** Calendar year of an instant in Belgium (a quiz passed on 31 December at 23:30 UTC counts for the next year). */
export function calendarYearOf(iso: string, timeZone = LEDGER_TIME_ZONE): number {
  const year = new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone }).format(new Date(iso));
  return Number(year);
}

export interface LedgerEntry {
  readonly hours: number;
  readonly completedAt: string;
}

const roundHours = (hours: number): number => Math.round(hours * 100) / 100;

export function buildLedger(input: {
  readonly entries: readonly LedgerEntry[];
  readonly facts: LearnerObligationFacts;
  readonly now: Date;
}): HoursLedger {
  const currentYear = calendarYearOf(input.now.toISOString());
  const byYear = new Map<number, { hours: number; certificates: number }>();
  for (const entry of input.entries) {
    const year = calendarYearOf(entry.completedAt);
    const row = byYear.get(year) ?? { hours: 0, certificates: 0 };
    byYear.set(year, { hours: row.hours + entry.hours, certificates: row.certificates + 1 });
  }
  if (!byYear.has(currentYear)) byYear.set(currentYear, { hours: 0, certificates: 0 });
  const years: LedgerYear[] = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, row]) => ({ year, hours: roundHours(row.hours), certificates: row.certificates }));
  const hoursIn = (startYear: number, endYear: number): number =>
    roundHours(
      years.filter((y) => y.year >= startYear && y.year <= endYear).reduce((s, y) => s + y.hours, 0),
    );
  const firstYear = Math.min(years[0]?.year ?? currentYear, currentYear);

  const obligations: LedgerObligation[] = obligationsFor(input.facts).map((rule) => {
    const periods: LedgerPeriod[] = [];
    const current = periodBounds(currentYear, rule.periodYears);
    for (
      let start = periodBounds(firstYear, rule.periodYears).startYear;
      start <= current.startYear;
      start += rule.periodYears
    ) {
      const bounds = periodBounds(start, rule.periodYears);
      const hours = hoursIn(bounds.startYear, bounds.endYear);
      periods.push({
        startsOn: bounds.startsOn,
        endsOn: bounds.endsOn,
        hours,
        requiredHours: rule.requiredHours,
        progressPercent: Math.min(100, Math.floor((hours / rule.requiredHours) * 100)),
        met: hours >= rule.requiredHours,
        current: bounds.startYear === current.startYear,
      });
    }
    return { kind: rule.kind, requiredHours: rule.requiredHours, periodYears: rule.periodYears, periods };
  });

  return {
    profession: input.facts.profession ?? null,
    totalHours: roundHours(years.reduce((sum, y) => sum + y.hours, 0)),
    years,
    obligations,
  };
}
