import {
  AttendanceStatus,
  type AbsenceNotice,
  type AbsenceReason,
  type AttendanceAlert,
  type AttendanceExport,
  type Language,
  type MarkSource,
  type RosterEntry,
  type Session,
} from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { toSession, type SessionRow } from '../programmes/programme-session.repository.js';
import type { CarriedTotals } from './rates.js';

export interface OpenSession {
  session: Session;
  checkInSecret: string;
  lateGraceMinutes: number;
  programmeTitle: string;
}
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { displayName, staffContacts } from '../common/people.queries.js';

interface RosterRow {
  participant_id: string;
  display_name: string;
  status: AttendanceStatus | null;
  source: MarkSource | null;
  marked_by_name: string | null;
  marked_at: Date | null;
  absence_id: string | null;
  reason: AbsenceReason | null;
  absence_status: AbsenceNotice['status'] | null;
  absence_note: string | null;
  absence_decided_at: Date | null;
  absence_created_at: Date | null;
}

interface AbsenceRow {
  id: string;
  session_id: string;
  participant_id: string;
  reason: AbsenceReason;
  status: AbsenceNotice['status'];
  note: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const ABSENCE_COLUMNS = 'id, session_id, participant_id, reason, status, note, decided_at, created_at';

function toNotice(r: AbsenceRow): AbsenceNotice {
  return {
    id: r.id,
    sessionId: r.session_id,
    participantId: r.participant_id,
    reason: r.reason,
    status: r.status,
    note: r.note,
    answered: r.decided_at !== null,
    createdAt: r.created_at.toISOString(),
  };
}

function toEntry(sessionId: string, r: RosterRow): RosterEntry {
  return {
    participantId: r.participant_id,
    displayName: r.display_name,
    mark: r.status
      ? {
          sessionId,
          participantId: r.participant_id,
          status: r.status,
          source: r.source!,
          markedBy: r.marked_by_name,
          markedAt: r.marked_at!.toISOString(),
        }
      : null,
    absence: r.absence_id
      ? toNotice({
          id: r.absence_id,
          session_id: sessionId,
          participant_id: r.participant_id,
          reason: r.reason!,
          status: r.absence_status!,
          note: r.absence_note,
          decided_at: r.absence_decided_at,
          created_at: r.absence_created_at!,
        })
      : null,
  };
}

export interface NewMark {
  sessionId: string;
  participantId: string;
  status: AttendanceStatus | null;
  source: MarkSource;
  markedBy: string | null;
  at: Date;
}

@Injectable()
export class AttendanceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The people expected at a session (enrolled or completed in its programme, plus anyone already
   * marked there) with their mark and "I can't come" notice.
   */
  async roster(sessionId: string, onlyParticipant?: string): Promise<RosterEntry[]> {
    const rows: RosterRow[] = await this.db.query(
      `WITH people AS (
         SELECT e.participant_id FROM enrolments e JOIN programme_sessions s ON s.programme_id = e.programme_id
          WHERE s.id = $1 AND e.status IN ('enrolled','completed')
         UNION SELECT participant_id FROM attendance_marks WHERE session_id = $1
       )
       SELECT u.id AS participant_id, u.display_name, m.status, m.source, mb.display_name AS marked_by_name, m.marked_at,
              a.id AS absence_id, a.reason, a.status AS absence_status, a.note AS absence_note,
              a.decided_at AS absence_decided_at, a.created_at AS absence_created_at
         FROM people p JOIN users u ON u.id = p.participant_id
         LEFT JOIN attendance_marks m ON m.session_id = $1 AND m.participant_id = u.id
         LEFT JOIN users mb ON mb.id = m.marked_by
         LEFT JOIN absence_notices a ON a.session_id = $1 AND a.participant_id = u.id
        WHERE ($2::uuid IS NULL OR u.id = $2)
        ORDER BY lower(u.display_name)`,
      [sessionId, onlyParticipant ?? null],
    );
    return rows.map((r) => toEntry(sessionId, r));
  }

