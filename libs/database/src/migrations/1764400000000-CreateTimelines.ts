import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A project's timeline as data with versions, and its server renders.
 *
 * - `timeline_versions`: every save is a new row (the document as JSON, its author and time, what
 *   changed). The current timeline is the highest version; the primary key (project, version) is
 *   what refuses a save made on a stale version when two members save at once.
 * - `renders`: one row per render of a saved version. Outputs live under `renders/<id>/` in object
 *   storage (`master.mp4`, `hls/master.m3u8`, `poster.jpg`). At most one render per project is
 *   queued or running. A documentary (publishing) points at a `ready` render of its project by id.
 */
export class CreateTimelines1764400000000 implements MigrationInterface {
  name = 'CreateTimelines1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timeline_versions (
        project_id uuid NOT NULL REFERENCES media_projects(id) ON DELETE CASCADE,
        version int NOT NULL CHECK (version >= 1),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        document jsonb NOT NULL,
        duration_ms int NOT NULL CHECK (duration_ms >= 0),
        changes jsonb NOT NULL DEFAULT '[]',
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        author_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, version)
      )`);
    await q.query(`
      CREATE TABLE renders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES media_projects(id) ON DELETE CASCADE,
        timeline_version int NOT NULL,
        document jsonb NOT NULL,
        target text NOT NULL CHECK (target IN ('1080p','720p')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','rendering','ready','failed','cancelled')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        duration_ms int NOT NULL,
        requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        requested_by_name text NOT NULL,
        failure_message text,
        master_key text,
        hls_master_key text,
        poster_key text,
        size_bytes bigint,
        loudness jsonb,
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (project_id, timeline_version) REFERENCES timeline_versions(project_id, version) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX renders_project_idx ON renders (project_id, created_at DESC)`);
    await q.query(
      `CREATE UNIQUE INDEX renders_one_active_per_project ON renders (project_id) WHERE status IN ('queued','rendering')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE renders`);
    await q.query(`DROP TABLE timeline_versions`);
  }
}
