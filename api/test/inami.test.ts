import { describe, expect, it } from 'vitest';
import { mulberry32 } from './fakes/mulberry32';
import {
  formatInami,
  inamiIdentity,
  inamiMessages,
  inamiSeriesOf,
  maskInami,
  parseInami,
  type InamiNumber,
} from '../src/domain/inami';

// Fixed vectors worked out by hand (not by the code under test). n = digits 1–6, CC = digits 7–8,
// rule: CC = M − (n mod M), M = 97 or 89.
const valid: readonly { number: string; series: string; why: string }[] = [
  // Published numbers from independent implementations (eHealth's fictitious "Donald Duck" test
  // prescriber, DDD.HealthcareDelivery's test data): each satisfies the complement rule.
  { number: '19006951001', series: 'mod97', why: '190069 = 97 × 1959 + 46; 97 − 46 = 51' },
  { number: '16868201140', series: 'mod97', why: '168682 = 97 × 1738 + 96; 97 − 96 = 01' },
  { number: '21035736001', series: 'mod97', why: '210357 = 97 × 2168 + 61; 97 − 61 = 36' },
  { number: '41141757401', series: 'mod97', why: '411417 = 97 × 4241 + 40; 97 − 40 = 57' },
  // The same six digits in both series: only digits 1–8 tell the two professionals apart.
  { number: '41234502401', series: 'mod97', why: '412345 = 97 × 4250 + 95; 97 − 95 = 02' },
  { number: '41234581401', series: 'mod89', why: '412345 = 89 × 4633 + 8; 89 − 8 = 81' },
  { number: '40000154001', series: 'mod89', why: '400001 = 89 × 4494 + 35; 89 − 35 = 54' },
  { number: '40000127001', series: 'mod97', why: '400001 = 97 × 4123 + 70; 97 − 70 = 27' },
  // Remainder 0: the check number is M itself, never 00.
  { number: '40002897001', series: 'mod97', why: '400028 = 97 × 4124 + 0; 97 − 0 = 97' },
  { number: '40005589001', series: 'mod89', why: '400055 = 89 × 4495 + 0; 89 − 0 = 89' },
];

const invalid: readonly { number: string; why: string }[] = [
  {
    number: '40002800001',
    why: 'remainder 0 gives 97 (mod 97) or 89 − 400028 mod 89 = 89 − 62 = 27, not 00',
  },
  { number: '19006946001', why: '46 is the remainder itself, not its complement 51 (or 89 − 54 = 35)' },
  { number: '19006952001', why: 'one off the valid 51' },
  { number: '41234503401', why: 'valid checks for 412345 are 02 and 81 only' },
];

describe('parseInami', () => {
  it.each(valid)('accepts $number ($series: $why)', ({ number, series }) => {
    const parsed = parseInami(number);
    expect(parsed).toEqual({ ok: true, value: number });
    expect(inamiSeriesOf(number)).toContain(series);
  });

  it.each(invalid)('rejects $number with inami_checksum ($why)', ({ number }) => {
    const parsed = parseInami(number);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatchObject({ code: 'inami_checksum', field: 'inami' });
  });

  it.each([
    '4-12345-02-401',
    '4.12345.02.401',
    '412345 02 401',
    '4/12345/02/401',
    '  41234502401  ',
    '4 12345 02 401',
    '4\u00a012345\u00a002\u00a0401',
    '4\u201312345\u201302\u2013401',
    '4-12345.02/401',
  ])('accepts separators: %j', (input) => {
    expect(parseInami(input)).toEqual({ ok: true, value: '41234502401' });
  });

  it.each([
    '',
    '   ',
    '4123450240',
    '412345024011',
    '4-12345-02-40a',
    '+41234502401',
    'INAMI 41234502401',
    '４１２３４５０２４０１',
    '4_12345_02_401',
    '4'.padEnd(41, ' '),
  ])('rejects %j with inami_format', (input) => {
    const parsed = parseInami(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatchObject({ code: 'inami_format', field: 'inami' });
      expect(parsed.error.message).not.toMatch(/\d{3}/); // never echoes digits
    }
  });
});

