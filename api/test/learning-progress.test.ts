// The pure rules of watched-interval progress: merging, coverage, validation, jump and rate checks,
// completion. Property-like checks run over seeded random interval sets against a brute-force measure.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './fakes/mulberry32';
import {
  checkIntervals,
  coveredSeconds,
  isChapterCompleted,
  isValidPosition,
  clockAt,
  sessionGapMs,
  mergeIntervals,
  newlyWatchedSeconds,
  retryAfterSeconds,
  watchedPercent,
  type Interval,
} from '../src/domain/learning/progress';

/** Deterministic pseudo-random numbers, so a failure is reproducible. */
const random = mulberry32;

/** Random intervals with integer ends in [0, max], start < end. */
function randomIntervals(next: () => number, count: number, max: number): Interval[] {
  return Array.from({ length: count }, () => {
    const a = Math.floor(next() * max);
    const b = Math.floor(next() * max);
    const start = Math.min(a, b);
    const end = Math.max(a, b) === start ? start + 1 : Math.max(a, b);
    return [start, end] as const;
  });
}

/** Covered unit cells, counted one by one: the obvious (slow) answer for integer intervals. */
function bruteForceCoverage(intervals: readonly Interval[], max: number): number {
  let covered = 0;
  for (let cell = 0; cell < max + 1; cell++) {
    if (intervals.some(([start, end]) => start <= cell && cell + 1 <= end)) covered++;
  }
  return covered;
}

describe('mergeIntervals', () => {
  it('handles the empty list and a single interval', () => {
    expect(mergeIntervals([])).toEqual([]);
    expect(mergeIntervals([[3, 7]])).toEqual([[3, 7]]);
  });

  it('merges overlapping, adjacent and contained intervals and sorts the result', () => {
    expect(
      mergeIntervals([
        [10, 20],
        [0, 5],
        [5, 8],
        [15, 25],
        [12, 13],
        [30, 31],
      ]),
    ).toEqual([
      [0, 8],
      [10, 25],
      [30, 31],
    ]);
  });

  it('keeps intervals separated by the smallest gap apart', () => {
    expect(
      mergeIntervals([
        [0, 1],
        [1.001, 2],
      ]),
    ).toEqual([
      [0, 1],
      [1.001, 2],
    ]);
  });

  it('merges duplicates and never mutates its input', () => {
    const input: Interval[] = [
      [4, 6],
      [4, 6],
      [1, 2],
    ];
    const copy = structuredClone(input);
    expect(mergeIntervals(input)).toEqual([
      [1, 2],
      [4, 6],
    ]);
    expect(input).toEqual(copy);
  });

  it('answers sorted, disjoint, non-adjacent intervals whatever the input (random sets)', () => {
    const next = random(42);
    for (let run = 0; run < 300; run++) {
      const merged = mergeIntervals(randomIntervals(next, 1 + Math.floor(next() * 25), 100));
      for (const [start, end] of merged) expect(start).toBeLessThan(end);
      for (let i = 1; i < merged.length; i++) {
        expect(merged[i]?.[0]).toBeGreaterThan(merged[i - 1]?.[1] ?? Infinity);
      }
    }
  });

  it('is idempotent and independent of the order of its input (random sets)', () => {
    const next = random(7);
    for (let run = 0; run < 200; run++) {
      const intervals = randomIntervals(next, 1 + Math.floor(next() * 20), 60);
      const merged = mergeIntervals(intervals);
      expect(mergeIntervals(merged)).toEqual(merged);
      const shuffled = [...intervals].sort(() => next() - 0.5);
      expect(mergeIntervals(shuffled)).toEqual(merged);
    }
  });
});

