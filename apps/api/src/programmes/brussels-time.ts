/** Programmes are planned in Brussels local time; the database stores UTC instants. */
export const TIME_ZONE = 'Europe/Brussels';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes Brussels is ahead of UTC at an instant (60 in winter, 120 in summer). */
export function offsetMinutes(at: Date): number {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of a Brussels wall-clock time. A time that does not exist (skipped by the spring
 * change, e.g. 02:30 on the last Sunday of March) moves forward by the gap; an ambiguous one
 * (the autumn repeat) takes the first, summer-time occurrence.
 */
export function brusselsToUtc(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The offsets in force around that day (they differ only on the two change days).
  const before = offsetMinutes(new Date(wall - 12 * 3_600_000));
  const after = offsetMinutes(new Date(wall + 12 * 3_600_000));
  const fits = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((utc) => (wall - utc) / 60_000 === offsetMinutes(new Date(utc)));
  // Ambiguous: two instants show this time; the first one wins. Skipped: none does; read it with
  // the offset from before the change, which lands the same distance after the gap.
  return new Date(fits.length > 0 ? Math.min(...fits) : wall - before * 60_000);
}

/** The Brussels calendar day of an instant, YYYY-MM-DD. */
export function brusselsDate(at: Date): string {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}
