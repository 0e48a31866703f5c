// Pure rules of watched-interval progress: merging, coverage, plausibility (no jump faster than
// playback allows), the per-chapter report rate and chapter completion. No I/O here.
import type { CompletionRule } from '@soins/shared';
import type { WatchClock } from './model';

/** `[start, end]` in seconds of the video, start < end. */
export type Interval = readonly [number, number];

/** Reported values may exceed the duration by this much (players round the last frame up). */
export const durationToleranceSeconds = 0.5;
/** Highest playback rate the player offers: watched seconds grow at most this fast. */
export const maxPlaybackRate = 2;
/** Allowance for network and timer jitter between the player and the api: once per watch session. */
export const jumpSlackSeconds = 5;
/** A pause longer than this ends the watch session: the next one starts again from the slack alone. */
export const sessionGapMs = 10 * 60_000;
/** Least wait between two accepted reports of one chapter. */
export const minReportIntervalMs = 2_000;

/** Sorted, with overlapping and adjacent intervals merged (`[0,5]` + `[5,9]` → `[0,9]`). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}

/** Seconds covered by the union of the intervals. */
export function coveredSeconds(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce((total, [start, end]) => total + (end - start), 0);
}

/** Share of the duration covered, 0–100, rounded down. */
export function watchedPercent(intervals: readonly Interval[], durationSeconds: number): number {
  if (durationSeconds <= 0) return 0;
  const ratio = Math.min(1, coveredSeconds(intervals) / durationSeconds);
  return Math.floor(ratio * 100 + 1e-9);
}

export type IntervalProblem = { index: number; message: string };

/**
 * Checks reported intervals against the chapter: finite, start < end, within [0, duration] with a
 * small tolerance. Answers the intervals clamped to the duration, or the first problem found.
 */
export function checkIntervals(
  intervals: readonly Interval[],
  durationSeconds: number,
): { ok: true; intervals: Interval[] } | { ok: false; problem: IntervalProblem } {
  const limit = durationSeconds + durationToleranceSeconds;
  const clamped: Interval[] = [];
  for (const [index, [start, end]] of intervals.entries()) {
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      return { ok: false, problem: { index, message: 'expected finite numbers' } };
    }
    if (start < 0 || end > limit) {
      return { ok: false, problem: { index, message: `expected values within [0, ${durationSeconds}]` } };
    }
    if (!(start < end)) return { ok: false, problem: { index, message: 'expected start < end' } };
    const clampedStart = Math.min(start, durationSeconds);
    const clampedEnd = Math.min(end, durationSeconds);
    // An interval entirely in the tolerance past the end adds nothing.
    if (clampedStart < clampedEnd) clamped.push([clampedStart, clampedEnd]);
  }
  return { ok: true, intervals: clamped };
}

/** True when a position is within [0, duration] with the same tolerance. */
export function isValidPosition(position: number, durationSeconds: number): boolean {
  return Number.isFinite(position) && position >= 0 && position <= durationSeconds + durationToleranceSeconds;
}

/** Seconds the new intervals add to what is already stored (overlaps count once). */
export function newlyWatchedSeconds(stored: readonly Interval[], incoming: readonly Interval[]): number {
  return Math.max(0, coveredSeconds([...stored, ...incoming]) - coveredSeconds(stored));
}

/**
 * The watch clock at `now`: the stored allowance grown by the time elapsed at the highest playback rate
 * (never backwards, whatever the instances' clocks say), or a new session holding the slack alone when
 * there is none or the last activity is older than `sessionGapMs`.
 */
export function clockAt(
  stored: WatchClock | undefined,
  userId: string,
  now: Date,
): { clock: WatchClock; newSession: boolean } {
  const at = now.toISOString();
  const last = stored ? Date.parse(stored.lastActivityAt) : Number.NaN;
  if (!stored || !(now.getTime() - last <= sessionGapMs)) {
    return {
      clock: { userId, sessionStartedAt: at, lastActivityAt: at, allowanceSeconds: jumpSlackSeconds },
      newSession: true,
    };
  }
  const elapsedMs = Math.max(0, now.getTime() - last);
  return {
    clock: {
      ...stored,
      lastActivityAt: elapsedMs > 0 ? at : stored.lastActivityAt,
      allowanceSeconds: stored.allowanceSeconds + (elapsedMs / 1000) * maxPlaybackRate,
    },
    newSession: false,
  };
}

/** Seconds to wait before the next report is accepted (0 when it may be sent now). */
export function retryAfterSeconds(lastReportAt: string | undefined, now: Date): number {
  if (lastReportAt === undefined) return 0;
  const waitMs = Date.parse(lastReportAt) + minReportIntervalMs - now.getTime();
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

/** The stored facts completion depends on. */
export interface ChapterFacts {
  readonly openedAt?: string | undefined;
  readonly intervals: readonly Interval[];
  readonly completedAt?: string | undefined;
}

/**
 * Whether a chapter counts as completed. Once recorded, completion stays (a later change of the rule
 * or of the video never takes it back).
 */
export function isChapterCompleted(
  rule: CompletionRule,
  facts: ChapterFacts | undefined,
  durationSeconds: number,
): boolean {
  if (!facts) return false;
  if (facts.completedAt !== undefined) return true;
  if (rule.kind === 'launch') return facts.openedAt !== undefined;
  return coveredSeconds(facts.intervals) >= (rule.percent / 100) * durationSeconds - 1e-9;
}
