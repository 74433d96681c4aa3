import { describe, expect, it } from '@jest/globals';
import { isoWeekday, SERIES_DEFAULTS, seriesRequest, toggleWeekday, type SeriesValues } from './series-plan';

const values = (over: Partial<SeriesValues> = {}): SeriesValues => ({
  startDate: '2026-03-02',
  startTime: SERIES_DEFAULTS.startTime,
  durationMinutes: SERIES_DEFAULTS.durationMinutes,
  everyWeeks: SERIES_DEFAULTS.everyWeeks,
  endBy: SERIES_DEFAULTS.endBy,
  count: SERIES_DEFAULTS.count,
  until: '',
  title: '',
  required: SERIES_DEFAULTS.required,
  ...over,
});

describe('series form defaults', () => {
  it('plan eight weekly sessions of two hours at 18:00 that count for attendance', () => {
    expect(SERIES_DEFAULTS).toEqual({
      startTime: '18:00',
      durationMinutes: 120,
      everyWeeks: 1,
      endBy: 'count',
      count: 8,
      required: true,
    });
    expect(seriesRequest(values(), [1], [])).toEqual({
      body: {
        startDate: '2026-03-02',
        startTime: '18:00',
        durationMinutes: 120,
        weekdays: [1],
        everyWeeks: 1,
        count: 8,
        required: true,
      },
    });
  });

  it('start on the weekday of the first day (Monday 1 … Sunday 7)', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });

  it('fill empty duration and rhythm with the defaults rather than sending nulls', () => {
    const r = seriesRequest(values({ durationMinutes: null, everyWeeks: null }), [3], []);
    expect(r).toMatchObject({ body: { durationMinutes: 120, everyWeeks: 1 } });
  });
});

describe(seriesRequest.name, () => {
  it('asks for a weekday, an end, and a last day that is not before the first', () => {
    expect(seriesRequest(values(), [], [])).toEqual({ problem: 'seriesForm.weekdaysRequired' });
    expect(seriesRequest(values({ count: null }), [1], [])).toEqual({ problem: 'seriesForm.endRequired' });
    expect(seriesRequest(values({ endBy: 'until', until: '' }), [1], [])).toEqual({
      problem: 'seriesForm.endRequired',
    });
    expect(seriesRequest(values({ endBy: 'until', until: '2026-03-01' }), [1], [])).toEqual({
      problem: 'seriesForm.untilBeforeStart',
    });
  });

  it('sends a last day instead of a count, skipped days, and a trimmed title only when given', () => {
    const r = seriesRequest(
      values({ endBy: 'until', until: '2026-04-30', title: '  Atelier vidéo ' }),
      [1, 4],
      ['2026-04-06'],
    );
    expect(r).toEqual({
      body: {
        startDate: '2026-03-02',
        startTime: '18:00',
        durationMinutes: 120,
        weekdays: [1, 4],
        everyWeeks: 1,
        until: '2026-04-30',
        skipDates: ['2026-04-06'],
        title: 'Atelier vidéo',
        required: true,
      },
    });
  });
});

describe(toggleWeekday.name, () => {
  it('adds a day in Monday-first order and removes it on a second tap', () => {
    expect(toggleWeekday([4], 1)).toEqual([1, 4]);
    expect(toggleWeekday([1, 4], 4)).toEqual([1]);
  });
});