describe('coveredSeconds and watchedPercent', () => {
  it('counts overlaps once', () => {
    expect(
      coveredSeconds([
        [0, 10],
        [5, 15],
        [20, 21.5],
      ]),
    ).toBe(16.5);
    expect(coveredSeconds([])).toBe(0);
  });

  it('matches a brute-force count of covered seconds (random sets)', () => {
    const next = random(2026);
    for (let run = 0; run < 300; run++) {
      const intervals = randomIntervals(next, 1 + Math.floor(next() * 15), 80);
      expect(coveredSeconds(intervals)).toBe(bruteForceCoverage(intervals, 80));
    }
  });

  it('answers a rounded-down percent of the duration, capped at 100', () => {
    expect(watchedPercent([[0, 59.9]], 60)).toBe(99);
    expect(watchedPercent([[0, 60]], 60)).toBe(100);
    expect(watchedPercent([[0, 30]], 60)).toBe(50);
    expect(watchedPercent([[0, 0.5]], 60)).toBe(0);
    expect(watchedPercent([[0, 10]], 0)).toBe(0);
  });
});

describe('checkIntervals', () => {
  const ok = (intervals: Interval[]) => checkIntervals(intervals, 60);

  it('accepts values within [0, duration] and up to 0.5 s past the end, clamped to the duration', () => {
    expect(
      ok([
        [0, 10],
        [55, 60.5],
      ]),
    ).toEqual({
      ok: true,
      intervals: [
        [0, 10],
        [55, 60],
      ],
    });
  });

  it('drops an interval entirely within the tolerance past the end (it adds nothing)', () => {
    expect(ok([[60.1, 60.4]])).toEqual({ ok: true, intervals: [] });
  });

  it.each<[string, Interval, string]>([
    ['a negative start', [-0.1, 5], 'within'],
    ['an end past the tolerance', [50, 60.51], 'within'],
    ['start equal to end', [5, 5], 'start < end'],
    ['start after end', [9, 5], 'start < end'],
    ['NaN', [Number.NaN, 5], 'finite'],
    ['infinity', [0, Number.POSITIVE_INFINITY], 'finite'],
  ])('refuses %s and names the interval', (_name, bad, message) => {
    const result = ok([[0, 1], bad]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.index).toBe(1);
      expect(result.problem.message).toContain(message);
    }
  });

  it('checks positions with the same tolerance', () => {
    expect(isValidPosition(0, 60)).toBe(true);
    expect(isValidPosition(60.5, 60)).toBe(true);
    expect(isValidPosition(60.6, 60)).toBe(false);
    expect(isValidPosition(-1, 60)).toBe(false);
    expect(isValidPosition(Number.NaN, 60)).toBe(false);
  });
});