describe('formatInami, maskInami, inamiIdentity', () => {
  const n = '41234502401' as InamiNumber;

  it('formats as X-XXXXX-XX-XXX', () => {
    expect(formatInami(n)).toBe('4-12345-02-401');
  });

  it('masks everything but the qualification code', () => {
    expect(maskInami(n)).toBe('•-•••••-••-401');
    expect(maskInami(n)).not.toMatch(/4-|12345|02/);
  });

  it('identifies a professional by digits 1–8, across qualification codes and series', () => {
    expect(inamiIdentity(n)).toBe('41234502');
    expect(inamiIdentity('41234502001' as InamiNumber)).toBe(inamiIdentity(n));
    expect(inamiIdentity('41234581401' as InamiNumber)).not.toBe(inamiIdentity(n));
  });
});

describe('inamiMessages', () => {
  it('has every message in every language, French and Dutch distinct', () => {
    for (const lang of ['fr', 'nl', 'de', 'en'] as const) {
      for (const code of ['inami_format', 'inami_checksum', 'inami_taken'] as const) {
        expect(inamiMessages[lang][code].length).toBeGreaterThan(20);
      }
    }
    expect(inamiMessages.fr.inami_checksum).toMatch(/INAMI/);
    expect(inamiMessages.nl.inami_checksum).toMatch(/RIZIV/);
    expect(inamiMessages.fr.inami_taken).not.toBe(inamiMessages.nl.inami_taken);
  });

  it('uses an example number that is itself invalid (it cannot be anyone’s number)', () => {
    expect(parseInami('4-12345-67-890').ok).toBe(false);
  });
});

/** Random valid numbers: random first six digits, then the check of a random series. */
function randomValid(random: () => number, count: number): { number: string; series: 'mod97' | 'mod89' }[] {
  const out: { number: string; series: 'mod97' | 'mod89' }[] = [];
  while (out.length < count) {
    const firstSix = Math.floor(random() * 1_000_000);
    const series = random() < 0.5 ? 'mod97' : 'mod89';
    const modulus = series === 'mod97' ? 97 : 89;
    const check = modulus - (firstSix % modulus);
    const qualification = Math.floor(random() * 1000);
    out.push({
      number: `${String(firstSix).padStart(6, '0')}${String(check).padStart(2, '0')}${String(qualification).padStart(3, '0')}`,
      series,
    });
  }
  return out;
}

describe('error detection (properties)', () => {
  const samples = randomValid(mulberry32(20261125), 600);

  it('generates numbers the parser accepts', () => {
    for (const { number } of samples) expect(parseInami(number).ok).toBe(true);
  });

  it('never keeps a number valid in its own series after a single-digit change in digits 1–8', () => {
    let changes = 0;
    let rejected = 0;
    const sameSeries: string[] = [];
    for (const { number, series } of samples) {
      for (let position = 0; position < 8; position++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === number[position]) continue;
          const changed = `${number.slice(0, position)}${digit}${number.slice(position + 1)}`;
          changes++;
          if (inamiSeriesOf(changed).includes(series)) sameSeries.push(changed);
          if (!parseInami(changed).ok) rejected++;
        }
      }
    }
    expect(changes).toBeGreaterThan(40_000);
    expect(sameSeries).toEqual([]);
    // Accepting both series lets a few errors land on the other series' check number.
    expect(rejected / changes).toBeGreaterThan(0.98);
  });

  it('catches adjacent transpositions in digits 1–8 (always within digits 1–6 and 7–8 in one series)', () => {
    let swaps = 0;
    let rejected = 0;
    const sameSeries: string[] = [];
    for (const { number, series } of samples) {
      for (let position = 0; position < 7; position++) {
        const a = number[position];
        const b = number[position + 1];
        if (a === b || a === undefined || b === undefined) continue;
        const swapped = `${number.slice(0, position)}${b}${a}${number.slice(position + 2)}`;
        swaps++;
        // Positions 6 and 7 straddle the identity and the check number: no guarantee there.
        if (position !== 5 && inamiSeriesOf(swapped).includes(series)) sameSeries.push(swapped);
        if (!parseInami(swapped).ok) rejected++;
      }
    }
    expect(swaps).toBeGreaterThan(3_000);
    expect(sameSeries).toEqual([]);
    expect(rejected / swaps).toBeGreaterThan(0.97);
  });

  it('does not protect the qualification code (documented limit): digits 9–11 are free', () => {
    const { number } = samples[0] ?? { number: '41234502401' };
    const changed = `${number.slice(0, 8)}${number[8] === '9' ? '0' : '9'}${number.slice(9)}`;
    expect(parseInami(changed).ok).toBe(true);
  });
});
