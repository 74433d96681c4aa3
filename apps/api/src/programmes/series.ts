import {
  MAX_SERIES_DAYS,
  MAX_SERIES_SESSIONS,
  addDays,
  seriesDays,
  type GenerateSeriesRequest,
} from '@atelier/contracts';
import { brusselsToUtc } from './brussels-time.js';

export { MAX_SERIES_SESSIONS };

export interface PlannedSession {
  startsAt: Date;
  endsAt: Date;
}

export class SeriesError extends Error {}

/**
 * The sessions of a series, in Brussels wall-clock time, on the days `seriesDays` picks (the same
 * rule the series form previews). 18:00 stays 18:00 across daylight-saving changes.
 */
export function planSeries(r: GenerateSeriesRequest): PlannedSession[] {
  if (r.until === undefined && r.count === undefined)
    throw new SeriesError('Give an end date or a number of sessions.');
  if (r.until !== undefined && r.until < r.startDate) throw new SeriesError('The end date is before the start date.');
  const { days, reachedUntil } = seriesDays(r);
  if (days.length > MAX_SERIES_SESSIONS)
    throw new SeriesError(`That makes more than ${MAX_SERIES_SESSIONS} sessions. Check the dates.`);
  if (r.count !== undefined && days.length < r.count && !reachedUntil) {
    throw new SeriesError(
      `Only ${days.length} of the ${r.count} sessions fit within three years. Choose fewer sessions or more weekdays.`,
    );
  }
  if (r.until !== undefined && addDays(r.startDate, MAX_SERIES_DAYS) < r.until)
    throw new SeriesError('A series can span three years at most.');
  return days.map((day) => {
    const startsAt = brusselsToUtc(day, r.startTime);
    return { startsAt, endsAt: new Date(startsAt.getTime() + r.durationMinutes * 60_000) };
  });
}