describe('jump check', () => {
  it('counts only the seconds not already stored', () => {
    const stored: Interval[] = [[0, 30]];
    expect(newlyWatchedSeconds(stored, [[20, 40]])).toBe(10);
    expect(newlyWatchedSeconds(stored, [[0, 30]])).toBe(0);
    expect(
      newlyWatchedSeconds(stored, [
        [35, 40],
        [38, 45],
      ]),
    ).toBe(10);
    expect(newlyWatchedSeconds([], [])).toBe(0);
  });

  it('never exceeds what the new intervals cover, and adds up with the stored coverage (random sets)', () => {
    const next = random(99);
    for (let run = 0; run < 300; run++) {
      const stored = mergeIntervals(randomIntervals(next, Math.floor(next() * 10), 120));
      const incoming = randomIntervals(next, 1 + Math.floor(next() * 20), 120);
      const added = newlyWatchedSeconds(stored, incoming);
      expect(added).toBeGreaterThanOrEqual(0);
      expect(added).toBeLessThanOrEqual(coveredSeconds(incoming));
      expect(coveredSeconds(stored) + added).toBe(coveredSeconds([...stored, ...incoming]));
    }
  });

  it('starts a session with the 5 s slack and grows twice as fast as the wall clock', () => {
    const t0 = new Date('2026-11-25T10:00:00.000Z');
    const start = clockAt(undefined, 'u1', t0);
    expect(start).toEqual({
      newSession: true,
      clock: {
        userId: 'u1',
        sessionStartedAt: t0.toISOString(),
        lastActivityAt: t0.toISOString(),
        allowanceSeconds: 5,
      },
    });
    const later = clockAt(start.clock, 'u1', new Date(t0.getTime() + 10_000));
    expect(later).toMatchObject({ newSession: false, clock: { allowanceSeconds: 25 } });
    // A clock that went backwards (another instance) grants nothing extra.
    expect(clockAt(later.clock, 'u1', t0).clock.allowanceSeconds).toBe(25);
  });

  it('ends a session after a long pause: the next one starts from the slack alone', () => {
    const t0 = new Date('2026-11-25T10:00:00.000Z');
    const spent = { ...clockAt(undefined, 'u1', t0).clock, allowanceSeconds: 0 };
    expect(clockAt(spent, 'u1', new Date(t0.getTime() + sessionGapMs)).clock.allowanceSeconds).toBe(
      (sessionGapMs / 1000) * 2,
    );
    expect(clockAt(spent, 'u1', new Date(t0.getTime() + sessionGapMs + 1))).toMatchObject({
      newSession: true,
      clock: { allowanceSeconds: 5 },
    });
  });

  it('makes a whole 60 s chapter in one report a second after opening impossible', () => {
    const t0 = new Date('2026-11-25T10:00:00.000Z');
    const opened = clockAt(undefined, 'u1', t0).clock;
    const oneSecondLater = clockAt(opened, 'u1', new Date(t0.getTime() + 1_000)).clock;
    expect(newlyWatchedSeconds([], [[0, 60]])).toBeGreaterThan(oneSecondLater.allowanceSeconds);
    // …while real-time playback reported every 10 s always passes.
    const tenSecondsLater = clockAt(opened, 'u1', new Date(t0.getTime() + 10_000)).clock;
    expect(newlyWatchedSeconds([[0, 10]], [[10, 20]])).toBeLessThanOrEqual(tenSecondsLater.allowanceSeconds);
  });
});

describe('report rate', () => {
  const now = new Date('2026-11-25T10:00:10.000Z');

  it('lets the first report through and asks to wait until 2 s after the previous one', () => {
    expect(retryAfterSeconds(undefined, now)).toBe(0);
    expect(retryAfterSeconds('2026-11-25T10:00:08.000Z', now)).toBe(0);
    expect(retryAfterSeconds('2026-11-25T10:00:07.000Z', now)).toBe(0);
    expect(retryAfterSeconds('2026-11-25T10:00:09.000Z', now)).toBe(1);
    expect(retryAfterSeconds('2026-11-25T10:00:09.900Z', now)).toBe(2);
    expect(retryAfterSeconds('2026-11-25T10:00:08.001Z', now)).toBe(1);
  });
});

describe('isChapterCompleted', () => {
  const watched90 = { kind: 'watched', percent: 90 } as const;
  const launch = { kind: 'launch' } as const;

  it('under `launch`, completes once the chapter is opened', () => {
    expect(isChapterCompleted(launch, undefined, 60)).toBe(false);
    expect(isChapterCompleted(launch, { intervals: [] }, 60)).toBe(false);
    expect(isChapterCompleted(launch, { intervals: [], openedAt: '2026-11-25T10:00:00Z' }, 60)).toBe(true);
  });

  it('under `watched`, completes at the percent of the duration (merged coverage)', () => {
    expect(isChapterCompleted(watched90, { intervals: [[0, 53.9]] }, 60)).toBe(false);
    expect(isChapterCompleted(watched90, { intervals: [[0, 54]] }, 60)).toBe(true);
    expect(
      isChapterCompleted(
        watched90,
        {
          intervals: [
            [0, 30],
            [30, 54],
          ],
        },
        60,
      ),
    ).toBe(true);
    expect(isChapterCompleted({ kind: 'watched', percent: 100 }, { intervals: [[0, 60]] }, 60)).toBe(true);
  });

  it('never un-completes: a recorded completion stands under any rule or coverage', () => {
    const facts = { intervals: [], completedAt: '2026-11-25T10:00:00Z' };
    expect(isChapterCompleted(watched90, facts, 60)).toBe(true);
    expect(isChapterCompleted(launch, facts, 60)).toBe(true);
  });
});
