import {
  Contribution,
  EnrolmentStatus,
  type Enrolment,
  type Language,
  type PathwayStep,
  type StepRecord,
} from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

interface EnrolmentRow {
  id: string;
  programme_id: string;
  participant_id: string;
  display_name: string;
  preferred_language: Language;
  status: EnrolmentStatus;
  waiting_position: string | null;
  contribution: Contribution;
  created_at: Date;
  steps: StepRecord[] | null;
}

const SELECT = `
  SELECT e.id, e.programme_id, e.participant_id, u.display_name, u.preferred_language, e.status, e.contribution, e.created_at,
         CASE WHEN e.status = 'waiting' THEN
           (SELECT count(*) FROM enrolments w WHERE w.programme_id = e.programme_id AND w.status = 'waiting' AND (w.waiting_since, w.created_at, w.id) <= (e.waiting_since, e.created_at, e.id))
         END AS waiting_position,
         (SELECT json_agg(json_build_object('step', ps.step, 'completedOn', to_char(ps.completed_on, 'YYYY-MM-DD'), 'note', ps.note) ORDER BY ps.completed_on)
            FROM pathway_steps ps WHERE ps.enrolment_id = e.id) AS steps
    FROM enrolments e JOIN users u ON u.id = e.participant_id`;

function toEnrolment(r: EnrolmentRow): Enrolment {
  return {
    id: r.id,
    programmeId: r.programme_id,
    participantId: r.participant_id,
    displayName: r.display_name,
    preferredLanguage: r.preferred_language,
    status: r.status,
    waitingPosition: r.waiting_position === null ? null : Number(r.waiting_position),
    contribution: r.contribution,
    steps: r.steps ?? [],
    createdAt: r.created_at.toISOString(),
  };
}

export type EnrolOutcome = { kind: 'created' | 'existing'; enrolmentId: string };

