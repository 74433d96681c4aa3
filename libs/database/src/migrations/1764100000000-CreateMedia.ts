import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups of participants in a video course, each with one media project whose bin holds clips.
 * A clip row exists from the moment an upload is declared (status `uploading`), so quota counts
 * uploads in progress and an interrupted upload can be found and resumed.
 */
export class CreateMedia1764100000000 implements MigrationInterface {
  name = 'CreateMedia1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN keep_media_originals boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE media_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        programme_id uuid REFERENCES programmes(id) ON DELETE SET NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX media_groups_org_idx ON media_groups (organisation_id)`);
    await q.query(`
      CREATE TABLE media_group_members (
        group_id uuid NOT NULL REFERENCES media_groups(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, participant_id)
      )`);
    await q.query(`CREATE INDEX media_group_members_participant_idx ON media_group_members (participant_id)`);
    await q.query(`
      CREATE TABLE media_projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        group_id uuid NOT NULL UNIQUE REFERENCES media_groups(id) ON DELETE CASCADE,
        title text NOT NULL DEFAULT '',
        quota_bytes bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE clips (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES media_projects(id) ON DELETE CASCADE,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        title text NOT NULL DEFAULT '',
        original_filename text NOT NULL,
        declared_type text NOT NULL DEFAULT '',
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        received_bytes bigint NOT NULL DEFAULT 0,
        upload_id text UNIQUE,
        source_key text NOT NULL,
        original_kept boolean NOT NULL DEFAULT true,
        kind text CHECK (kind IS NULL OR kind IN ('video','audio','image')),
        status text NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading','processing','ready','failed')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        failure_code text,
        failure_message text,
        tags text[] NOT NULL DEFAULT '{}',
        duration_ms int,
        width int,
        height int,
        probe jsonb,
        renditions jsonb,
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        uploaded_at timestamptz,
        ready_at timestamptz
      )`);
    await q.query(`CREATE INDEX clips_project_idx ON clips (project_id, created_at)`);
    await q.query(`CREATE INDEX clips_stale_uploads_idx ON clips (updated_at) WHERE status = 'uploading'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE clips`);
    await q.query(`DROP TABLE media_projects`);
    await q.query(`DROP TABLE media_group_members`);
    await q.query(`DROP TABLE media_groups`);
    await q.query(`ALTER TABLE organisations DROP COLUMN keep_media_originals`);
  }
}
