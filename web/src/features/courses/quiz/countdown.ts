// Countdowns of the quiz (time left in an attempt, wait before the next attempt): formatting and when to announce.

/** Milliseconds until `deadline` (ISO), never negative. */
export function remainingMs(deadline: string, now: number): number {
  return Math.max(0, Date.parse(deadline) - now);
}

/** `m:ss`, or `h:mm:ss` from one hour; rounded up so "0:00" only shows when the time is really up. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${String(hours)}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${String(minutes)}:${ss}`;
}

/** Minutes-left marks announced to screen readers (politely, once each), never every second. */
export const ANNOUNCED_MINUTES = [5, 1] as const;

/**
 * The mark crossed between two ticks (`before` → `after` ms left), if any: 5 when the time left goes from more than
 * 5 minutes to 5 minutes or less, then 1. Several marks crossed at once (a sleeping laptop) announce the lowest.
 */
export function crossedMark(beforeMs: number, afterMs: number): number | undefined {
  let crossed: number | undefined;
  for (const minutes of ANNOUNCED_MINUTES) {
    const mark = minutes * 60_000;
    if (beforeMs > mark && afterMs <= mark && afterMs > 0) crossed = minutes;
  }
  return crossed;
}

/** Whole minutes and seconds of a duration, for sentences ("2 min 05 s"); minutes rounded up when over one minute. */
export function minutesLeft(ms: number): number {
  return Math.max(0, Math.ceil(ms / 60_000));
}
