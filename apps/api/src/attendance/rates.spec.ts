import { AttendanceStatus } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { type RateSettings, type SessionFacts, summarise } from './rates.js';

const { Present: P, Late: L, Excused: E, Absent: A } = AttendanceStatus;

const NOW = new Date('2026-05-20T12:00:00Z');
const DAY = 86_400_000;
const person = { participantId: 'p-amina', displayName: 'Amina' };
const settings: RateSettings = { lateWeight: 0.5, requiredAttendanceRate: 75, alertAfterMisses: 3 };

interface Spec {
  status?: AttendanceStatus;
  daysAgo?: number;
  minutes?: number;
  cancelled?: boolean;
}

/**
 * Sessions one day apart (the first the longest ago) that all ended before NOW unless `daysAgo`
 * says otherwise, with this person's marks. Returned in a shuffled order: summarise must sort.
 */
function history(specs: Spec[]): { sessions: SessionFacts[]; marks: Map<string, AttendanceStatus> } {
  const marks = new Map<string, AttendanceStatus>();
  const sessions = specs.map((spec, i) => {
    const id = `s${i + 1}`;
    const startsAt = new Date(NOW.getTime() - (spec.daysAgo ?? specs.length - i) * DAY);
    if (spec.status) marks.set(id, spec.status);
    return {
      id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + (spec.minutes ?? 120) * 60_000),
      cancelled: spec.cancelled ?? false,
    };
  });
  return { sessions: shuffled(sessions), marks };
}

function shuffled<T>(items: T[]): T[] {
  // Deterministic: odd positions reversed, then even positions.
  return [...items.filter((_, i) => i % 2 === 1).reverse(), ...items.filter((_, i) => i % 2 === 0)];
}

function summary(specs: Spec[], overrides: Partial<RateSettings> = {}) {
  const { sessions, marks } = history(specs);
  return summarise(person, sessions, marks, { ...settings, ...overrides }, NOW);
}

const marked = (...statuses: AttendanceStatus[]): Spec[] => statuses.map((status) => ({ status }));

