import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Instance administrators: staff accounts that may create and suspend organisations on this
 * instance (set by the admin command line or by the first-run setup). Everything else stays
 * organisation-scoped through memberships.
 */
export class AddInstanceAdmins1764700000000 implements MigrationInterface {
  name = 'AddInstanceAdmins1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN is_instance_admin boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN is_instance_admin`);
  }
}
