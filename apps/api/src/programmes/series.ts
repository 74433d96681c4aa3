import type { GenerateSeriesRequest } from '@atelier/contracts';
import { addDays, brusselsToUtc, isoWeekday } from './brussels-time.js';

export interface PlannedSession {
  startsAt: Date;
  endsAt: Date;
}

/** Refuses to plan more than this many sessions in one go: a typo, not a programme. */
export const MAX_SERIES_SESSIONS = 200;
const MAX_SERIES_DAYS = 3 * 366;

export class SeriesError extends Error {}

/**
 * The sessions of a series, in Brussels wall-clock time: every `everyWeeks` weeks (counted from the
 * week of `startDate`) on the chosen weekdays, from `startDate`, until `until` or for `count`
 * sessions, leaving out `skipDates`. 18:00 stays 18:00 across daylight-saving changes.
 */
export function planSeries(r: GenerateSeriesRequest): PlannedSession[] {
  if (r.until === undefined && r.count === undefined) throw new SeriesError('Give an end date or a number of sessions.');
  if (r.until !== undefined && r.until < r.startDate) throw new SeriesError('The end date is before the start date.');
  const weekdays = new Set(r.weekdays);
  const skip = new Set(r.skipDates ?? []);
  // Weeks are counted from the Monday of the start date's week.
  const firstMonday = addDays(r.startDate, 1 - isoWeekday(r.startDate));
  const planned: PlannedSession[] = [];
  let reachedUntil = false;
  for (let i = 0; i <= MAX_SERIES_DAYS; i++) {
    const day = addDays(r.startDate, i);
    if (r.until !== undefined && day > r.until) {
      reachedUntil = true;
      break;
    }
    if (r.count !== undefined && planned.length >= r.count) break;
    const week = Math.floor((Date.parse(day) - Date.parse(firstMonday)) / (7 * 86_400_000));
    if (!weekdays.has(isoWeekday(day)) || week % r.everyWeeks !== 0 || skip.has(day)) continue;
    const startsAt = brusselsToUtc(day, r.startTime);
    planned.push({ startsAt, endsAt: new Date(startsAt.getTime() + r.durationMinutes * 60_000) });
    if (planned.length > MAX_SERIES_SESSIONS) throw new SeriesError(`That makes more than ${MAX_SERIES_SESSIONS} sessions. Check the dates.`);
  }
  if (r.count !== undefined && planned.length < r.count && !reachedUntil) {
    throw new SeriesError(`Only ${planned.length} of the ${r.count} sessions fit within three years. Choose fewer sessions or more weekdays.`);
  }
  if (r.until !== undefined && addDays(r.startDate, MAX_SERIES_DAYS) < r.until) throw new SeriesError('A series can span three years at most.');
  return planned;
}
