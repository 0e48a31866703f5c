/**
 * A poller's pause that whoever hands it work can cut short. An idle poller backs off (`idle`), so an emulator
 * nobody uses costs next to no CPU, while work produced in this process wakes its poller at once.
 */
export class Sleeper {
  private wakeNow: (() => void) | undefined;
  private woken = false;
  private emptyPolls = 0;
  /** Pending `wakeAt`s by their time, so a time asked for again (a replayed durable timer) is one timer. */
  private readonly timers = new Map<number, NodeJS.Timeout>();

  /** Resolves after `ms`, or at once when woken meanwhile (true) or since the last sleep. */
  sleep(ms: number): Promise<boolean> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeNow = undefined;
        resolve(false);
      }, ms);
      this.wakeNow = () => {
        clearTimeout(timer);
        this.wakeNow = undefined;
        resolve(true);
      };
    });
  }

  /** The pause after a poll that found nothing: `baseMs`, doubling with each empty poll in a row; a wake starts over. */
  async idle(baseMs: number): Promise<void> {
    const woken = await this.sleep(idlePollMs(baseMs, this.emptyPolls));
    this.emptyPolls = woken ? 0 : this.emptyPolls + 1;
  }

  /** A poll found work: the next idle pause is `baseMs` again. */
  busy(): void {
    this.emptyPolls = 0;
  }

  wake(): void {
    if (this.wakeNow) this.wakeNow();
    else this.woken = true;
  }

  /** Wakes the poller at `at` (epoch ms): when a scheduled message becomes visible, a durable timer is due. */
  wakeAt(at: number): void {
    const delay = at - Date.now();
    if (delay <= 0) {
      this.wake();
      return;
    }
    if (this.timers.has(at) || delay > MAX_TIMER_DELAY_MS) return;
    const timer = setTimeout(() => {
      this.timers.delete(at);
      this.wake();
    }, delay + 20);
    // A pending wake never keeps the process alive.
    timer.unref();
    this.timers.set(at, timer);
  }

  /** Forgets pending `wakeAt`s and wakes the poller (it is stopping). */
  cancel(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.wake();
  }
}

/** Azure's storage-queue trigger backs off up to a minute; locally two seconds keeps tests quick. */
export const MAX_IDLE_POLL_MS = 2_000;

/** setTimeout's longest delay; a later time is found by the pollers' own scans. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The pause after `emptyPolls` polls in a row found nothing: `baseMs`, doubling, up to `maxMs`. */
export function idlePollMs(baseMs: number, emptyPolls: number, maxMs = MAX_IDLE_POLL_MS): number {
  return Math.min(baseMs * 2 ** Math.min(emptyPolls, 16), Math.max(baseMs, maxMs));
}
