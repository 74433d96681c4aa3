import { APP_CONFIG, type AppConfig } from '@atelier/config';
import { resilientPool } from '@atelier/database';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

export interface CachedSegment {
  projectId: string;
  key: string;
  sizeBytes: number;
}

/** The rows of `render_segment_cache`: which segment encodes a project keeps, and how big they are. */
@Injectable()
export class SegmentCacheRepository implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly log = new Logger('Database');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = resilientPool({ connectionString: config.databaseUrl, max: 2 }, (e) =>
      this.log.warn(`PostgreSQL connection lost (render cache): ${e.message}`),
    );
  }

  /** The keys among `keys` the project keeps. */
  async known(projectId: string, keys: string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ key: string }>(
      `SELECT key FROM render_segment_cache WHERE project_id = $1 AND key = ANY($2::text[])`,
      [projectId, keys],
    );
    return new Set(rows.map((r) => r.key));
  }

  /**
   * Records a kept segment if its bytes fit the project's quota next to its clips and other kept
   * segments (the project row is locked, as an upload's declaration locks it). False: no room.
   */
  async claim(projectId: string, key: string, sizeBytes: number, defaultQuotaBytes: number): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ quota: string; used: string }>(
        `SELECT coalesce(p.quota_bytes, o.project_quota_bytes, $2) AS quota,
                (SELECT coalesce(sum(size_bytes), 0) FROM clips WHERE project_id = p.id)
                  + (SELECT coalesce(sum(size_bytes), 0) FROM render_segment_cache WHERE project_id = p.id) AS used
           FROM media_projects p JOIN organisations o ON o.id = p.organisation_id
          WHERE p.id = $1 FOR UPDATE OF p`,
        [projectId, defaultQuotaBytes],
      );
      const row = rows[0];
      const fits = !!row && Number(row.used) + sizeBytes <= Number(row.quota);
      if (fits)
        await client.query(
          `INSERT INTO render_segment_cache (project_id, key, size_bytes) VALUES ($1, $2, $3)
           ON CONFLICT (project_id, key) DO UPDATE SET size_bytes = EXCLUDED.size_bytes, last_used_at = now()`,
          [projectId, key, sizeBytes],
        );
      await client.query('COMMIT');
      return fits;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** Marks the keys as used now (a render restored them): their retention period starts again. */
  async touch(projectId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query(
      `UPDATE render_segment_cache SET last_used_at = now() WHERE project_id = $1 AND key = ANY($2::text[])`,
      [projectId, keys],
    );
  }

  async forget(entries: Array<Pick<CachedSegment, 'projectId' | 'key'>>): Promise<void> {
    if (entries.length === 0) return;
    await this.pool.query(
      `DELETE FROM render_segment_cache c USING jsonb_to_recordset($1::jsonb) AS e(project_id uuid, key text)
        WHERE c.project_id = e.project_id AND c.key = e.key`,
      [JSON.stringify(entries.map((e) => ({ project_id: e.projectId, key: e.key })))],
    );
  }

  /** Kept segments unused since `before`, or whose project is gone (at most `limit`). */
  async expired(before: Date, limit: number): Promise<CachedSegment[]> {
    const { rows } = await this.pool.query<{ project_id: string; key: string; size_bytes: string }>(
      `SELECT c.project_id, c.key, c.size_bytes FROM render_segment_cache c
        WHERE c.last_used_at < $1 OR NOT EXISTS (SELECT 1 FROM media_projects p WHERE p.id = c.project_id)
        ORDER BY c.last_used_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => ({ projectId: r.project_id, key: r.key, sizeBytes: Number(r.size_bytes) }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
