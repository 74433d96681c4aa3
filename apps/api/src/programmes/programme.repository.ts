import type { Language, Programme, ProgrammeKind, ProgrammeSettings } from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface ProgrammeRow {
  id: string;
  organisation_id: string;
  kind: ProgrammeKind;
  title: string;
  description: string;
  languages: Language[];
  place: string;
  capacity: number | null;
  required_attendance_rate: number;
  contribution_asked: boolean;
  late_weight: string;
  late_grace_minutes: number;
  auto_excuse: boolean;
  alert_after_misses: number;
  retention_months: number | null;
  join_code: string;
  calendar_key: string;
  check_in_secret: string;
  created_at: Date;
  enrolled_count?: string;
  waiting_count?: string;
  session_count?: string;
  next_session_at?: Date | null;
}

type Counts = 'enrolledCount' | 'waitingCount' | 'sessionCount' | 'nextSessionAt';

/** A programme's settings and secrets, as the rules need them (no counts: one cheap row read). */
export interface ProgrammeRecord extends Omit<Programme, 'calendarUrl' | Counts> {
  organisationId: string;
  calendarKey: string;
  checkInSecret: string;
}

/** A programme as shown to staff: its record plus the counts of people and sessions. */
export interface StoredProgramme extends ProgrammeRecord, Pick<Programme, Counts> {}

const COLUMNS: Record<keyof ProgrammeSettings, string> = {
  kind: 'kind',
  title: 'title',
  description: 'description',
  languages: 'languages',
  place: 'place',
  capacity: 'capacity',
  requiredAttendanceRate: 'required_attendance_rate',
  contributionAsked: 'contribution_asked',
  lateWeight: 'late_weight',
  lateGraceMinutes: 'late_grace_minutes',
  autoExcuse: 'auto_excuse',
  alertAfterMisses: 'alert_after_misses',
  retentionMonths: 'retention_months',
};

const SELECT = `
  SELECT p.*,
         (SELECT count(*) FROM enrolments e WHERE e.programme_id = p.id AND e.status IN ('enrolled','completed')) AS enrolled_count,
         (SELECT count(*) FROM enrolments e WHERE e.programme_id = p.id AND e.status = 'waiting') AS waiting_count,
         (SELECT count(*) FROM programme_sessions s WHERE s.programme_id = p.id AND s.cancelled_at IS NULL) AS session_count,
         (SELECT min(s.starts_at) FROM programme_sessions s WHERE s.programme_id = p.id AND s.cancelled_at IS NULL AND s.ends_at > now()) AS next_session_at
    FROM programmes p`;

function toProgramme(r: ProgrammeRow): StoredProgramme {
  return {
    ...toRecord(r),
    enrolledCount: Number(r.enrolled_count ?? 0),
    waitingCount: Number(r.waiting_count ?? 0),
    sessionCount: Number(r.session_count ?? 0),
    nextSessionAt: r.next_session_at ? r.next_session_at.toISOString() : null,
  };
}

function toRecord(r: ProgrammeRow): ProgrammeRecord {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    languages: r.languages,
    place: r.place,
    capacity: r.capacity,
    requiredAttendanceRate: r.required_attendance_rate,
    contributionAsked: r.contribution_asked,
    lateWeight: Number(r.late_weight),
    lateGraceMinutes: r.late_grace_minutes,
    autoExcuse: r.auto_excuse,
    alertAfterMisses: r.alert_after_misses,
    retentionMonths: r.retention_months,
    joinCode: r.join_code,
    calendarKey: r.calendar_key,
    checkInSecret: r.check_in_secret,
    createdAt: r.created_at.toISOString(),
  };
}

