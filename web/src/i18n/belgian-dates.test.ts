import { describe, expect, it, onTestFinished } from 'vitest';
import { belgianDateFormat } from './belgian-dates';

describe('Belgian dates without ICU', () => {
  const STYLES: readonly Intl.DateTimeFormatOptions[] = [
    { dateStyle: 'long' },
    { dateStyle: 'medium' },
    { dateStyle: 'full' },
    { dateStyle: 'medium', timeStyle: 'short' },
    { dateStyle: 'long', timeStyle: 'short' },
    { dateStyle: 'full', timeStyle: 'short' },
    { timeStyle: 'short' },
  ];
  /** Every 7 h 13 min over four years, and a minute either side of each summer-time change from 1996 to 2099. */
  const instants: number[] = [];
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 433 * 60_000) instants.push(t);
  for (let year = 1996; year <= 2099; year++) {
    for (const month of [2, 9]) {
      const last = new Date(Date.UTC(year, month + 1, 0));
      const change = Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
      instants.push(change - 60_000, change, change + 60_000, change - 3_600_000, change + 3_600_000);
    }
  }
  instants.push(Date.UTC(1995, 11, 31, 23), Date.UTC(2099, 11, 31, 23, 30), Date.UTC(2100, 0, 1));

  for (const locale of ['fr-BE', 'nl-BE']) {
    // Brussels, and the browser's own zone (here: three of them, one with summer time on other days).
    for (const [timeZone, browserZone] of [
      ['Europe/Brussels', undefined],
      [undefined, 'America/New_York'],
      [undefined, 'Asia/Kolkata'],
      [undefined, 'Europe/Brussels'],
    ] as const) {
      for (const style of STYLES) {
        const options = timeZone ? { ...style, timeZone } : style;
        it(`${locale} ${JSON.stringify(options)}${browserZone ? ` in ${browserZone}` : ''} gives what Intl.DateTimeFormat gives`, () => {
          const zone = process.env.TZ;
          if (browserZone) process.env.TZ = browserZone;
          onTestFinished(() => {
            if (zone === undefined) delete process.env.TZ;
            else process.env.TZ = zone;
          });
          const icu = new Intl.DateTimeFormat(locale, options);
          const ours = belgianDateFormat(locale, options, () => icu);
          expect(ours).toBeDefined();
          for (const instant of instants) {
            expect(ours?.format(new Date(instant)), new Date(instant).toISOString()).toBe(
              icu.format(instant),
            );
          }
          expect(ours?.format(instants[0] ?? 0)).toBe(icu.format(instants[0] ?? 0));
        });
      }
    }
  }

  it('refuses an invalid date as Intl does', () => {
    const icu = (): Intl.DateTimeFormat => new Intl.DateTimeFormat('fr-BE');
    expect(() => belgianDateFormat('fr-BE', { dateStyle: 'long' }, icu)?.format(new Date('x'))).toThrow(
      RangeError,
    );
  });

  it('leaves other locales, styles and time zones to Intl', () => {
    const icu = (): Intl.DateTimeFormat => new Intl.DateTimeFormat('fr-BE');
    expect(belgianDateFormat('en-GB', { dateStyle: 'long' }, icu)).toBeUndefined();
    expect(belgianDateFormat('fr-BE', { dateStyle: 'short' }, icu)).toBeUndefined();
    expect(belgianDateFormat('fr-BE', { dateStyle: 'long', timeZone: 'UTC' }, icu)).toBeUndefined();
    expect(belgianDateFormat('nl-BE', { year: 'numeric' }, icu)).toBeUndefined();
    expect(belgianDateFormat('nl-BE', {}, icu)).toBeUndefined();
    expect(belgianDateFormat('nl-BE', { timeStyle: 'medium' }, icu)).toBeUndefined();
  });
});