  /**
   * Sets (or with `status: null` clears) one mark: one row per person and session, last write
   * wins, and every write is kept in the history with who and when.
   */
  async setMark(m: NewMark): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (m.status === null) {
        await tx.query(`DELETE FROM attendance_marks WHERE session_id = $1 AND participant_id = $2`, [
          m.sessionId,
          m.participantId,
        ]);
      } else {
        await tx.query(
          `INSERT INTO attendance_marks (session_id, participant_id, status, source, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (session_id, participant_id) DO UPDATE SET status = EXCLUDED.status, source = EXCLUDED.source, marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at`,
          [m.sessionId, m.participantId, m.status, m.source, m.markedBy, m.at],
        );
      }
      await tx.query(
        `INSERT INTO attendance_mark_history (session_id, participant_id, status, source, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [m.sessionId, m.participantId, m.status, m.source, m.markedBy, m.at],
      );
    });
  }

  /**
   * A check-in: marks the person present or late unless they already have a mark other than
   * absent (a second scan, or a trainer's mark, is kept). Returns the status that stands.
   */
  async checkIn(
    sessionId: string,
    participantId: string,
    status: AttendanceStatus.Present | AttendanceStatus.Late,
    at: Date,
  ): Promise<AttendanceStatus> {
    return this.db.transaction(async (tx) => {
      const written = await changedRows<{ status: AttendanceStatus }>(
        tx,
        `INSERT INTO attendance_marks (session_id, participant_id, status, source, marked_by, marked_at) VALUES ($1, $2, $3, 'check_in', $2, $4)
         ON CONFLICT (session_id, participant_id) DO UPDATE SET status = EXCLUDED.status, source = 'check_in', marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at
           WHERE attendance_marks.status = 'absent'
         RETURNING status`,
        [sessionId, participantId, status, at],
      );
      if (written.length > 0) {
        await tx.query(
          `INSERT INTO attendance_mark_history (session_id, participant_id, status, source, marked_by, marked_at) VALUES ($1, $2, $3, 'check_in', $2, $4)`,
          [sessionId, participantId, status, at],
        );
        return status;
      }
      const [kept] = (await tx.query(
        `SELECT status FROM attendance_marks WHERE session_id = $1 AND participant_id = $2`,
        [sessionId, participantId],
      )) as Array<{
        status: AttendanceStatus;
      }>;
      return kept!.status;
    });
  }

  /** Marks absent everyone on the roster who has no mark yet; returns who was marked. */
  async markRestAbsent(sessionId: string, markedBy: string, at: Date): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const rows: Array<{ participant_id: string }> = await tx.query(
        `INSERT INTO attendance_marks (session_id, participant_id, status, source, marked_by, marked_at)
         SELECT $1, e.participant_id, 'absent', 'trainer', $2, $3
           FROM enrolments e JOIN programme_sessions s ON s.programme_id = e.programme_id
          WHERE s.id = $1 AND e.status IN ('enrolled','completed')
         ON CONFLICT (session_id, participant_id) DO NOTHING
         RETURNING participant_id`,
        [sessionId, markedBy, at],
      );
      for (const r of rows) {
        await tx.query(
          `INSERT INTO attendance_mark_history (session_id, participant_id, status, source, marked_by, marked_at) VALUES ($1, $2, 'absent', 'trainer', $3, $4)`,
          [sessionId, r.participant_id, markedBy, at],
        );
      }
      return rows.map((r) => r.participant_id);
    });
  }

  async isEnrolled(sessionId: string, participantId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM enrolments e JOIN programme_sessions s ON s.programme_id = e.programme_id
        WHERE s.id = $1 AND e.participant_id = $2 AND e.status IN ('enrolled','completed')`,
      [sessionId, participantId],
    );
    return rows.length > 0;
  }

  /** All marks of a programme's sessions: participantId → sessionId → status. */
  async marksForProgramme(
    programmeId: string,
    onlyParticipant?: string,
  ): Promise<Map<string, Map<string, AttendanceStatus>>> {
    const rows: Array<{ participant_id: string; session_id: string; status: AttendanceStatus }> = await this.db.query(
      `SELECT m.participant_id, m.session_id, m.status FROM attendance_marks m JOIN programme_sessions s ON s.id = m.session_id
        WHERE s.programme_id = $1 AND ($2::uuid IS NULL OR m.participant_id = $2)`,
      [programmeId, onlyParticipant ?? null],
    );
    const byPerson = new Map<string, Map<string, AttendanceStatus>>();
    for (const r of rows) {
      if (!byPerson.has(r.participant_id)) byPerson.set(r.participant_id, new Map());
      byPerson.get(r.participant_id)!.set(r.session_id, r.status);
    }
    return byPerson;
  }

  /** Records "I can't come"; said again, it replaces the reason (a declined one becomes a new request). */
  async recordAbsence(
    sessionId: string,
    participantId: string,
    reason: AbsenceReason,
    note: string | null,
    status: AbsenceNotice['status'],
    at: Date,
  ): Promise<AbsenceNotice> {
    const rows: AbsenceRow[] = await this.db.query(
      `INSERT INTO absence_notices (session_id, participant_id, reason, note, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (session_id, participant_id) DO UPDATE SET reason = EXCLUDED.reason, note = EXCLUDED.note,
         status = CASE WHEN absence_notices.status = 'confirmed' THEN 'confirmed' ELSE EXCLUDED.status END,
         decided_by = CASE WHEN absence_notices.status = 'confirmed' THEN absence_notices.decided_by END,
         decided_at = CASE WHEN absence_notices.status = 'confirmed' THEN absence_notices.decided_at END
       RETURNING ${ABSENCE_COLUMNS}`,
      [sessionId, participantId, reason, note, status, at],
    );
    return toNotice(rows[0]!);
  }

  async findOwnAbsence(sessionId: string, participantId: string): Promise<AbsenceNotice | null> {
    const rows: AbsenceRow[] = await this.db.query(
      `SELECT ${ABSENCE_COLUMNS} FROM absence_notices WHERE session_id = $1 AND participant_id = $2`,
      [sessionId, participantId],
    );
    return rows[0] ? toNotice(rows[0]) : null;
  }

  /** Takes back a notice no trainer has answered yet; false when there was none left to take back. */
  async withdrawAbsence(id: string): Promise<boolean> {
    const rows = await changedRows(
      this.db,
      `DELETE FROM absence_notices WHERE id = $1 AND decided_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async findAbsence(id: string): Promise<{ id: string; sessionId: string; participantId: string } | null> {
    const rows: Array<{ id: string; session_id: string; participant_id: string }> = await this.db.query(
      `SELECT id, session_id, participant_id FROM absence_notices WHERE id = $1`,
      [id],
    );
    return rows[0] ? { id: rows[0].id, sessionId: rows[0].session_id, participantId: rows[0].participant_id } : null;
  }

  async decideAbsence(id: string, status: 'confirmed' | 'declined', by: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE absence_notices SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1`, [
      id,
      status,
      by,
      at,
    ]);
  }

  async absencesForParticipant(participantId: string): Promise<Map<string, AbsenceNotice>> {
    const rows: AbsenceRow[] = await this.db.query(
      `SELECT ${ABSENCE_COLUMNS} FROM absence_notices WHERE participant_id = $1`,
      [participantId],
    );
    return new Map(rows.map((r) => [r.session_id, toNotice(r)]));
  }

  async exportFor(
    participantId: string,
  ): Promise<{ records: AttendanceExport['records']; absences: AttendanceExport['absences'] }> {
    const records: Array<{
      programme_title: string;
      session_title: string;
      starts_at: Date;
      status: AttendanceStatus;
      source: MarkSource;
      marked_at: Date;
    }> = await this.db.query(
      `SELECT p.title AS programme_title, s.title AS session_title, s.starts_at, m.status, m.source, m.marked_at
         FROM attendance_marks m JOIN programme_sessions s ON s.id = m.session_id JOIN programmes p ON p.id = s.programme_id
        WHERE m.participant_id = $1 ORDER BY s.starts_at`,
      [participantId],
    );
    const absences: Array<{
      programme_title: string;
      starts_at: Date;
      reason: AbsenceReason;
      status: AbsenceNotice['status'];
    }> = await this.db.query(
      `SELECT p.title AS programme_title, s.starts_at, a.reason, a.status
         FROM absence_notices a JOIN programme_sessions s ON s.id = a.session_id JOIN programmes p ON p.id = s.programme_id
        WHERE a.participant_id = $1 ORDER BY s.starts_at`,
      [participantId],
    );
    return {
      records: records.map((r) => ({
        programmeTitle: r.programme_title,
        sessionTitle: r.session_title,
        startsAt: r.starts_at.toISOString(),
        status: r.status,
        source: r.source,
        markedAt: r.marked_at.toISOString(),
      })),
      absences: absences.map((a) => ({
        programmeTitle: a.programme_title,
        startsAt: a.starts_at.toISOString(),
        reason: a.reason,
        status: a.status,
      })),
    };
  }

  /** Erases a person's attendance: marks, their history, "I can't come" notices and alerts. */
  async eraseFor(participantId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const table of ['attendance_marks', 'attendance_mark_history', 'absence_notices', 'attendance_alerts']) {
        await tx.query(`DELETE FROM ${table} WHERE participant_id = $1`, [participantId]);
      }
    });
  }

  /** Totals kept for people whose older marks a retention period reduced. */
  async totalsForProgramme(programmeId: string): Promise<Map<string, CarriedTotals>> {
    const rows: Array<{
      participant_id: string;
      present: number;
      late: number;
      excused: number;
      absent: number;
      hours_attended: string;
    }> = await this.db.query(
      `SELECT participant_id, present, late, excused, absent, hours_attended FROM attendance_totals WHERE programme_id = $1`,
      [programmeId],
    );
    return new Map(
      rows.map((r) => [
        r.participant_id,
        {
          present: r.present,
          late: r.late,
          excused: r.excused,
          absent: r.absent,
          hoursAttended: Number(r.hours_attended),
        },
      ]),
    );
  }

  /** Opens an alert unless the same one is already open (unread); true when it is new. */
  async raiseAlert(
    programmeId: string,
    participantId: string,
    reason: AttendanceAlert['reason'],
    at: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO attendance_alerts (programme_id, participant_id, reason, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (programme_id, participant_id, reason) WHERE read_at IS NULL DO NOTHING RETURNING id`,
      [programmeId, participantId, reason, at],
    );
    return rows.length > 0;
  }

  /** Staff of an organisation who have an e-mail address, with their language, for alert e-mails. */
  async staffContacts(organisationId: string): Promise<Array<{ email: string; language: Language }>> {
    return staffContacts(this.db, organisationId);
  }

  async displayName(participantId: string): Promise<string> {
    return displayName(this.db, participantId);
  }

  async alerts(programmeId: string): Promise<AttendanceAlert[]> {
    const rows: Array<{
      id: string;
      participant_id: string;
      display_name: string;
      reason: AttendanceAlert['reason'];
      created_at: Date;
      read_at: Date | null;
    }> = await this.db.query(
      `SELECT a.id, a.participant_id, u.display_name, a.reason, a.created_at, a.read_at FROM attendance_alerts a JOIN users u ON u.id = a.participant_id
        WHERE a.programme_id = $1 ORDER BY a.read_at NULLS FIRST, a.created_at DESC LIMIT 200`,
      [programmeId],
    );
    return rows.map((r) => ({
      id: r.id,
      programmeId,
      participantId: r.participant_id,
      displayName: r.display_name,
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    }));
  }

  /** Marks an alert of one of this organisation's programmes read; false when there is none. */
  async readAlert(organisationId: string, alertId: string, at: Date): Promise<boolean> {
    const rows = await changedRows(
      this.db,
      `UPDATE attendance_alerts a SET read_at = coalesce(a.read_at, $3) FROM programmes p WHERE a.id = $2 AND p.id = a.programme_id AND p.organisation_id = $1 RETURNING a.id`,
      [organisationId, alertId, at],
    );
    return rows.length > 0;
  }

  /** Enrolled people of a programme (for the report). */
  async enrolledPeople(programmeId: string): Promise<Array<{ participantId: string; displayName: string }>> {
    const rows: Array<{ participant_id: string; display_name: string }> = await this.db.query(
      `SELECT e.participant_id, u.display_name FROM enrolments e JOIN users u ON u.id = e.participant_id
        WHERE e.programme_id = $1 AND e.status IN ('enrolled','completed') ORDER BY lower(u.display_name)`,
      [programmeId],
    );
    return rows.map((r) => ({ participantId: r.participant_id, displayName: r.display_name }));
  }

  /** Sessions whose check-in window is open now, in programmes of one organisation. */
  /**
   * Sessions whose check-in window is open now, in programmes of one organisation, with what a
   * check-in needs (the programme's secret, grace and title): one read for the whole check-in.
   */
  async openSessions(organisationId: string, opensBefore: Date, now: Date): Promise<OpenSession[]> {
    const rows: Array<SessionRow & { check_in_secret: string; late_grace_minutes: number; programme_title: string }> =
      await this.db.query(
        `SELECT s.id, s.programme_id, s.title, s.starts_at, s.ends_at, s.place, s.required, s.step, s.cancelled_at,
              p.check_in_secret, p.late_grace_minutes, p.title AS programme_title
         FROM programme_sessions s JOIN programmes p ON p.id = s.programme_id
        WHERE p.organisation_id = $1 AND s.cancelled_at IS NULL AND s.starts_at <= $2 AND s.ends_at >= $3`,
        [organisationId, opensBefore, now],
      );
    return rows.map((r) => ({
      session: toSession(r),
      checkInSecret: r.check_in_secret,
      lateGraceMinutes: r.late_grace_minutes,
      programmeTitle: r.programme_title,
    }));
  }
}
