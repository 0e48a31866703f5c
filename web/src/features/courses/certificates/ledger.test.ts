import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatHours, formatPercent } from '../format';
import {
  periodLabel,
  periodsForDisplay,
  progressValue,
  remainingHours,
  yearLabel,
  yearsNewestFirst,
} from './ledger';

const plain = (text: string): string => text.replace(/\s/g, ' ');

describe('periodLabel', () => {
  it('shows calendar-year periods as years', () => {
    expect(periodLabel('fr', { startsOn: '2026-01-01', endsOn: '2026-12-31' })).toBe('2026');
    expect(periodLabel('nl', { startsOn: '2023-01-01', endsOn: '2026-12-31' })).toBe('2023–2026');
  });

  it('shows other periods as dates in the reader language', () => {
    expect(periodLabel('fr', { startsOn: '2024-03-01', endsOn: '2029-02-28' })).toBe(
      '1 mars 2024 – 28 février 2029',
    );
    expect(periodLabel('nl', { startsOn: '2024-03-01', endsOn: '2029-02-28' })).toBe(
      '1 maart 2024 – 28 februari 2029',
    );
  });
});

describe('progress', () => {
  it('caps the bar at the requirement and says what is left', () => {
    expect(progressValue({ hours: 7, requiredHours: 5 })).toBe(5);
    expect(progressValue({ hours: 1.5, requiredHours: 5 })).toBe(1.5);
    expect(remainingHours({ hours: 1.5, requiredHours: 5 })).toBe(3.5);
    expect(remainingHours({ hours: 0.1 + 0.2, requiredHours: 1 })).toBe(0.7);
    expect(remainingHours({ hours: 9, requiredHours: 5 })).toBe(0);
  });
});

describe('ordering', () => {
  it('lists years newest first and the current period first', () => {
    expect(
      yearsNewestFirst([
        { year: 2024, hours: 1, certificates: 1 },
        { year: 2026, hours: 0, certificates: 0 },
      ]).map((y) => y.year),
    ).toEqual([2026, 2024]);
    expect(
      periodsForDisplay([
        { startsOn: '2018-01-01', current: false },
        { startsOn: '2026-01-01', current: true },
        { startsOn: '2022-01-01', current: false },
      ]).map((p) => p.startsOn),
    ).toEqual(['2026-01-01', '2022-01-01', '2018-01-01']);
    expect(yearLabel('fr', 2026)).toBe('2026');
  });
});

describe('format', () => {
  it('formats hours, percentages, durations and dates per language', () => {
    expect(plain(formatHours('fr', 1.5))).toBe('1,5 h');
    expect(plain(formatHours('nl', 1.5))).toBe('1,5 uur');
    expect(plain(formatPercent('fr', 80))).toBe('80 %');
    expect(plain(formatPercent('nl', 80))).toBe('80%');
    expect(plain(formatDuration('fr', 4))).toBe('4 s');
    expect(plain(formatDuration('nl', 250))).toBe('4 min');
    expect(formatDate('fr', '2026-11-26')).toBe('26 novembre 2026');
    expect(formatDate('nl', '2026-11-26T10:00:00Z')).toBe('26 november 2026');
  });
});
