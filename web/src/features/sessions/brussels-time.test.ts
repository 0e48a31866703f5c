import { describe, expect, it } from 'vitest';
import { brusselsFields, brusselsInstant } from './brussels-time';

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

describe('brusselsFields', () => {
  it('reads an instant on a Belgian clock, the inverse of brusselsInstant, across a change of time', () => {
    expect(brusselsFields(Date.parse('2026-12-15T08:00:00.000Z'))).toEqual({
      date: '2026-12-15',
      time: '09:00',
    });
    expect(brusselsFields(Date.parse('2026-03-28T23:30:00.000Z'))).toEqual({
      date: '2026-03-29',
      time: '00:30',
    });
    expect(brusselsInstant('2026-07-01', brusselsFields(Date.parse('2026-07-01T07:30:00.000Z')).time)).toBe(
      '2026-07-01T07:30:00.000Z',
    );
  });
});
