/**
 * Sessions happen in Brussels: their times are shown and typed in Brussels wall-clock time,
 * whatever the time zone of the phone or laptop, with `Intl` (no time-zone library).
 */
export const BRUSSELS = 'Europe/Brussels';

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: BRUSSELS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: Date): WallClock {
  const parts = Object.fromEntries(PARTS.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']) % 24,
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Brussels' offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function offsetMinutes(at: Date): number {
  const w = wallClock(at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The Brussels day (YYYY-MM-DD) and time (HH:mm) of an ISO instant. */
export function brusselsDateTime(iso: string): { date: string; time: string } {
  const w = wallClock(new Date(iso));
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** Today in Brussels, YYYY-MM-DD. */
export function brusselsToday(now: Date = new Date()): string {
  return brusselsDateTime(now.toISOString()).date;
}

/** The instant (ISO, UTC) when Brussels clocks show `date` (YYYY-MM-DD) at `time` (HH:mm). */
export function brusselsToIso(date: string, time: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const asUtc = Date.UTC(year!, month! - 1, day, hour, minute);
  const first = asUtc - offsetMinutes(new Date(asUtc)) * 60_000;
  // Near a daylight-saving change the offset at the guess can differ from the one at the answer.
  const second = asUtc - offsetMinutes(new Date(first)) * 60_000;
  return new Date(second).toISOString();
}

/** Minutes between two ISO instants. */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
}
