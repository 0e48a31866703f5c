import { describe, expect, it } from 'vitest';
import { mergeIntervals, WatchedIntervalTracker } from './intervals';

function play(tracker: WatchedIntervalTracker, from: number, to: number, step = 0.25): void {
  for (let t = from; t <= to + 1e-9; t += step) tracker.observe(Math.round(t * 1000) / 1000);
}

describe('mergeIntervals', () => {
  it('sorts and merges overlapping and adjacent intervals', () => {
    expect(
      mergeIntervals([
        [5, 9],
        [0, 5],
        [12, 14],
        [13, 20],
      ]),
    ).toEqual([
      [0, 9],
      [12, 20],
    ]);
  });
});

describe('WatchedIntervalTracker', () => {
  it('records continuous playback as one interval and keeps the open one going after a take', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 60 });
    play(tracker, 0, 10);
    expect(tracker.take(20)).toEqual([[0, 10]]);
    play(tracker, 10.25, 15);
    expect(tracker.take(20)).toEqual([[10, 15]]);
    expect(tracker.currentPosition()).toBe(15);
  });

  it('starts a new interval at each seek and never credits what was skipped', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 60 });
    play(tracker, 0, 5);
    tracker.seek(30);
    play(tracker, 30, 32);
    expect(tracker.take(20)).toEqual([
      [0, 5],
      [30, 32],
    ]);
  });

  it('treats an unannounced jump forward or backward as a seek', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 100 });
    play(tracker, 0, 4);
    play(tracker, 50, 52);
    play(tracker, 10, 11);
    expect(tracker.take(20)).toEqual([
      [0, 4],
      [10, 11],
      [50, 52],
    ]);
  });

  it('accepts bigger steps at a faster playback rate', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 100, maxStepSeconds: 2 });
    for (let t = 0; t <= 20; t += 3) tracker.observe(t, 2);
    expect(tracker.take(20)).toEqual([[0, 18]]);
  });

  it('clamps to the duration and drops slivers', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 10 });
    play(tracker, 8, 10.5);
    tracker.stop();
    tracker.seek(3);
    tracker.observe(3);
    tracker.observe(3.01);
    tracker.stop();
    expect(tracker.take(20)).toEqual([[8, 10]]);
    expect(tracker.currentPosition()).toBe(3.01);
  });

  it('closes the interval on pause and reopens on play', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 100 });
    play(tracker, 0, 3);
    tracker.stop(3.1);
    expect(tracker.hasPending()).toBe(true);
    play(tracker, 3.1, 6.1);
    expect(tracker.take(20)).toEqual([[0, 6.1]]);
    expect(tracker.hasPending()).toBe(false);
  });

  it('caps a take at the limit and keeps the rest; restored intervals come back', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 100 });
    for (let i = 0; i < 5; i++) {
      tracker.seek(i * 10);
      play(tracker, i * 10, i * 10 + 1);
    }
    tracker.stop();
    const first = tracker.take(3);
    expect(first).toEqual([
      [0, 1],
      [10, 11],
      [20, 21],
    ]);
    tracker.restore(first);
    expect(tracker.take(20)).toHaveLength(5);
    expect(tracker.take(20)).toEqual([]);
  });

  it('ignores invalid times', () => {
    const tracker = new WatchedIntervalTracker({ durationSeconds: 100 });
    tracker.observe(Number.NaN);
    tracker.observe(-1);
    expect(tracker.hasPending()).toBe(false);
  });
});
