import { describe, expect, it } from 'vitest';
import { crossedMark, formatCountdown, minutesLeft, remainingMs } from './countdown';

describe('formatCountdown', () => {
  it('shows m:ss under an hour and h:mm:ss from one hour, rounding up', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(5 * 60_000)).toBe('5:00');
    expect(formatCountdown(3_600_000)).toBe('1:00:00');
    expect(formatCountdown(3_600_000 + 65_000)).toBe('1:01:05');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

describe('remainingMs', () => {
  it('is the time to the deadline, never negative', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(remainingMs('2026-01-01T10:01:00Z', now)).toBe(60_000);
    expect(remainingMs('2026-01-01T09:00:00Z', now)).toBe(0);
  });
});

describe('crossedMark', () => {
  it('announces 5 and 1 minutes once, when crossed', () => {
    expect(crossedMark(5 * 60_000 + 500, 5 * 60_000 - 500)).toBe(5);
    expect(crossedMark(5 * 60_000 - 500, 5 * 60_000 - 1500)).toBeUndefined();
    expect(crossedMark(60_500, 59_500)).toBe(1);
    expect(crossedMark(10 * 60_000, 9 * 60_000)).toBeUndefined();
  });

  it('announces the lowest mark when several are crossed at once, and nothing at zero', () => {
    expect(crossedMark(10 * 60_000, 30_000)).toBe(1);
    expect(crossedMark(30_000, 0)).toBeUndefined();
  });
});

describe('minutesLeft', () => {
  it('rounds up', () => {
    expect(minutesLeft(61_000)).toBe(2);
    expect(minutesLeft(0)).toBe(0);
  });
});
