import { describe, expect, it } from 'vitest';
import { displayPercent, formatPercent, percentOf } from './format';

const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('percentages rounded as people expect', () => {
  it('rounds to the nearest whole number: 2 of 3 is 67 %, not 66 %', () => {
    expect(plain(formatPercent('fr', percentOf(2, 3)))).toBe('67 %');
    expect(plain(formatPercent('nl', percentOf(1, 3)))).toBe('33%');
    expect(plain(formatPercent('fr', percentOf(1, 8)))).toBe('13 %');
    expect(displayPercent(percentOf(5, 5))).toBe(100);
    expect(displayPercent(percentOf(0, 5))).toBe(0);
    expect(percentOf(1, 0)).toBe(0);
  });

  it('never shows 100 % for something unfinished nor 0 % for something started', () => {
    expect(plain(formatPercent('fr', percentOf(199, 200)))).toBe('99,5 %');
    expect(plain(formatPercent('fr', percentOf(1999, 2000)))).toBe('99,9 %');
    expect(plain(formatPercent('nl', percentOf(1, 400)))).toBe('0,3%');
    expect(displayPercent(99.99)).toBe(99.9);
    expect(displayPercent(0.01)).toBe(0.1);
  });

  it('never rounds a score under the pass mark up to it', () => {
    expect(plain(formatPercent('fr', 79.6, { below: 80 }))).toBe('79,6 %');
    expect(plain(formatPercent('fr', 79.6))).toBe('80 %');
    expect(plain(formatPercent('fr', 80, { below: 80 }))).toBe('80 %');
    expect(plain(formatPercent('fr', percentOf(2, 3), { below: 67 }))).toBe('66,6 %');
    expect(plain(formatPercent('fr', percentOf(2, 3), { below: 60 }))).toBe('67 %');
  });
});
