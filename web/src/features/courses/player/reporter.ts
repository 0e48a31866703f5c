// Sends a chapter's watched intervals to the api, one report at a time: every ~10 s while playing and at once on
// pause, end, tab hidden or page hide. Never two reports in flight; waits at least the api's minimum between two
// reports of a chapter and whatever `Retry-After` a 429 asks for. Undelivered intervals go back to the tracker.
import type { Interval, WatchedIntervalTracker } from './intervals';

export const REPORT_EVERY_MS = 10_000;

export interface ProgressPayload {
  readonly intervals: Interval[];
  readonly position: number;
}

/** What a send tells the reporter. */
export type SendOutcome<R> =
  | { readonly kind: 'ok'; readonly result: R }
  /** Too early: try again after this many seconds. */
  | { readonly kind: 'retry'; readonly afterSeconds: number }
  /** Refused for now (e.g. more watched than the elapsed time allows): keep the intervals for a later report. */
  | { readonly kind: 'later' }
  /** Refused for good (validation): drop the intervals. */
  | { readonly kind: 'drop' };

export interface ReporterDeps<R> {
  readonly tracker: WatchedIntervalTracker;
  readonly send: (
    payload: ProgressPayload,
    options: { readonly keepalive: boolean },
  ) => Promise<SendOutcome<R>>;
  readonly onResult?: (result: R) => void;
  readonly maxIntervals: number;
  /** Least wait between two reports (ms). */
  readonly minGapMs: number;
  readonly now?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export class ProgressReporter<R> {
  private inFlight: Promise<void> | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private notBefore = Number.NEGATIVE_INFINITY;
  private lastPosition: number | undefined;
  private timer: unknown;
  private disposed = false;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: ReporterDeps<R>) {
    this.now = deps.now ?? (() => Date.now());
    this.setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer =
      deps.clearTimer ??
      ((handle) => {
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      });
  }

  /**
   * Sends what is pending now, or as soon as allowed (the minimum gap, a Retry-After, a report in flight).
   * `keepalive` lets the request outlive the page (page hide).
   */
  flush(options: { readonly keepalive?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.inFlight) {
      // One report at a time: the next one goes when this one is answered.
      return this.inFlight.then(() => this.flush(options));
    }
    const wait = Math.max(this.lastSentAt + this.deps.minGapMs, this.notBefore) - this.now();
    if (wait > 0 && !options.keepalive) {
      this.schedule(wait);
      return Promise.resolve();
    }
    if (!this.deps.tracker.hasPending() && this.deps.tracker.currentPosition() === this.lastPosition) {
      return Promise.resolve();
    }
    this.inFlight = this.sendOnce(options.keepalive === true).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Stops timers; later flushes do nothing. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private async sendOnce(keepalive: boolean): Promise<void> {
    const intervals = this.deps.tracker.take(this.deps.maxIntervals);
    const position = this.deps.tracker.currentPosition();
    this.lastSentAt = this.now();
    let outcome: SendOutcome<R>;
    try {
      outcome = await this.deps.send({ intervals, position }, { keepalive });
    } catch {
      // Network failure: keep the intervals; the next periodic flush carries them.
      this.deps.tracker.restore(intervals);
      return;
    }
    switch (outcome.kind) {
      case 'ok':
        this.lastPosition = position;
        this.deps.onResult?.(outcome.result);
        if (this.deps.tracker.hasPending() && intervals.length >= this.deps.maxIntervals) {
          this.schedule(this.deps.minGapMs);
        }
        return;
      case 'retry':
        this.deps.tracker.restore(intervals);
        this.notBefore = this.now() + outcome.afterSeconds * 1000;
        this.schedule(outcome.afterSeconds * 1000);
        return;
      case 'later':
        this.deps.tracker.restore(intervals);
        return;
      case 'drop':
        this.lastPosition = position;
        return;
    }
  }
}
