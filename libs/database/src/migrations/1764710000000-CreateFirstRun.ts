import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the first run, the demo data and backups need:
 * - `organisations.languages`: the languages an organisation works in (its default is the first);
 * - `users.demo`: people the `npm start` demo seed created, so an admin can remove them from the UI;
 * - `setup_tokens`: hashes of the one-time setup links the API prints while no organisation exists
 *   (each start prints a new one; all are deleted when one is used);
 * - `backup_runs`: each backup's outcome, for `/health` and the Instance page.
 */
export class CreateFirstRun1764710000000 implements MigrationInterface {
  name = 'CreateFirstRun1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN IF NOT EXISTS languages text[] NOT NULL DEFAULT '{fr,nl,en,ar}'`);
    await q.query(`ALTER TABLE users ADD COLUMN demo boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE setup_tokens (
        token_hash text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE backup_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        ok boolean,
        location text NOT NULL,
        size_bytes bigint,
        objects int,
        schema_version text,
        error text
      )`);
    await q.query(`CREATE INDEX backup_runs_started_idx ON backup_runs (started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backup_runs`);
    await q.query(`DROP TABLE setup_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN demo`);
    await q.query(`ALTER TABLE organisations DROP COLUMN languages`);
  }
}
