import type { GenerateSeriesRequest } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { addDays, brusselsDate, brusselsToUtc, isoWeekday, offsetMinutes } from './brussels-time.js';
import { MAX_SERIES_SESSIONS, planSeries, SeriesError } from './series.js';

// An independent reading of an instant on a Brussels wall clock, so the tests do not check the
// module against itself.
const wallFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function onBrusselsClock(at: Date): string {
  const p = Object.fromEntries(wallFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function series(overrides: Partial<GenerateSeriesRequest>): GenerateSeriesRequest {
  return {
    startDate: '2026-09-02',
    startTime: '18:00',
    durationMinutes: 120,
    weekdays: [3],
    everyWeeks: 1,
    ...overrides,
  };
}

const startsOnClock = (r: GenerateSeriesRequest) => planSeries(r).map((s) => onBrusselsClock(s.startsAt));
const startsInUtc = (r: GenerateSeriesRequest) => planSeries(r).map((s) => s.startsAt.toISOString());

describe(planSeries.name, () => {
  it('keeps a Wednesday 18:00 course at 18:00 Brussels across the spring clock change', () => {
    const course = series({ startDate: '2026-03-04', weekdays: [3], count: 8 });

    expect(startsOnClock(course)).toEqual([
      '2026-03-04 18:00',
      '2026-03-11 18:00',
      '2026-03-18 18:00',
      '2026-03-25 18:00',
      '2026-04-01 18:00',
      '2026-04-08 18:00',
      '2026-04-15 18:00',
      '2026-04-22 18:00',
    ]);
    expect(startsInUtc(course)).toEqual([
      '2026-03-04T17:00:00.000Z',
      '2026-03-11T17:00:00.000Z',
      '2026-03-18T17:00:00.000Z',
      '2026-03-25T17:00:00.000Z',
      '2026-04-01T16:00:00.000Z',
      '2026-04-08T16:00:00.000Z',
      '2026-04-15T16:00:00.000Z',
      '2026-04-22T16:00:00.000Z',
    ]);
  });

  it('keeps a Wednesday 18:00 course at 18:00 Brussels across the autumn clock change', () => {
    const course = series({ startDate: '2026-10-07', weekdays: [3], count: 6 });

    expect(startsOnClock(course)).toEqual([
      '2026-10-07 18:00',
      '2026-10-14 18:00',
      '2026-10-21 18:00',
      '2026-10-28 18:00',
      '2026-11-04 18:00',
      '2026-11-11 18:00',
    ]);
    expect(startsInUtc(course)).toEqual([
      '2026-10-07T16:00:00.000Z',
      '2026-10-14T16:00:00.000Z',
      '2026-10-21T16:00:00.000Z',
      '2026-10-28T17:00:00.000Z',
      '2026-11-04T17:00:00.000Z',
      '2026-11-11T17:00:00.000Z',
    ]);
  });

  it('plans two weekdays a week (Monday and Thursday) in date order', () => {
    expect(startsOnClock(series({ startDate: '2026-09-07', startTime: '09:30', weekdays: [4, 1], count: 5 }))).toEqual([
      '2026-09-07 09:30',
      '2026-09-10 09:30',
      '2026-09-14 09:30',
      '2026-09-17 09:30',
      '2026-09-21 09:30',
    ]);
  });

  it('counts "every 2 weeks" from the week of the start date, not from the start date itself', () => {
    // Starts on a Thursday: the Monday 11 days later is already in the second week after.
    expect(startsOnClock(series({ startDate: '2026-09-10', weekdays: [1, 4], everyWeeks: 2, count: 5 }))).toEqual([
      '2026-09-10 18:00',
      '2026-09-21 18:00',
      '2026-09-24 18:00',
      '2026-10-05 18:00',
      '2026-10-08 18:00',
    ]);
  });

  it('includes a session on the `until` day', () => {
    expect(startsOnClock(series({ startDate: '2026-09-02', until: '2026-09-23' }))).toEqual([
      '2026-09-02 18:00',
      '2026-09-09 18:00',
      '2026-09-16 18:00',
      '2026-09-23 18:00',
    ]);
  });

  it('plans nothing after `until` when it falls between two sessions', () => {
    expect(startsOnClock(series({ startDate: '2026-09-02', until: '2026-09-22' }))).toEqual([
      '2026-09-02 18:00',
      '2026-09-09 18:00',
      '2026-09-16 18:00',
    ]);
  });

  it('plans exactly `count` sessions', () => {
    expect(planSeries(series({ count: 3 }))).toHaveLength(3);
    expect(planSeries(series({ count: 1 }))).toHaveLength(1);
  });

  it('leaves holidays out without counting them towards `count`', () => {
    const course = series({ startDate: '2026-11-04', count: 4, skipDates: ['2026-11-11'] });

    expect(startsOnClock(course)).toEqual([
      '2026-11-04 18:00',
      '2026-11-18 18:00',
      '2026-11-25 18:00',
      '2026-12-02 18:00',
    ]);
  });

  it('leaves holidays out of an `until` series', () => {
    const course = series({ startDate: '2026-11-04', until: '2026-11-25', skipDates: ['2026-11-11', '2026-11-12'] });

    expect(startsOnClock(course)).toEqual(['2026-11-04 18:00', '2026-11-18 18:00', '2026-11-25 18:00']);
  });

  it('stops at whichever comes first when both `until` and `count` are given', () => {
    expect(planSeries(series({ startDate: '2026-09-02', until: '2026-12-31', count: 2 }))).toHaveLength(2);
    expect(planSeries(series({ startDate: '2026-09-02', until: '2026-09-09', count: 10 }))).toHaveLength(2);
  });

  it('refuses a series with neither an end date nor a number of sessions', () => {
    expect(() => planSeries(series({}))).toThrow(SeriesError);
  });

  it('refuses an end date before the start date', () => {
    expect(() => planSeries(series({ startDate: '2026-09-02', until: '2026-09-01' }))).toThrow(SeriesError);
  });

  it('accepts an end date equal to the start date', () => {
    expect(startsOnClock(series({ startDate: '2026-09-02', until: '2026-09-02' }))).toEqual(['2026-09-02 18:00']);
  });

  it(`plans up to ${MAX_SERIES_SESSIONS} sessions and refuses one more`, () => {
    const everyDay = [1, 2, 3, 4, 5, 6, 7];

    expect(planSeries(series({ weekdays: everyDay, count: MAX_SERIES_SESSIONS }))).toHaveLength(MAX_SERIES_SESSIONS);
    expect(() => planSeries(series({ weekdays: everyDay, count: MAX_SERIES_SESSIONS + 1 }))).toThrow(SeriesError);
  });

  it('refuses an `until` that would make more than the maximum number of sessions (a typo in the year)', () => {
    expect(() =>
      planSeries(series({ startDate: '2026-09-01', weekdays: [1, 2, 3, 4, 5], until: '2027-09-01' })),
    ).toThrow(SeriesError);
  });

  it('ends each session `durationMinutes` after it starts', () => {
    const [first] = planSeries(series({ startDate: '2026-09-02', startTime: '18:30', durationMinutes: 150, count: 1 }));

    expect(onBrusselsClock(first!.endsAt)).toBe('2026-09-02 21:00');
    expect(first!.endsAt.getTime() - first!.startsAt.getTime()).toBe(150 * 60_000);
  });

  it('includes the start date when it is one of the chosen weekdays', () => {
    expect(startsOnClock(series({ startDate: '2026-09-02', weekdays: [3], count: 1 }))).toEqual(['2026-09-02 18:00']);
  });

  it('begins on the next chosen weekday when the start date is not one', () => {
    // Thursday start, Wednesday course: the Wednesday before is not planned either.
    expect(startsOnClock(series({ startDate: '2026-09-03', weekdays: [3], count: 1 }))).toEqual(['2026-09-09 18:00']);
    // Thursday start, Monday+Thursday course: the Monday earlier that week is not planned.
    expect(startsOnClock(series({ startDate: '2026-09-10', weekdays: [1, 4], count: 2 }))).toEqual([
      '2026-09-10 18:00',
      '2026-09-14 18:00',
    ]);
  });
});

describe(brusselsToUtc.name, () => {
  it('is one hour ahead of UTC in winter and two in summer', () => {
    expect(brusselsToUtc('2026-01-15', '18:00').toISOString()).toBe('2026-01-15T17:00:00.000Z');
    expect(brusselsToUtc('2026-07-15', '18:00').toISOString()).toBe('2026-07-15T16:00:00.000Z');
  });

  it('puts a Brussels midnight on the previous UTC day', () => {
    expect(brusselsToUtc('2026-07-01', '00:00').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(brusselsToUtc('2027-01-01', '00:30').toISOString()).toBe('2026-12-31T23:30:00.000Z');
  });

  it('reads times around the spring change on the right side of it', () => {
    expect(brusselsToUtc('2026-03-29', '00:59').toISOString()).toBe('2026-03-28T23:59:00.000Z');
    expect(brusselsToUtc('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('reads 01:30 on the night of the spring change as winter time (it happens before the change)', () => {
    expect(onBrusselsClock(brusselsToUtc('2026-03-29', '01:30'))).toBe('2026-03-29 01:30');
    expect(brusselsToUtc('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T00:30:00.000Z');
  });

  it('moves a time skipped by the spring change (02:30) forward by the gap, to 03:30 summer time', () => {
    expect(brusselsToUtc('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(onBrusselsClock(brusselsToUtc('2026-03-29', '02:30'))).toBe('2026-03-29 03:30');
  });

  it('takes the first, summer-time occurrence of a time repeated by the autumn change (02:30)', () => {
    expect(brusselsToUtc('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads times around the autumn change on the right side of it', () => {
    expect(brusselsToUtc('2026-10-25', '01:30').toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(brusselsToUtc('2026-10-25', '03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe(offsetMinutes.name, () => {
  it('is 60 in winter and 120 in summer', () => {
    expect(offsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(60);
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(120);
  });

  it('switches at 01:00 UTC on the days of the changes', () => {
    expect(offsetMinutes(new Date('2026-03-29T00:59:59Z'))).toBe(60);
    expect(offsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetMinutes(new Date('2026-10-25T00:59:59Z'))).toBe(120);
    expect(offsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('is a whole number of minutes for instants with milliseconds', () => {
    expect(offsetMinutes(new Date('2026-07-15T12:00:00.999Z'))).toBe(120);
    expect(offsetMinutes(new Date('2026-01-15T12:00:59.500Z'))).toBe(60);
  });
});

describe(brusselsDate.name, () => {
  it('gives the Brussels calendar day, which can be a day after the UTC one', () => {
    expect(brusselsDate(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(brusselsDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
    expect(brusselsDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
    expect(brusselsDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});

describe(addDays.name, () => {
  it('rolls over months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('goes backwards with negative days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-01', -7)).toBe('2025-12-25');
  });

  it('steps over the clock-change days one calendar day at a time', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });
});

describe(isoWeekday.name, () => {
  it('numbers Monday 1 to Sunday 7', () => {
    expect(
      ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29'].map(
        isoWeekday,
      ),
    ).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('planSeries limits', () => {
  it('says so instead of returning fewer sessions than asked when they do not fit in three years', () => {
    expect(() => planSeries(series({ startDate: '2026-01-05', weekdays: [1], everyWeeks: 1, count: 200 }))).toThrow(
      /Only 15\d of the 200 sessions fit/,
    );
  });

  it('refuses an end date more than three years away', () => {
    expect(() =>
      planSeries(series({ startDate: '2026-01-05', weekdays: [1], everyWeeks: 1, until: '2030-01-05' })),
    ).toThrow('A series can span three years at most.');
  });
});
