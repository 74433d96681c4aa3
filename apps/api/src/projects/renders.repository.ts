import { RENDER_EVENTS_CHANNEL, RenderStatus, type RenderTarget, type TimelineDocument } from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StoredRender {
  id: string;
  organisationId: string;
  projectId: string;
  timelineVersion: number;
  target: RenderTarget;
  status: RenderStatus;
  progress: number;
  durationMs: number;
  requestedBy: { id: string; displayName: string };
  failure: string | null;
  waitingFor: 'storage' | null;
  masterKey: string | null;
  hlsMasterKey: string | null;
  posterKey: string | null;
  sizeBytes: number | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, organisation_id, project_id, timeline_version, target, status, progress, duration_ms, requested_by, requested_by_name, failure_message, waiting_for,
                 master_key, hls_master_key, poster_key, size_bytes, created_at, finished_at`;

function toRender(r: Record<string, any>): StoredRender {
  return {
    id: r['id'],
    organisationId: r['organisation_id'],
    projectId: r['project_id'],
    timelineVersion: r['timeline_version'],
    target: r['target'],
    status: r['status'],
    progress: r['progress'],
    durationMs: r['duration_ms'],
    requestedBy: { id: r['requested_by'] ?? '', displayName: r['requested_by_name'] },
    failure: r['failure_message'],
    waitingFor: r['status'] === RenderStatus.Rendering ? r['waiting_for'] : null,
    masterKey: r['master_key'],
    hlsMasterKey: r['hls_master_key'],
    posterKey: r['poster_key'],
    sizeBytes: r['size_bytes'] === null ? null : Number(r['size_bytes']),
    createdAt: r['created_at'],
    finishedAt: r['finished_at'],
  };
}

/** Renders of projects' timelines. Status changes are announced on RENDER_EVENTS_CHANNEL like the worker's. */
@Injectable()
export class RendersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A queued render of a saved version. Null when the project already has one queued or running
   * (one partial unique index decides, so two clicks cannot start two renders).
   */
  async create(o: {
    organisationId: string;
    projectId: string;
    version: number;
    document: TimelineDocument;
    durationMs: number;
    requestedBy: { id: string; displayName: string };
  }): Promise<StoredRender | null> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `INSERT INTO renders (organisation_id, project_id, timeline_version, document, target, duration_ms, requested_by, requested_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (project_id) WHERE status IN ('queued','rendering') DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        o.organisationId,
        o.projectId,
        o.version,
        JSON.stringify(o.document),
        o.document.target,
        o.durationMs,
        o.requestedBy.id,
        o.requestedBy.displayName,
      ],
    );
    return rows[0] ? toRender(rows[0]) : null;
  }

  async active(projectId: string): Promise<StoredRender | null> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT ${COLUMNS} FROM renders WHERE project_id = $1 AND status IN ('queued','rendering')`,
      [projectId],
    );
    return rows[0] ? toRender(rows[0]) : null;
  }

  async find(organisationId: string, renderId: string): Promise<StoredRender | null> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT ${COLUMNS} FROM renders WHERE organisation_id = $1 AND id = $2`,
      [organisationId, renderId],
    );
    return rows[0] ? toRender(rows[0]) : null;
  }

  async list(projectId: string, limit: number): Promise<StoredRender[]> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT ${COLUMNS} FROM renders WHERE project_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [projectId, limit],
    );
    return rows.map(toRender);
  }

  /** queued/rendering → cancelled (the worker notices within seconds and stops ffmpeg). Null when it was not active. */
  async cancel(renderId: string): Promise<StoredRender | null> {
    const rows = await changedRows<Record<string, any>>(
      this.db,
      `UPDATE renders SET status = 'cancelled', finished_at = now(), updated_at = now() WHERE id = $1 AND status IN ('queued','rendering') RETURNING ${COLUMNS}`,
      [renderId],
    );
    const r = rows[0] ? toRender(rows[0]) : null;
    if (r) await this.announce(r);
    return r;
  }

  async markFailed(renderId: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE renders SET status = 'failed', failure_message = $2, finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'queued'`,
      [renderId, message],
    );
  }

  private async announce(r: StoredRender): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, $2)`, [
      RENDER_EVENTS_CHANNEL,
      JSON.stringify({ renderId: r.id, projectId: r.projectId, status: r.status, progress: r.progress }),
    ]);
  }
}