@Injectable()
export class ProgrammeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    organisationId: string,
    s: ProgrammeSettings,
    secrets: { joinCode: string; calendarKey: string; checkInSecret: string },
  ): Promise<string> {
    const keys = Object.keys(COLUMNS) as Array<keyof ProgrammeSettings>;
    const columns = ['organisation_id', 'join_code', 'calendar_key', 'check_in_secret', ...keys.map((k) => COLUMNS[k])];
    const values = [
      organisationId,
      secrets.joinCode,
      secrets.calendarKey,
      secrets.checkInSecret,
      ...keys.map((k) => s[k]),
    ];
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO programmes (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      values,
    );
    return rows[0]!.id;
  }

  async update(organisationId: string, id: string, changes: Partial<ProgrammeSettings>): Promise<boolean> {
    const keys = (Object.keys(changes) as Array<keyof ProgrammeSettings>).filter(
      (k) => changes[k] !== undefined && COLUMNS[k],
    );
    if (keys.length === 0) return (await this.findRecord(organisationId, id)) !== null;
    const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 3}`);
    const rows = await changedRows(
      this.db,
      `UPDATE programmes SET ${sets.join(', ')} WHERE organisation_id = $1 AND id = $2 RETURNING id`,
      [organisationId, id, ...keys.map((k) => changes[k])],
    );
    return rows.length > 0;
  }

  /** Settings and secrets only: for the rules on every mark and check-in. */
  async findRecord(organisationId: string, id: string): Promise<ProgrammeRecord | null> {
    const rows: ProgrammeRow[] = await this.db.query(
      `SELECT p.* FROM programmes p WHERE p.organisation_id = $1 AND p.id = $2`,
      [organisationId, id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async find(organisationId: string, id: string): Promise<StoredProgramme | null> {
    const rows: ProgrammeRow[] = await this.db.query(`${SELECT} WHERE p.organisation_id = $1 AND p.id = $2`, [
      organisationId,
      id,
    ]);
    return rows[0] ? toProgramme(rows[0]) : null;
  }

  async list(organisationId: string): Promise<StoredProgramme[]> {
    const rows: ProgrammeRow[] = await this.db.query(
      `${SELECT} WHERE p.organisation_id = $1 ORDER BY p.created_at DESC`,
      [organisationId],
    );
    return rows.map(toProgramme);
  }

  async findByJoinCode(organisationId: string, joinCode: string): Promise<StoredProgramme | null> {
    const rows: ProgrammeRow[] = await this.db.query(`${SELECT} WHERE p.organisation_id = $1 AND p.join_code = $2`, [
      organisationId,
      joinCode,
    ]);
    return rows[0] ? toProgramme(rows[0]) : null;
  }

  async findByCalendarKey(calendarKey: string): Promise<StoredProgramme | null> {
    // A suspended organisation's feeds answer 404 like its other public pages.
    const rows: ProgrammeRow[] = await this.db.query(
      `${SELECT} WHERE p.calendar_key = $1 AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = p.organisation_id AND o.suspended_at IS NOT NULL)`,
      [calendarKey],
    );
    return rows[0] ? toProgramme(rows[0]) : null;
  }

  /** Programmes a participant is in or waiting for, with their status. */
  async forParticipant(
    participantId: string,
  ): Promise<Array<{ programme: StoredProgramme; status: string; waitingPosition: number | null }>> {
    const rows: Array<ProgrammeRow & { enrolment_status: string; waiting_position: string | null }> =
      await this.db.query(
        `${SELECT.replace(
          'FROM programmes p',
          `, e.status AS enrolment_status,
              CASE WHEN e.status = 'waiting' THEN (SELECT count(*) FROM enrolments w WHERE w.programme_id = p.id AND w.status = 'waiting' AND (w.waiting_since, w.created_at, w.id) <= (e.waiting_since, e.created_at, e.id)) END AS waiting_position
         FROM programmes p JOIN enrolments e ON e.programme_id = p.id`,
        )}
        WHERE e.participant_id = $1 AND e.status <> 'withdrawn' ORDER BY p.created_at DESC`,
        [participantId],
      );
    return rows.map((r) => ({
      programme: toProgramme(r),
      status: r.enrolment_status,
      waitingPosition: r.waiting_position === null ? null : Number(r.waiting_position),
    }));
  }
}
