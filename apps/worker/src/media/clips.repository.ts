import { resilientPool } from '@atelier/database';
import { APP_CONFIG, type AppConfig } from '@atelier/config';
import {
  CLIP_EVENTS_CHANNEL,
  type ClipFailure,
  type ClipKind,
  type ClipRenditions,
  ClipStatus,
} from '@atelier/contracts';
import type { MediaInfo } from '@atelier/media';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

/** A clip as the pipeline sees it. */
export interface ClipForProcessing {
  id: string;
  organisationId: string;
  projectId: string;
  status: ClipStatus;
  sourceKey: string;
  kind: ClipKind | null;
  probe: MediaInfo | null;
  originalKept: boolean;
  /** The organisation's choice: keep uploaded originals (trainers may need them) or delete them once processed. */
  keepOriginals: boolean;
}

export interface StaleUpload {
  id: string;
  sourceKey: string;
  receivedBytes: number;
}

/**
 * Every statement that changes a clip's status or progress also announces it with pg_notify on
 * CLIP_EVENTS_CHANNEL (a `ClipProgressEvent`), in the same statement, so an event is sent exactly
 * when the row changed; the API nodes LISTEN and relay to the project's room.
 * Every announcement carries what the row says it waits for (`waitingFor`, left out when nothing),
 * so a progress event never hides "waiting for storage".
 */
const NOTIFY = `SELECT pg_notify('${CLIP_EVENTS_CHANNEL}', json_strip_nulls(json_build_object('clipId', id, 'projectId', project_id, 'status', status,
                                  'progress', progress, 'waitingFor', waiting_for))::text) AS sent FROM changed`;
const CHANGED = 'RETURNING id, project_id, status, progress, waiting_for';

/** The worker's access to clips (raw SQL over a small pool). */
@Injectable()
export class ClipsRepository implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly log = new Logger('Database');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A PostgreSQL restart must not end the worker: connection errors are logged, the pool reconnects.
    this.pool = resilientPool({ connectionString: config.databaseUrl, max: 4 }, (e) =>
      this.log.warn(`PostgreSQL connection lost (clips): ${e.message}`),
    );
  }

  async find(clipId: string): Promise<ClipForProcessing | null> {
    const { rows } = await this.pool.query(
      `SELECT c.id, c.organisation_id, c.project_id, c.status, c.source_key, c.kind, c.probe, c.original_kept, o.keep_media_originals
         FROM clips c JOIN organisations o ON o.id = c.organisation_id
        WHERE c.id = $1`,
      [clipId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      organisationId: r.organisation_id,
      projectId: r.project_id,
      status: r.status,
      sourceKey: r.source_key,
      kind: r.kind,
      probe: r.probe,
      originalKept: r.original_kept,
      keepOriginals: r.keep_media_originals,
    };
  }

  /** Records what the probe found; the clip stays `processing` (transcode comes next). */
  async recordProbe(clipId: string, p: { kind: ClipKind; info: MediaInfo }): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE clips SET kind = $2, duration_ms = $3, width = $4, height = $5, probe = $6,
              attempts = attempts + 1, failure_code = NULL, failure_message = NULL, updated_at = now()
        WHERE id = $1 AND status = 'processing'`,
      [
        clipId,
        p.kind,
        p.info.durationMs,
        p.info.video?.width ?? null,
        p.info.video?.height ?? null,
        JSON.stringify(p.info),
      ],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Progress while processing (0–99); announces it. False when the clip is no longer processing. */
  async setProgress(clipId: string, progress: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH changed AS (UPDATE clips SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'processing' ${CHANGED}) ${NOTIFY}`,
      [clipId, progress],
    );
    return rows.length > 0;
  }

  /** False when the clip was not processing (already failed, ready, or deleted). */
  async markFailed(clipId: string, failure: ClipFailure, message: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH changed AS (
         UPDATE clips SET status = 'failed', progress = 0, waiting_for = NULL, failure_code = $2, failure_message = $3, updated_at = now()
          WHERE id = $1 AND status = 'processing' ${CHANGED}) ${NOTIFY}`,
      [clipId, failure, message],
    );
    return rows.length > 0;
  }

  /**
   * Tells the clip's viewers that its processing waits for the storage (or no longer does), with its
   * status and progress as they are: "waiting for storage" instead of a progress that falls to 0.
   */
  async announceWaiting(clipId: string, waiting: boolean): Promise<void> {
    // Kept on the row too, so a reload (or another API node) still shows it.
    await this.pool.query(
      `WITH changed AS (UPDATE clips SET waiting_for = CASE WHEN $2 THEN 'storage' END WHERE id = $1 AND status = 'processing' ${CHANGED}) ${NOTIFY}`,
      [clipId, waiting],
    );
  }

  /** Whether the clip still exists and is being processed (a deleted clip's transcode stops). */
  async isProcessing(clipId: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM clips WHERE id = $1 AND status = 'processing'`, [clipId]);
    return rows.length > 0;
  }

  async markReady(clipId: string, renditions: ClipRenditions, originalKept: boolean): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH changed AS (
         UPDATE clips SET status = 'ready', progress = 100, waiting_for = NULL, renditions = $2, original_kept = $3, failure_code = NULL, failure_message = NULL,
                ready_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ('processing', 'ready') ${CHANGED}) ${NOTIFY}`,
      [clipId, JSON.stringify(renditions), originalKept],
    );
    return rows.length > 0;
  }

  /** Uploads still `uploading` and untouched since `before` (the upload endpoint touches updated_at on every chunk). */
  async findStaleUploads(before: Date, limit = 500): Promise<StaleUpload[]> {
    const { rows } = await this.pool.query(
      `SELECT id, source_key, received_bytes FROM clips WHERE status = 'uploading' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => ({ id: r.id, sourceKey: r.source_key, receivedBytes: Number(r.received_bytes) }));
  }

  /** Deletes a stale upload's row, unless it was resumed (touched) meanwhile. */
  async deleteStaleUpload(clipId: string, before: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM clips WHERE id = $1 AND status = 'uploading' AND updated_at < $2`,
      [clipId, before],
    );
    return (rowCount ?? 0) > 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
