import { resilientPool } from '@atelier/database';
import { APP_CONFIG, type AppConfig } from '@atelier/config';
import {
  RENDER_EVENTS_CHANNEL,
  type ClipRenditions,
  type RenderStatus,
  type TimelineDocument,
} from '@atelier/contracts';
import type { LoudnessOutcome, MediaInfo } from '@atelier/media';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

export interface RenderForProcessing {
  id: string;
  organisationId: string;
  projectId: string;
  status: RenderStatus;
  document: TimelineDocument;
}

/** A clip a render reads, with what is needed to pick its file. */
export interface RenderClip {
  id: string;
  kind: 'video' | 'audio' | 'image' | null;
  status: string;
  sourceKey: string;
  originalKept: boolean;
  probe: MediaInfo | null;
  renditions: ClipRenditions | null;
}

export interface RenderOutputs {
  masterKey: string;
  hlsMasterKey: string;
  posterKey: string;
  sizeBytes: number;
  durationMs: number;
  loudness: LoudnessOutcome | null;
}

/**
 * Every statement that changes a render's status or progress announces it with pg_notify on
 * RENDER_EVENTS_CHANNEL (a `RenderProgressEvent`) in the same statement; API nodes LISTEN and
 * relay it to the room `project:<projectId>`.
 * Every announcement carries what the row says it waits for (`waitingFor`, left out when nothing),
 * so a progress event never hides "waiting for storage".
 */
const NOTIFY = `SELECT pg_notify('${RENDER_EVENTS_CHANNEL}', json_strip_nulls(json_build_object('renderId', id, 'projectId', project_id, 'status', status,
                                  'progress', progress, 'waitingFor', waiting_for))::text) AS sent FROM changed`;
const CHANGED = 'RETURNING id, project_id, status, progress, waiting_for';

/** The worker's access to renders and the clips they read (raw SQL over a small pool). */
@Injectable()
export class RendersRepository implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly log = new Logger('Database');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A PostgreSQL restart must not end the worker: connection errors are logged, the pool reconnects.
    this.pool = resilientPool({ connectionString: config.databaseUrl, max: 3 }, (e) =>
      this.log.warn(`PostgreSQL connection lost (renders): ${e.message}`),
    );
  }

  async find(renderId: string): Promise<RenderForProcessing | null> {
    const { rows } = await this.pool.query(
      `SELECT id, organisation_id, project_id, status, document FROM renders WHERE id = $1`,
      [renderId],
    );
    const r = rows[0];
    return r
      ? { id: r.id, organisationId: r.organisation_id, projectId: r.project_id, status: r.status, document: r.document }
      : null;
  }

  /** The project's clips among `clipIds` (a clip deleted since is simply absent). */
  async clips(projectId: string, clipIds: string[]): Promise<RenderClip[]> {
    const { rows } = await this.pool.query(
      `SELECT id, kind, status, source_key, original_kept, probe, renditions FROM clips WHERE project_id = $1 AND id = ANY($2::uuid[])`,
      [projectId, clipIds],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      sourceKey: r.source_key,
      originalKept: r.original_kept,
      probe: r.probe,
      renditions: r.renditions,
    }));
  }

  /** queued (or rendering, on a later delivery) → rendering. False when it was cancelled meanwhile. */
  async start(renderId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH changed AS (UPDATE renders SET status = 'rendering', progress = 0, waiting_for = NULL, attempts = attempts + 1, started_at = coalesce(started_at, now()), updated_at = now()
                         WHERE id = $1 AND status IN ('queued', 'rendering') ${CHANGED}) ${NOTIFY}`,
      [renderId],
    );
    return rows.length > 0;
  }

  /** False when the render is no longer rendering (someone cancelled it). */
  async setProgress(renderId: string, progress: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH changed AS (UPDATE renders SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'rendering' ${CHANGED}) ${NOTIFY}`,
      [renderId, progress],
    );
    return rows.length > 0;
  }

  async isRendering(renderId: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM renders WHERE id = $1 AND status = 'rendering'`, [renderId]);
    return rows.length > 0;
  }

  async markReady(renderId: string, o: RenderOutputs): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH changed AS (UPDATE renders SET status = 'ready', progress = 100, waiting_for = NULL, master_key = $2, hls_master_key = $3, poster_key = $4, size_bytes = $5,
                                           duration_ms = $6, loudness = $7, failure_message = NULL, finished_at = now(), updated_at = now()
                         WHERE id = $1 AND status = 'rendering' ${CHANGED}) ${NOTIFY}`,
      [
        renderId,
        o.masterKey,
        o.hlsMasterKey,
        o.posterKey,
        o.sizeBytes,
        o.durationMs,
        o.loudness ? JSON.stringify(o.loudness) : null,
      ],
    );
    return rows.length > 0;
  }

  /** Tells the render's viewers that it waits for the storage (or no longer does), progress kept. */
  async announceWaiting(renderId: string, waiting: boolean): Promise<void> {
    // Kept on the row too, so a reload (or another API node) still shows it.
    await this.pool.query(
      `WITH changed AS (UPDATE renders SET waiting_for = CASE WHEN $2 THEN 'storage' END WHERE id = $1 AND status = 'rendering' ${CHANGED}) ${NOTIFY}`,
      [renderId, waiting],
    );
  }

  /** False when the render was not queued or rendering any more. */
  async markFailed(renderId: string, message: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `WITH changed AS (UPDATE renders SET status = 'failed', waiting_for = NULL, failure_message = $2, finished_at = now(), updated_at = now()
                         WHERE id = $1 AND status IN ('queued', 'rendering') ${CHANGED}) ${NOTIFY}`,
      [renderId, message.slice(0, 1000)],
    );
    return rows.length > 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
