import type { PathwayStep, Session } from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SessionRow {
  id: string;
  programme_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  required: boolean;
  step: PathwayStep | null;
  cancelled_at: Date | null;
}

export function toSession(r: SessionRow): Session {
  return {
    id: r.id,
    programmeId: r.programme_id,
    title: r.title,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    place: r.place,
    required: r.required,
    step: r.step,
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
  };
}

export interface NewSession {
  startsAt: Date;
  endsAt: Date;
  title: string;
  place: string;
  required: boolean;
  step: PathwayStep | null;
}

const COLS = 's.id, s.programme_id, s.title, s.starts_at, s.ends_at, s.place, s.required, s.step, s.cancelled_at';

/** The sessions of programmes; every lookup is scoped to the caller's organisation. */
@Injectable()
export class ProgrammeSessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createMany(programmeId: string, sessions: NewSession[]): Promise<Session[]> {
    if (sessions.length === 0) return [];
    const values: unknown[] = [];
    const tuples = sessions.map((s, i) => {
      values.push(programmeId, s.startsAt, s.endsAt, s.title, s.place, s.required, s.step);
      const b = i * 7;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
    });
    const rows: SessionRow[] = await this.db.query(
      `INSERT INTO programme_sessions (programme_id, starts_at, ends_at, title, place, required, step) VALUES ${tuples.join(', ')}
       RETURNING id, programme_id, title, starts_at, ends_at, place, required, step, cancelled_at`,
      values,
    );
    return rows.map(toSession).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  async listForProgramme(programmeId: string): Promise<Session[]> {
    const rows: SessionRow[] = await this.db.query(
      `SELECT ${COLS} FROM programme_sessions s WHERE s.programme_id = $1 ORDER BY s.starts_at`,
      [programmeId],
    );
    return rows.map(toSession);
  }

  /** A session of a programme of this organisation, with its programme's id; null otherwise. */
  async findInOrganisation(organisationId: string, sessionId: string): Promise<Session | null> {
    const rows: SessionRow[] = await this.db.query(
      `SELECT ${COLS} FROM programme_sessions s JOIN programmes p ON p.id = s.programme_id WHERE p.organisation_id = $1 AND s.id = $2`,
      [organisationId, sessionId],
    );
    return rows[0] ? toSession(rows[0]) : null;
  }

  async update(sessionId: string, changes: Partial<NewSession>): Promise<Session> {
    const map: Record<keyof NewSession, string> = {
      startsAt: 'starts_at',
      endsAt: 'ends_at',
      title: 'title',
      place: 'place',
      required: 'required',
      step: 'step',
    };
    const keys = (Object.keys(changes) as Array<keyof NewSession>).filter((k) => changes[k] !== undefined);
    const sets = keys.map((k, i) => `${map[k]} = $${i + 2}`);
    const rows = await changedRows<SessionRow>(
      this.db,
      `UPDATE programme_sessions s SET ${sets.length ? sets.join(', ') : 'title = title'} WHERE s.id = $1 RETURNING ${COLS}`,
      [sessionId, ...keys.map((k) => changes[k])],
    );
    return toSession(rows[0]!);
  }

  async setCancelled(sessionId: string, at: Date | null): Promise<Session> {
    const rows = await changedRows<SessionRow>(
      this.db,
      `UPDATE programme_sessions s SET cancelled_at = $2 WHERE s.id = $1 RETURNING ${COLS}`,
      [sessionId, at],
    );
    return toSession(rows[0]!);
  }

  /** Sessions of the programmes a participant is enrolled in, from `since` on. */
  async forParticipant(participantId: string, since: Date): Promise<Array<Session & { programmeTitle: string }>> {
    const rows: Array<SessionRow & { programme_title: string }> = await this.db.query(
      `SELECT ${COLS}, p.title AS programme_title
         FROM programme_sessions s
         JOIN programmes p ON p.id = s.programme_id
         JOIN enrolments e ON e.programme_id = p.id AND e.participant_id = $1 AND e.status IN ('enrolled','completed')
        WHERE s.ends_at >= $2
        ORDER BY s.starts_at`,
      [participantId, since],
    );
    return rows.map((r) => ({ ...toSession(r), programmeTitle: r.programme_title }));
  }
}
