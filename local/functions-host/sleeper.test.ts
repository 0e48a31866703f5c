import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idlePollMs, MAX_IDLE_POLL_MS, Sleeper } from './sleeper';

describe('idlePollMs', () => {
  it('doubles from the base after each empty poll, up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => idlePollMs(100, n))).toEqual([100, 200, 400, 800, 1600, 2000]);
    expect(idlePollMs(100, 1_000)).toBe(MAX_IDLE_POLL_MS);
  });

  it('never polls more often than the base, even when the base exceeds the cap', () => {
    expect(idlePollMs(60_000, 0)).toBe(60_000);
    expect(idlePollMs(60_000, 5)).toBe(60_000);
  });
});

describe('Sleeper', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleeps the whole pause when nobody wakes it', async () => {
    const sleeping = new Sleeper().sleep(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(sleeping).resolves.toBe(false);
  });

  it('wakes at once, and remembers a wake that came while it was awake', async () => {
    const sleeper = new Sleeper();
    const sleeping = sleeper.sleep(60_000);
    sleeper.wake();
    await expect(sleeping).resolves.toBe(true);
    sleeper.wake();
    await expect(sleeper.sleep(60_000)).resolves.toBe(true);
  });

  it('wakes when a scheduled message becomes visible, not before', async () => {
    const sleeper = new Sleeper();
    sleeper.wakeAt(Date.now() + 5_000);
    let woken: boolean | undefined;
    void sleeper.sleep(60_000).then((value) => (woken = value));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(woken).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_100);
    expect(woken).toBe(true);
  });

  it('keeps one timer for a time asked for twice (a replayed durable timer)', () => {
    const sleeper = new Sleeper();
    const at = Date.now() + 5_000;
    sleeper.wakeAt(at);
    sleeper.wakeAt(at);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('pauses longer after each empty poll, and from the base again after work or a wake', async () => {
    const sleeper = new Sleeper();
    /** How long one idle pause lasts (fake time: the clock moves to the pause's timer). */
    const idlePause = async (): Promise<number> => {
      const started = Date.now();
      const idle = sleeper.idle(100);
      await vi.runOnlyPendingTimersAsync();
      await idle;
      return Date.now() - started;
    };
    expect([await idlePause(), await idlePause(), await idlePause()]).toEqual([100, 200, 400]);
    sleeper.busy();
    expect(await idlePause()).toBe(100);
    expect(await idlePause()).toBe(200);
    const woken = sleeper.idle(100);
    sleeper.wake();
    await woken;
    expect(await idlePause()).toBe(100);
  });

  it('forgets scheduled wakes when cancelled, and wakes the poller that is stopping', async () => {
    const sleeper = new Sleeper();
    sleeper.wakeAt(Date.now() + 5_000);
    await expect(Promise.race([sleeper.sleep(60_000), Promise.resolve('pending')])).resolves.toBe('pending');
    sleeper.cancel();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
