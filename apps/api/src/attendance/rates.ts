import { AttendanceStatus, type ParticipantSummary } from '@atelier/contracts';

export interface SessionFacts {
  id: string;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
}

/** Counts kept after a retention period reduced older sessions' marks to totals. */
export interface CarriedTotals {
  present: number;
  late: number;
  excused: number;
  absent: number;
  hoursAttended: number;
}

export interface RateSettings {
  lateWeight: number;
  requiredAttendanceRate: number;
  alertAfterMisses: number;
}

/**
 * One person's attendance over a programme's sessions. Only held sessions count (started, not
 * cancelled) that have a mark; excused marks are not counted against the person (they leave the
 * denominator). Present is worth 1, late `lateWeight`, absent 0.
 */
export function summarise(
  person: { participantId: string; displayName: string },
  sessions: SessionFacts[],
  marks: Map<string, AttendanceStatus>,
  settings: RateSettings,
  now: Date,
  carried?: CarriedTotals,
): ParticipantSummary {
  const held = sessions
    .filter((s) => !s.cancelled && s.startsAt <= now)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const count = {
    present: carried?.present ?? 0,
    late: carried?.late ?? 0,
    excused: carried?.excused ?? 0,
    absent: carried?.absent ?? 0,
  };
  let points = count.present + count.late * settings.lateWeight;
  let hoursMs = (carried?.hoursAttended ?? 0) * 3_600_000;
  let missedInARow = 0;
  for (const s of held) {
    const status = marks.get(s.id);
    if (!status) continue;
    count[status]++;
    if (status === AttendanceStatus.Present || status === AttendanceStatus.Late) {
      points += status === AttendanceStatus.Present ? 1 : settings.lateWeight;
      hoursMs += s.endsAt.getTime() - s.startsAt.getTime();
      missedInARow = 0;
    } else if (status === AttendanceStatus.Absent) {
      missedInARow++;
    }
  }
  const counted = count.present + count.late + count.absent;
  const rate = counted === 0 ? null : Math.round((points / counted) * 1000) / 10;
  const riskReasons: ParticipantSummary['riskReasons'] = [];
  if (missedInARow >= settings.alertAfterMisses) riskReasons.push('misses_in_a_row');
  // One missed first session is not yet a trend: the rate alerts from two counted sessions on.
  if (rate !== null && counted >= 2 && rate < settings.requiredAttendanceRate) riskReasons.push('below_required_rate');
  return {
    ...person,
    counted,
    ...count,
    rate,
    missedInARow,
    atRisk: riskReasons.length > 0,
    riskReasons,
    hoursAttended: Math.round((hoursMs / 3_600_000) * 10) / 10,
  };
}
