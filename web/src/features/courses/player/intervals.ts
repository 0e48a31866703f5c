// Watched intervals of one chapter's video, from the player's `timeupdate` events. Pure: no DOM, no clock.
// A seek (or any jump the playback itself cannot explain) ends the current interval and the next one starts where
// playback resumes, so a learner who skips ahead is never credited with what was skipped.

/** `[start, end]` in seconds of the video, start < end (the api's `WatchedInterval`). */
export type Interval = readonly [number, number];

/** Intervals shorter than this are noise (a frame shown after a seek) and are dropped. */
const MIN_INTERVAL_SECONDS = 0.05;

/** Sorted, with overlapping and adjacent intervals merged (`[0,5]` + `[5,9]` → `[0,9]`). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export interface TrackerOptions {
  /** The chapter's duration: reported intervals never go past it. */
  readonly durationSeconds: number;
  /**
   * Largest forward step between two `timeupdate` events still counted as playback, in seconds of video per
   * second of playback rate (`timeupdate` fires every 250 ms or so, less often in a background tab).
   */
  readonly maxStepSeconds?: number;
}

export class WatchedIntervalTracker {
  private readonly durationSeconds: number;
  private readonly maxStepSeconds: number;
  /** Finished intervals not yet taken by a report. */
  private closed: Interval[] = [];
  /** The interval being played: from `start` up to the last observed time. */
  private openStart: number | undefined;
  private lastTime: number | undefined;
  private position = 0;

  constructor({ durationSeconds, maxStepSeconds = 2 }: TrackerOptions) {
    this.durationSeconds = durationSeconds;
    this.maxStepSeconds = maxStepSeconds;
  }

  /** Playback moved to `time` (a `timeupdate` while playing). `rate` is the current playback rate. */
  observe(time: number, rate = 1): void {
    if (!Number.isFinite(time) || time < 0) return;
    this.position = time;
    if (this.openStart === undefined || this.lastTime === undefined) {
      this.openStart = time;
      this.lastTime = time;
      return;
    }
    const step = time - this.lastTime;
    if (step < 0 || step > this.maxStepSeconds * Math.max(1, rate)) {
      // A jump playback cannot explain (a seek the `seeking` event did not announce): start afresh here.
      this.closeOpen();
      this.openStart = time;
    }
    this.lastTime = time;
  }

  /** The learner seeks (`seeking`): what was played so far ends here; nothing is credited until playback resumes. */
  seek(time: number): void {
    this.closeOpen();
    if (Number.isFinite(time) && time >= 0) this.position = time;
  }

  /** Playback stopped (`pause`, `ended`, `waiting`, error): the current interval ends at `time`. */
  stop(time?: number): void {
    if (time !== undefined) this.observe(time);
    this.closeOpen();
  }

  /** Last observed playback position (seconds), clamped to the duration. */
  currentPosition(): number {
    return Math.min(this.position, this.durationSeconds);
  }

  /** True when something was played since the last `take()`. */
  hasPending(): boolean {
    return this.pendingIntervals().length > 0;
  }

  /**
   * The intervals played since the last `take()`, merged and clamped to the duration, at most `max` of them;
   * the open interval is included up to now and keeps going from there. Intervals beyond `max` stay for the next
   * take. Call `restore()` with them if the report could not be delivered.
   */
  take(max: number): Interval[] {
    const pending = this.pendingIntervals();
    if (this.openStart !== undefined && this.lastTime !== undefined) this.openStart = this.lastTime;
    const taken = pending.slice(0, max);
    this.closed = pending.slice(max);
    return taken;
  }

  /** Gives back intervals a report could not deliver, so the next report carries them again. */
  restore(intervals: readonly Interval[]): void {
    this.closed = mergeIntervals([...this.closed, ...intervals]);
  }

  private pendingIntervals(): Interval[] {
    const all: Interval[] = [...this.closed];
    if (this.openStart !== undefined && this.lastTime !== undefined)
      all.push([this.openStart, this.lastTime]);
    return mergeIntervals(
      all
        .map(([start, end]): Interval => [Math.max(0, start), Math.min(end, this.durationSeconds)])
        .filter(([start, end]) => end - start >= MIN_INTERVAL_SECONDS),
    );
  }

  private closeOpen(): void {
    if (this.openStart !== undefined && this.lastTime !== undefined && this.lastTime > this.openStart) {
      this.closed.push([this.openStart, this.lastTime]);
    }
    this.openStart = undefined;
    this.lastTime = undefined;
  }
}
