import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segment encodes a project's renders keep for the next render (issue 19), by content key. The
 * objects sit under `projects/<project_id>/render-cache/<key>/`; their bytes count in the project's
 * quota. No foreign key on purpose: when a project goes, its rows stay until the worker's
 * `render-cache-retention` job has removed their objects (it removes the rows of a missing project,
 * and of a key not used for RENDER_CACHE_RETENTION_DAYS).
 */
export class CreateRenderSegmentCache1765300000000 implements MigrationInterface {
  name = 'CreateRenderSegmentCache1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE render_segment_cache (
        project_id uuid NOT NULL,
        key text NOT NULL,
        size_bytes bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, key)
      )`);
    await q.query(`CREATE INDEX render_segment_cache_last_used_idx ON render_segment_cache (last_used_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE render_segment_cache`);
  }
}
