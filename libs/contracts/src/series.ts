import type { GenerateSeriesRequest } from './programmes.js';

/** Refuses to plan more than this many sessions in one go: a typo, not a programme. */
export const MAX_SERIES_SESSIONS = 200;
/** The longest span a series may cover, in days. */
export const MAX_SERIES_DAYS = 3 * 366;

export type SeriesDaysRequest = Pick<
  GenerateSeriesRequest,
  'startDate' | 'weekdays' | 'everyWeeks' | 'until' | 'count' | 'skipDates'
>;

/** The days of a series and whether it stopped at its end date, before its length is checked. */
export interface SeriesDays {
  days: string[];
  reachedUntil: boolean;
}

/** The day after (or before) a YYYY-MM-DD day, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/**
 * The days (YYYY-MM-DD) a series falls on: every `everyWeeks` weeks (counted from the week of
 * `startDate`) on the chosen weekdays, from `startDate`, until `until` or for `count` sessions,
 * leaving out `skipDates`. The API plans from it; the series form shows it before creating.
 * Stops one past MAX_SERIES_SESSIONS so a caller can tell "too many".
 */
export function seriesDays(r: SeriesDaysRequest): SeriesDays {
  const weekdays = new Set(r.weekdays);
  const skip = new Set(r.skipDates ?? []);
  // Weeks are counted from the Monday of the start date's week.
  const firstMonday = addDays(r.startDate, 1 - isoWeekday(r.startDate));
  const days: string[] = [];
  for (let i = 0; i <= MAX_SERIES_DAYS; i++) {
    const day = addDays(r.startDate, i);
    if (r.until !== undefined && day > r.until) return { days, reachedUntil: true };
    if (r.count !== undefined && days.length >= r.count) break;
    const week = Math.floor((Date.parse(day) - Date.parse(firstMonday)) / (7 * 86_400_000));
    if (!weekdays.has(isoWeekday(day)) || week % r.everyWeeks !== 0 || skip.has(day)) continue;
    days.push(day);
    if (days.length > MAX_SERIES_SESSIONS) break;
  }
  return { days, reachedUntil: false };
}
