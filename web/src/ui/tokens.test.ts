// WCAG 2.2 AA contrast of the design tokens, read from tokens.css itself so the CSS cannot drift from the check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
const colours = new Map(
  [...css.matchAll(/--(color-[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [
    m[1] ?? '',
    (m[2] ?? '').toLowerCase(),
  ]),
);

function colour(name: string): string {
  const value = colours.get(name);
  if (!value) throw new Error(`tokens.css has no --${name}`);
  return value;
}

function luminance(hex: string): number {
  const channel = (offset: number): number => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('design tokens', () => {
  it('computes contrast like WCAG (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  // [foreground, background, minimum]: 4.5 for text, 3 for UI boundaries and focus indicators.
  it.each([
    ['color-text', 'color-bg', 4.5],
    ['color-text', 'color-surface', 4.5],
    ['color-text-muted', 'color-bg', 4.5],
    ['color-text-muted', 'color-surface', 4.5],
    ['color-link', 'color-bg', 4.5],
    ['color-link', 'color-surface', 4.5],
    ['color-brand', 'color-bg', 4.5],
    ['color-brand', 'color-surface', 4.5],
    ['color-on-brand', 'color-brand', 4.5],
    ['color-on-brand', 'color-brand-strong', 4.5],
    ['color-danger', 'color-bg', 4.5],
    ['color-danger', 'color-surface', 4.5],
    ['color-on-brand', 'color-danger', 4.5],
    ['color-on-brand', 'color-danger-strong', 4.5],
    ['color-success', 'color-bg', 3],
    ['color-border', 'color-bg', 3],
    ['color-focus', 'color-bg', 3],
    ['color-focus', 'color-surface', 3],
  ])('%s on %s >= %s:1', (fg, bg, min) => {
    expect(contrast(colour(fg), colour(bg))).toBeGreaterThanOrEqual(min);
  });
});
