import { describe, expect, it } from 'vitest';
import { brusselsInstant } from './brussels-time';

describe('brusselsInstant', () => {
  it('reads a Belgian clock in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(brusselsInstant('2026-12-15', '09:00')).toBe('2026-12-15T08:00:00.000Z');
    expect(brusselsInstant('2026-07-01', '09:30')).toBe('2026-07-01T07:30:00.000Z');
  });
  it('refuses a malformed date or time', () => {
    expect(brusselsInstant('15/12/2026', '09:00')).toBeUndefined();
    expect(brusselsInstant('2026-12-15', '9h')).toBeUndefined();
  });
});