describe(summarise.name, () => {
  it('names the person it summarises', () => {
    expect(summary(marked(P))).toMatchObject({ participantId: 'p-amina', displayName: 'Amina' });
  });

  it('counts present as 1, late as the late weight and absent as 0', () => {
    expect(summary(marked(P, L, A, A))).toMatchObject({
      counted: 4,
      present: 1,
      late: 1,
      absent: 2,
      excused: 0,
      rate: 37.5,
    });
    expect(summary(marked(P, L), { lateWeight: 0.75 }).rate).toBe(87.5);
    expect(summary(marked(L, L), { lateWeight: 1 }).rate).toBe(100);
  });

  it('does not count an excused session against the person', () => {
    expect(summary(marked(P, E, E))).toMatchObject({ counted: 1, present: 1, excused: 2, rate: 100 });
    expect(summary(marked(P, A, E)).rate).toBe(50);
  });

  it('ignores a cancelled session for everyone, even when it was marked', () => {
    const s = summary([{ status: P }, { status: A, cancelled: true }, { status: L, cancelled: true }]);

    expect(s).toMatchObject({
      counted: 1,
      present: 1,
      late: 0,
      absent: 0,
      rate: 100,
      missedInARow: 0,
      hoursAttended: 2,
    });
  });

  it('ignores sessions that have not started yet, even when already marked', () => {
    const s = summary([{ status: P }, { status: A, daysAgo: -1 }, { status: E, daysAgo: -2 }]);

    expect(s).toMatchObject({ counted: 1, absent: 0, excused: 0, rate: 100, missedInARow: 0 });
  });

  it('counts a session that is under way', () => {
    const s = summary([
      { status: P, daysAgo: 1 },
      { status: A, daysAgo: 1 / 24 },
    ]);

    expect(s).toMatchObject({ counted: 2, absent: 1, rate: 50 });
  });

  it('ignores past sessions nobody marked', () => {
    expect(summary([{ status: P }, {}, {}])).toMatchObject({ counted: 1, rate: 100, missedInARow: 0 });
  });

  it('rounds the rate to one decimal', () => {
    expect(summary(marked(P, P, A)).rate).toBe(66.7);
    expect(summary(marked(P, A, A)).rate).toBe(33.3);
    expect(summary(marked(P, P, P, P, P, A)).rate).toBe(83.3);
    expect(summary(marked(P, L, L)).rate).toBe(66.7);
  });

  it('has no rate while nothing counts', () => {
    expect(summary([]).rate).toBeNull();
    expect(summary(marked(E, E))).toMatchObject({ counted: 0, excused: 2, rate: null, atRisk: false, riskReasons: [] });
    expect(summary([{}, { status: A, cancelled: true }, { status: A, daysAgo: -1 }])).toMatchObject({
      counted: 0,
      rate: null,
    });
  });

  describe('missedInARow', () => {
    it('counts the absences at the end, in time order', () => {
      expect(summary(marked(A, A, P, A, A)).missedInARow).toBe(2);
      expect(summary(marked(P, A, A, A)).missedInARow).toBe(3);
    });

    it('is reset by a present or late session', () => {
      expect(summary(marked(A, A, A, P)).missedInARow).toBe(0);
      expect(summary(marked(A, A, A, L)).missedInARow).toBe(0);
      expect(summary(marked(A, A, L, A)).missedInARow).toBe(1);
    });

    it('is neither broken nor extended by an excused session', () => {
      expect(summary(marked(P, A, E, A)).missedInARow).toBe(2);
      expect(summary(marked(P, A, A, E)).missedInARow).toBe(2);
      expect(summary(marked(P, E, E)).missedInARow).toBe(0);
    });

    it('is neither broken nor extended by a session nobody marked', () => {
      expect(summary([{ status: P }, { status: A }, {}, { status: A }]).missedInARow).toBe(2);
      expect(summary([{ status: P }, { status: A }, { status: A }, {}]).missedInARow).toBe(2);
    });

    it('is not extended by cancelled or future sessions marked absent', () => {
      const s = summary([{ status: P }, { status: A }, { status: A, cancelled: true }, { status: A, daysAgo: -3 }]);

      expect(s.missedInARow).toBe(1);
    });
  });

  describe('riskReasons', () => {
    it(`flags misses in a row once they reach the alert threshold`, () => {
      const generous = { requiredAttendanceRate: 0 };

      expect(summary(marked(P, P, A, A), generous)).toMatchObject({ atRisk: false, riskReasons: [] });
      expect(summary(marked(P, P, A, A, A), generous)).toMatchObject({
        atRisk: true,
        riskReasons: ['misses_in_a_row'],
      });
      expect(summary(marked(P, A), { ...generous, alertAfterMisses: 1 })).toMatchObject({
        riskReasons: ['misses_in_a_row'],
      });
    });

    it('flags a rate below the required rate', () => {
      expect(summary(marked(P, P, P, A))).toMatchObject({ rate: 75, atRisk: false, riskReasons: [] });
      expect(summary(marked(P, P, L, A))).toMatchObject({
        rate: 62.5,
        atRisk: true,
        riskReasons: ['below_required_rate'],
      });
    });

    it('does not flag the rate after a single counted session', () => {
      expect(summary(marked(A))).toMatchObject({ counted: 1, rate: 0, atRisk: false, riskReasons: [] });
      expect(summary(marked(L))).toMatchObject({ counted: 1, rate: 50, atRisk: false, riskReasons: [] });
      expect(summary(marked(E, A, E))).toMatchObject({ counted: 1, atRisk: false, riskReasons: [] });
      expect(summary(marked(P, A))).toMatchObject({ counted: 2, rate: 50, riskReasons: ['below_required_rate'] });
    });

    it('gives both reasons when both apply', () => {
      expect(summary(marked(P, A, A, A))).toMatchObject({
        atRisk: true,
        riskReasons: ['misses_in_a_row', 'below_required_rate'],
      });
    });
  });

  describe('hoursAttended', () => {
    it('adds up the sessions attended present or late', () => {
      expect(summary(marked(P, L, A, E)).hoursAttended).toBe(4);
      expect(
        summary([
          { status: P, minutes: 90 },
          { status: L, minutes: 180 },
          { status: A, minutes: 600 },
        ]).hoursAttended,
      ).toBe(4.5);
    });

    it('rounds to one decimal', () => {
      expect(
        summary([
          { status: P, minutes: 90 },
          { status: P, minutes: 50 },
        ]).hoursAttended,
      ).toBe(2.3);
      expect(summary([{ status: P, minutes: 20 }]).hoursAttended).toBe(0.3);
    });

    it('leaves out cancelled and future sessions', () => {
      const s = summary([{ status: P }, { status: P, cancelled: true }, { status: P, daysAgo: -1 }]);

      expect(s.hoursAttended).toBe(2);
    });

    it('is 0 when nothing was attended', () => {
      expect(summary(marked(A, E)).hoursAttended).toBe(0);
    });
  });
});

describe('summarise with totals kept after a retention period', () => {
  it('adds the reduced counts and hours to the per-session ones', () => {
    const start = new Date('2026-05-06T16:00:00Z');
    const sessions = [
      { id: 's1', startsAt: start, endsAt: new Date(start.getTime() + 2 * 3_600_000), cancelled: false },
    ];
    const summary = summarise(
      { participantId: 'p', displayName: 'Amina' },
      sessions,
      new Map([['s1', AttendanceStatus.Absent]]),
      { lateWeight: 0.5, requiredAttendanceRate: 80, alertAfterMisses: 3 },
      new Date('2026-06-01T00:00:00Z'),
      { present: 6, late: 2, excused: 1, absent: 1, hoursAttended: 16 },
    );
    expect(summary).toMatchObject({
      counted: 10,
      present: 6,
      late: 2,
      excused: 1,
      absent: 2,
      rate: 70,
      hoursAttended: 16,
      missedInARow: 1,
    });
  });
});