@Injectable()
export class EnrolmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(programmeId: string): Promise<Enrolment[]> {
    const rows: EnrolmentRow[] = await this.db.query(
      `${SELECT} WHERE e.programme_id = $1
        ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'completed' THEN 1 WHEN 'waiting' THEN 2 WHEN 'invited' THEN 3 ELSE 4 END, e.waiting_since NULLS FIRST, e.created_at, e.id`,
      [programmeId],
    );
    return rows.map(toEnrolment);
  }

  async find(id: string): Promise<Enrolment | null> {
    const rows: EnrolmentRow[] = await this.db.query(`${SELECT} WHERE e.id = $1`, [id]);
    return rows[0] ? toEnrolment(rows[0]) : null;
  }

  async findFor(programmeId: string, participantId: string): Promise<Enrolment | null> {
    const rows: EnrolmentRow[] = await this.db.query(`${SELECT} WHERE e.programme_id = $1 AND e.participant_id = $2`, [
      programmeId,
      participantId,
    ]);
    return rows[0] ? toEnrolment(rows[0]) : null;
  }

  /**
   * Enrols someone, or puts them on the waiting list when the programme is full. The programme row
   * is locked for the decision, so parallel enrolments can never take more places than there are.
   * A withdrawn person who enrols again takes a place (or the end of the queue) like a newcomer.
   */
  async enrol(
    programmeId: string,
    participantId: string,
    contribution: Contribution,
    now: Date,
  ): Promise<EnrolOutcome> {
    return this.db.transaction(async (tx) => {
      const [programme] = (await tx.query(`SELECT capacity FROM programmes WHERE id = $1 FOR UPDATE`, [
        programmeId,
      ])) as Array<{ capacity: number | null }>;
      const [existing] = (await tx.query(
        `SELECT id, status FROM enrolments WHERE programme_id = $1 AND participant_id = $2`,
        [programmeId, participantId],
      )) as Array<{
        id: string;
        status: EnrolmentStatus;
      }>;
      if (existing && existing.status !== EnrolmentStatus.Withdrawn && existing.status !== EnrolmentStatus.Invited)
        return { kind: 'existing', enrolmentId: existing.id };
      const full = programme!.capacity !== null && (await this.taken(tx, programmeId)) >= programme!.capacity;
      const status = full ? EnrolmentStatus.Waiting : EnrolmentStatus.Enrolled;
      if (existing) {
        await tx.query(`UPDATE enrolments SET status = $2, waiting_since = $3, updated_at = $4 WHERE id = $1`, [
          existing.id,
          status,
          full ? now : null,
          now,
        ]);
        return { kind: 'created', enrolmentId: existing.id };
      }
      const [row] = (await tx.query(
        `INSERT INTO enrolments (programme_id, participant_id, status, waiting_since, contribution) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [programmeId, participantId, status, full ? now : null, contribution],
      )) as Array<{ id: string }>;
      return { kind: 'created', enrolmentId: row!.id };
    });
  }

  /**
   * Changes an enrolment's status; when that frees a place (an enrolled person withdraws, or the
   * capacity allows it), the first people waiting are enrolled, in the same transaction.
   * Returns the ids of the people promoted.
   */
  async changeStatus(enrolmentId: string, status: EnrolmentStatus, now: Date): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT programme_id FROM enrolments WHERE id = $1`, [enrolmentId])) as Array<{
        programme_id: string;
      }>;
      const [programme] = (await tx.query(`SELECT capacity FROM programmes WHERE id = $1 FOR UPDATE`, [
        row!.programme_id,
      ])) as Array<{ capacity: number | null }>;
      await tx.query(
        `UPDATE enrolments SET status = $2, waiting_since = CASE WHEN $2 = 'waiting' THEN $3::timestamptz ELSE NULL END, updated_at = $3 WHERE id = $1`,
        [enrolmentId, status, now],
      );
      return this.promote(tx, row!.programme_id, programme!.capacity, now);
    });
  }

  async setContribution(enrolmentId: string, contribution: Contribution): Promise<void> {
    await this.db.query(`UPDATE enrolments SET contribution = $2, updated_at = now() WHERE id = $1`, [
      enrolmentId,
      contribution,
    ]);
  }

  async recordStep(
    enrolmentId: string,
    step: PathwayStep,
    completedOn: string,
    note: string,
    recordedBy: string,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO pathway_steps (enrolment_id, step, completed_on, note, recorded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (enrolment_id, step) DO UPDATE SET completed_on = EXCLUDED.completed_on, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [enrolmentId, step, completedOn, note, recordedBy],
    );
  }

  /** After a capacity change: fills free places from the waiting list. */
  async fillFromWaitingList(programmeId: string, now: Date): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const [programme] = (await tx.query(`SELECT capacity FROM programmes WHERE id = $1 FOR UPDATE`, [
        programmeId,
      ])) as Array<{ capacity: number | null }>;
      return this.promote(tx, programmeId, programme!.capacity, now);
    });
  }

  private async taken(tx: EntityManager, programmeId: string): Promise<number> {
    const [r] = (await tx.query(
      `SELECT count(*) AS n FROM enrolments WHERE programme_id = $1 AND status IN ('enrolled','completed')`,
      [programmeId],
    )) as Array<{ n: string }>;
    return Number(r!.n);
  }

  private async promote(tx: EntityManager, programmeId: string, capacity: number | null, now: Date): Promise<string[]> {
    const free = capacity === null ? Number.MAX_SAFE_INTEGER : capacity - (await this.taken(tx, programmeId));
    if (free <= 0) return [];
    const promoted = await changedRows<{ participant_id: string }>(
      tx,
      `UPDATE enrolments SET status = 'enrolled', waiting_since = NULL, updated_at = $3
        WHERE id IN (SELECT id FROM enrolments WHERE programme_id = $1 AND status = 'waiting' ORDER BY waiting_since, created_at, id LIMIT $2)
        RETURNING participant_id`,
      [programmeId, Math.min(free, 10_000), now],
    );
    return promoted.map((p) => p.participant_id);
  }
}
