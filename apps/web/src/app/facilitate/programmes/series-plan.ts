import type { GenerateSeriesRequest } from '@atelier/contracts';

/** What the series form starts with: weekly evening sessions of two hours, eight of them, attendance required. */
export const SERIES_DEFAULTS = {
  startTime: '18:00',
  durationMinutes: 120,
  everyWeeks: 1,
  endBy: 'count',
  count: 8,
  required: true,
} as const;

/** The series form's values, as its controls hold them. */
export interface SeriesValues {
  startDate: string;
  startTime: string;
  durationMinutes: number | null;
  everyWeeks: number | null;
  endBy: 'count' | 'until';
  count: number | null;
  until: string;
  title: string;
  required: boolean;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD day: the same rule the API plans sessions with. */
export { isoWeekday } from '@atelier/contracts';

/** Adds or removes a weekday, keeping Monday-first order. */
export function toggleWeekday(days: readonly number[], day: number): number[] {
  return days.includes(day) ? days.filter((d) => d !== day) : [...days, day].sort();
}

/**
 * The request the form sends, or the translation key of what to fix first: at least one weekday, an end
 * (a count or a last day), and a last day that is not before the first.
 */
export function seriesRequest(
  v: SeriesValues,
  weekdays: number[],
  skipDates: string[],
): { problem: string } | { body: GenerateSeriesRequest } {
  if (weekdays.length === 0) return { problem: 'seriesForm.weekdaysRequired' };
  if (v.endBy === 'count' ? !v.count : !v.until) return { problem: 'seriesForm.endRequired' };
  if (v.endBy === 'until' && v.until < v.startDate) return { problem: 'seriesForm.untilBeforeStart' };
  return {
    body: {
      startDate: v.startDate,
      startTime: v.startTime,
      durationMinutes: v.durationMinutes ?? SERIES_DEFAULTS.durationMinutes,
      weekdays,
      everyWeeks: v.everyWeeks ?? SERIES_DEFAULTS.everyWeeks,
      ...(v.endBy === 'count' ? { count: v.count ?? 1 } : { until: v.until }),
      ...(skipDates.length ? { skipDates } : {}),
      ...(v.title.trim() ? { title: v.title.trim() } : {}),
      required: v.required,
    },
  };
}
