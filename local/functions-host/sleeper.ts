/**
 * A poller's pause that whoever hands it work can cut short. An idle poller backs off (`idlePollMs`), so an
 * emulator nobody uses costs next to no CPU, while work produced in this process wakes its poller at once.
 */
export class Sleeper {
  private wakeNow: (() => void) | undefined;
  private woken = false;
  private readonly timers = new Set<NodeJS.Timeout>();

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

  wake(): void {
    if (this.wakeNow) this.wakeNow();
    else this.woken = true;
  }

  /** Wakes the poller when a message sent now becomes visible (a scheduled or deferred message). */
  wakeAfter(ms: number): void {
    if (ms <= 0) {
      this.wake();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.wake();
    }, ms + 20);
    this.timers.add(timer);
  }

  /** Forgets pending `wakeAfter`s and wakes the poller (it is stopping). */
  cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.wake();
  }
}

/** Azure's storage-queue trigger backs off up to a minute; locally two seconds keeps tests quick. */
export const MAX_IDLE_POLL_MS = 2_000;

/** The pause after `emptyPolls` polls in a row found nothing: `baseMs`, doubling, up to `maxMs`. */
export function idlePollMs(baseMs: number, emptyPolls: number, maxMs = MAX_IDLE_POLL_MS): number {
  return Math.min(baseMs * 2 ** Math.min(emptyPolls, 16), Math.max(baseMs, maxMs));
}
