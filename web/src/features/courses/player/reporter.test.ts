import { describe, expect, it } from 'vitest';
import { WatchedIntervalTracker } from './intervals';
import { ProgressReporter, type ProgressPayload, type SendOutcome } from './reporter';

function setup(outcomes: SendOutcome<string>[] = []) {
  let now = 0;
  const timers: { at: number; callback: () => void }[] = [];
  const sent: ProgressPayload[] = [];
  const results: string[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  let release: (() => void) | undefined;
  let hold = false;
  const tracker = new WatchedIntervalTracker({ durationSeconds: 100 });
  const reporter = new ProgressReporter<string>({
    tracker,
    maxIntervals: 20,
    minGapMs: 2000,
    now: () => now,
    setTimer: (callback, ms) => {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1);
    },
    send: async (payload) => {
      sent.push(payload);
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      if (hold) {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      concurrent -= 1;
      return outcomes.shift() ?? { kind: 'ok', result: `r${String(sent.length)}` };
    },
    onResult: (result) => results.push(result),
  });
  const advance = async (ms: number): Promise<void> => {
    now += ms;
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.callback();
    }
    await Promise.resolve();
    await Promise.resolve();
  };
  return {
    tracker,
    reporter,
    sent,
    results,
    advance,
    timers,
    maxConcurrent: () => maxConcurrent,
    holdSends: () => {
      hold = true;
    },
    releaseSend: () => {
      hold = false;
      release?.();
    },
  };
}

describe('ProgressReporter', () => {
  it('sends the pending intervals with the position and hands the result over', async () => {
    const s = setup();
    s.tracker.observe(0);
    s.tracker.observe(1);
    await s.reporter.flush();
    expect(s.sent).toEqual([{ intervals: [[0, 1]], position: 1 }]);
    expect(s.results).toEqual(['r1']);
  });

  it('sends nothing when nothing changed', async () => {
    const s = setup();
    s.tracker.observe(0);
    s.tracker.observe(1);
    await s.reporter.flush();
    await s.advance(5000);
    await s.reporter.flush();
    expect(s.sent).toHaveLength(1);
  });

  it('never has two reports in flight and waits the minimum gap between them', async () => {
    const s = setup();
    s.tracker.observe(0);
    s.tracker.observe(1);
    s.holdSends();
    const first = s.reporter.flush();
    s.tracker.observe(1.25);
    const second = s.reporter.flush();
    expect(s.sent).toHaveLength(1);
    s.releaseSend();
    await first;
    await second;
    expect(s.sent).toHaveLength(1); // the second waits for the 2 s gap
    await s.advance(2000);
    expect(s.sent).toHaveLength(2);
    expect(s.sent[1]).toEqual({ intervals: [[1, 1.25]], position: 1.25 });
    expect(s.maxConcurrent()).toBe(1);
  });

  it('respects Retry-After and resends the same intervals', async () => {
    const s = setup([{ kind: 'retry', afterSeconds: 3 }]);
    s.tracker.observe(0);
    s.tracker.observe(1);
    s.tracker.stop();
    await s.reporter.flush();
    await s.advance(2500);
    expect(s.sent).toHaveLength(1);
    await s.advance(500);
    expect(s.sent).toHaveLength(2);
    expect(s.sent[1]?.intervals).toEqual([[0, 1]]);
  });

  it('keeps intervals refused for now and drops the ones refused for good', async () => {
    const s = setup([{ kind: 'later' }, { kind: 'drop' }]);
    s.tracker.observe(0);
    s.tracker.observe(1);
    s.tracker.stop();
    await s.reporter.flush();
    await s.advance(2000);
    await s.reporter.flush();
    expect(s.sent[1]?.intervals).toEqual([[0, 1]]);
    await s.advance(2000);
    await s.reporter.flush();
    expect(s.sent).toHaveLength(2);
  });

  it('keeps intervals when the network fails', async () => {
    const s = setup();
    const failing = new ProgressReporter<string>({
      tracker: s.tracker,
      maxIntervals: 20,
      minGapMs: 0,
      send: () => Promise.reject(new Error('offline')),
    });
    s.tracker.observe(0);
    s.tracker.observe(1);
    await failing.flush();
    expect(s.tracker.take(20)).toEqual([[0, 1]]);
  });

  it('sends at once on page hide (keepalive) even inside the gap, and nothing after dispose', async () => {
    const s = setup();
    s.tracker.observe(0);
    s.tracker.observe(1);
    await s.reporter.flush();
    s.tracker.observe(1.25);
    await s.reporter.flush({ keepalive: true });
    expect(s.sent).toHaveLength(2);
    s.reporter.dispose();
    s.tracker.observe(1.5);
    await s.reporter.flush({ keepalive: true });
    expect(s.sent).toHaveLength(2);
  });
});
