import type { Session } from './programmes.js';

export enum AttendanceStatus {
  Present = 'present',
  Late = 'late',
  Excused = 'excused',
  Absent = 'absent',
}

export type MarkSource = 'trainer' | 'check_in' | 'absence';

export interface Mark {
  sessionId: string;
  participantId: string;
  status: AttendanceStatus;
  source: MarkSource;
  /** Display name of who marked (a trainer, or the participant themselves for a check-in). */
  markedBy: string | null;
  markedAt: string;
}

export enum AbsenceReason {
  Illness = 'illness',
  Work = 'work',
  Family = 'family',
  Papers = 'papers',
  Other = 'other',
}

export interface AbsenceNotice {
  id: string;
  sessionId: string;
  participantId: string;
  reason: AbsenceReason;
  status: 'pending' | 'confirmed' | 'declined';
  /** What the participant wrote when the reason is "other" (null otherwise). */
  note: string | null;
  /** A trainer has confirmed or declined it: the participant can no longer take it back. */
  answered: boolean;
  createdAt: string;
}

/** Longest note a participant can add to "I can't come" (reason "other"). */
export const ABSENCE_NOTE_MAX_LENGTH = 300;

export interface RosterEntry {
  participantId: string;
  displayName: string;
  mark: Mark | null;
  absence: AbsenceNotice | null;
}

export interface Roster {
  session: Session;
  programmeTitle: string;
  entries: RosterEntry[];
}

/** Set one person's mark; `status: null` clears it (undo of a first mark). */
export interface MarkRequest {
  participantId: string;
  status: AttendanceStatus | null;
}

/** The code the room's screen shows; it changes every `rotatesEverySeconds`. */
export interface CheckInDisplay {
  sessionId: string;
  code: string;
  /** What the QR code encodes: the check-in page with session and code filled in. */
  url: string;
  validUntil: string;
  rotatesEverySeconds: number;
  opensAt: string;
  closesAt: string;
}

export interface CheckInRequest {
  code: string;
  /** From the QR code; absent when the participant types the code. */
  sessionId?: string;
  /**
   * A code typed offline: how many seconds before sending it was typed (measured on the phone's own
   * clock, so a phone set to the wrong time does not matter). The server checks the code and the
   * session's window at that moment; at most `CHECK_IN_OFFLINE_MAX_SECONDS`.
   */
  typedSecondsAgo?: number;
}

/** A check-in typed offline is accepted up to this long after it was typed (12 hours). */
export const CHECK_IN_OFFLINE_MAX_SECONDS = 12 * 3600;

/** The HTTP header naming one action, so a request sent again (after a lost answer) is applied once. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface CheckInResult {
  session: Session;
  programmeTitle: string;
  status: AttendanceStatus.Present | AttendanceStatus.Late;
  checkedInAt: string;
}

export interface AbsenceRequest {
  reason: AbsenceReason;
  /** Why, in their words; kept only with the reason "other". */
  note?: string;
}

/** A participant's view of one of their sessions. */
export interface MySession {
  session: Session;
  programmeTitle: string;
  mark: AttendanceStatus | null;
  absence: AbsenceNotice | null;
}

export interface ParticipantSummary {
  participantId: string;
  displayName: string;
  /** Sessions that count: held, not cancelled, marked, and not excused. */
  counted: number;
  present: number;
  late: number;
  excused: number;
  absent: number;
  /** 0–100, null while nothing counts yet. */
  rate: number | null;
  missedInARow: number;
  atRisk: boolean;
  riskReasons: Array<'misses_in_a_row' | 'below_required_rate'>;
  hoursAttended: number;
}

export interface ProgrammeReport {
  programmeId: string;
  sessions: Session[];
  participants: ParticipantSummary[];
  /** participantId → sessionId → status (missing: not marked). */
  marks: Record<string, Record<string, AttendanceStatus>>;
}

/** Everything Atelier keeps about one person's attendance, for them to take away. */
export interface AttendanceExport {
  participant: { id: string; displayName: string };
  exportedAt: string;
  records: Array<{
    programmeTitle: string;
    sessionTitle: string;
    startsAt: string;
    status: AttendanceStatus;
    source: MarkSource;
    markedAt: string;
  }>;
  absences: Array<{ programmeTitle: string; startsAt: string; reason: AbsenceReason; status: AbsenceNotice['status'] }>;
}

export interface AttendanceAlert {
  id: string;
  programmeId: string;
  participantId: string;
  displayName: string;
  reason: 'misses_in_a_row' | 'below_required_rate';
  createdAt: string;
  readAt: string | null;
}
