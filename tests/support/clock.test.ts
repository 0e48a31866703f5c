// The integration tests' controlled clock: Date shifted or frozen for everything in the process.
import { afterEach, describe, expect, it } from 'vitest';
import { shiftApiClock, type ShiftedClock } from './clock';

let clock: ShiftedClock | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

describe('shiftApiClock', () => {
  it('moves Date.now and new Date() forward, and leaves explicit dates alone', () => {
    const RealDate = Date;
    clock = shiftApiClock();
    const before = RealDate.now();
    clock.advance(3_600_000);
    expect(Date.now() - before).toBeGreaterThanOrEqual(3_600_000);
    expect(new Date().getTime() - before).toBeGreaterThanOrEqual(3_600_000);
    expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(Date.parse('2026-01-01T00:00:00Z')).toBe(1_767_225_600_000);
    expect(new Date()).toBeInstanceOf(RealDate);
    expect(new RealDate()).toBeInstanceOf(Date);
    expect(typeof Date()).toBe('string');
  });

  it('stands still while frozen, then runs on from there', () => {
    clock = shiftApiClock();
    clock.freeze();
    const frozen = Date.now();
    for (let i = 0; i < 1e6; i++) Math.sqrt(i);
    expect(Date.now()).toBe(frozen);
    clock.advance(2_000);
    expect(Date.now()).toBe(frozen + 2_000);
    clock.resume();
    expect(Date.now()).toBeGreaterThanOrEqual(frozen + 2_000);
  });

  it('restores the real Date', () => {
    const RealDate = Date;
    shiftApiClock().restore();
    expect(Date).toBe(RealDate);
  });
});
