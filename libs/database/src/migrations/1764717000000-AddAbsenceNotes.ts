import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a participant writes when they cannot come for "another reason" (issue 17). */
export class AddAbsenceNotes1764717000000 implements MigrationInterface {
  name = 'AddAbsenceNotes1764717000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE absence_notices ADD COLUMN note text CHECK (char_length(note) <= 300)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE absence_notices DROP COLUMN note`);
  }
}
