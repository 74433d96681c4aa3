import type { ProgrammeReport } from '@atelier/contracts';
import { brusselsDate } from '../programmes/brussels-time.js';
import { csvCell as cell } from '../common/csv.js';

const LETTER = { present: 'P', late: 'L', excused: 'E', absent: 'A' } as const;

/** The attendance report as CSV: one row per person, one column per held session, then totals. */
export function reportCsv(report: ProgrammeReport): string {
  const sessions = report.sessions.filter((s) => !s.cancelledAt);
  const header = [
    'participant',
    ...sessions.map((s) => brusselsDate(new Date(s.startsAt))),
    'present',
    'late',
    'excused',
    'absent',
    'rate_percent',
    'hours_attended',
    'at_risk',
  ];
  const rows = report.participants.map((p) => [
    p.displayName,
    ...sessions.map((s) => {
      const status = report.marks[p.participantId]?.[s.id];
      return status ? LETTER[status] : '';
    }),
    p.present,
    p.late,
    p.excused,
    p.absent,
    p.rate,
    p.hoursAttended,
    p.atRisk ? 'yes' : 'no',
  ]);
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
