import { dateTimeParts } from '../../i18n/intl';
/** The date (YYYY-MM-DD) and time (HH:MM) of an instant on a clock in Belgium, as the admin's form takes them. */
export function brusselsFields(ms: number): { date: string; time: string } {
  const parts = dateTimeParts('en-GB', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}

/** A date and time read as if on a UTC clock (milliseconds); undefined if malformed. */
function wallClock(date: string, time: string): number | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
}

/** Wall-clock fields of an instant in Belgium, read as if on a UTC clock. */
function brusselsWall(ms: number): number {
  const { date, time } = brusselsFields(ms);
  return wallClock(date, time) ?? Number.NaN;
}

/** The instant (ISO, UTC) of a date (YYYY-MM-DD) and time (HH:MM) on a clock in Belgium; undefined if malformed. */
export function brusselsInstant(date: string, time: string): string | undefined {
  const wall = wallClock(date, time);
  if (wall === undefined) return undefined;
  // Belgium is UTC+1 or UTC+2: correct the guess by the offset seen at it, twice (around a change).
  let guess = wall;
  for (let i = 0; i < 2; i += 1) guess = wall - (brusselsWall(guess) - guess);
  return new Date(guess).toISOString();
}
