import { AbsenceReason, AttendanceStatus } from '@atelier/contracts';
import type { IconName } from './icon-paths';

/**
 * How each attendance status looks everywhere: the same icon, colour (`[data-status]`, see
 * styles.scss) and letter on the roster, the report and a participant's own list, so the meaning
 * never rests on colour or words alone.
 */
export const STATUSES: readonly AttendanceStatus[] = [
  AttendanceStatus.Present,
  AttendanceStatus.Late,
  AttendanceStatus.Excused,
  AttendanceStatus.Absent,
];

export const STATUS_ICONS: Readonly<Record<AttendanceStatus, IconName>> = {
  [AttendanceStatus.Present]: 'check',
  [AttendanceStatus.Late]: 'timer',
  [AttendanceStatus.Excused]: 'mail',
  [AttendanceStatus.Absent]: 'close',
};

/** One letter per status in the report's table (explained by its legend). */
export const STATUS_LETTERS: Readonly<Record<AttendanceStatus, string>> = {
  [AttendanceStatus.Present]: 'P',
  [AttendanceStatus.Late]: 'L',
  [AttendanceStatus.Excused]: 'E',
  [AttendanceStatus.Absent]: 'A',
};

/** The reasons a participant can give for missing a session, each with a picture. */
export const ABSENCE_REASONS: readonly AbsenceReason[] = [
  AbsenceReason.Illness,
  AbsenceReason.Work,
  AbsenceReason.Family,
  AbsenceReason.Papers,
  AbsenceReason.Other,
];

export const REASON_ICONS: Readonly<Record<AbsenceReason, IconName>> = {
  [AbsenceReason.Illness]: 'medical',
  [AbsenceReason.Work]: 'work',
  [AbsenceReason.Family]: 'family',
  [AbsenceReason.Papers]: 'document',
  [AbsenceReason.Other]: 'more',
};
