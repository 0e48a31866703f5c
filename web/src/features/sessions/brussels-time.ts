/** Wall-clock fields of an instant in Belgium. */
function brusselsWall(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const n = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
}

/** The instant (ISO, UTC) of a date (YYYY-MM-DD) and time (HH:MM) on a clock in Belgium; undefined if malformed. */
export function brusselsInstant(date: string, time: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Belgium is UTC+1 or UTC+2: correct the guess by the offset seen at it, twice (around a change).
  let guess = wall;
  for (let i = 0; i < 2; i += 1) guess = wall - (brusselsWall(guess) - guess);
  return new Date(guess).toISOString();
}
