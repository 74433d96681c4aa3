import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several organisations on one instance: suspension, the languages an organisation offers, a default
 * storage quota for its groups, the slugs it used before (old catalogue addresses redirect), the
 * instance-administrator flag on staff accounts, and one-time password reset links.
 */
export class AddInstanceAdministration1764900000000 implements MigrationInterface {
  name = 'AddInstanceAdministration1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // The first-run branch adds this column too; whichever migration runs first creates it.
    await q.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS is_instance_admin boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE organisations ADD COLUMN suspended_at timestamptz`);
    // The first-run migration (1764710000000) adds this column too.
    await q.query(
      `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS languages text[] NOT NULL DEFAULT '{fr,nl,en,ar}'`,
    );
    await q.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_languages_check
      CHECK (cardinality(languages) >= 1 AND languages <@ '{fr,nl,en,ar}'::text[] AND default_language = ANY (languages))`);
    await q.query(`ALTER TABLE organisations ADD COLUMN project_quota_bytes bigint CHECK (project_quota_bytes > 0)`);
    await q.query(`
      CREATE TABLE organisation_previous_slugs (
        slug text PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        replaced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX password_resets_user_idx ON password_resets (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_resets`);
    await q.query(`DROP TABLE organisation_previous_slugs`);
    await q.query(`ALTER TABLE organisations DROP COLUMN project_quota_bytes`);
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_languages_check`);
    await q.query(`ALTER TABLE organisations DROP COLUMN suspended_at`);
  }
}
