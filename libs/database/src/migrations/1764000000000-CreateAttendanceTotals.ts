import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where per-session marks go when a programme's retention period reduces them to totals. */
export class CreateAttendanceTotals1764000000000 implements MigrationInterface {
  name = 'CreateAttendanceTotals1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attendance_totals (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        present int NOT NULL DEFAULT 0,
        late int NOT NULL DEFAULT 0,
        excused int NOT NULL DEFAULT 0,
        absent int NOT NULL DEFAULT 0,
        hours_attended numeric(8,2) NOT NULL DEFAULT 0,
        reduced_sessions int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (programme_id, participant_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attendance_totals`);
  }
}
