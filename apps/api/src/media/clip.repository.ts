import {
  CLIP_EVENTS_CHANNEL,
  ClipStatus,
  JobName,
  type Clip,
  type ClipFailure,
  type ClipKind,
  type ClipProgressEvent,
  type ClipRenditions,
  type ClipTag,
} from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { JobsRepository, type SqlExecutor } from '@atelier/queue';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

interface ClipRow {
  id: string;
  organisation_id: string;
  project_id: string;
  uploaded_by: string;
  uploader_name: string;
  title: string;
  original_filename: string;
  declared_type: string;
  size_bytes: string;
  received_bytes: string;
  upload_id: string | null;
  source_key: string;
  original_kept: boolean;
  kind: ClipKind | null;
  status: ClipStatus;
  progress: number;
  failure_code: ClipFailure | null;
  failure_message: string | null;
  waiting_for: 'storage' | null;
  tags: ClipTag[];
  duration_ms: number | null;
  width: number | null;
  height: number | null;
  renditions: ClipRenditions | null;
  created_at: Date;
  ready_at: Date | null;
}

/** A clip with what the rules need beyond what the client sees. */
export interface StoredClip extends Clip {
  organisationId: string;
  uploadedById: string;
  sourceKey: string;
  declaredType: string;
  renditions: ClipRenditions | null;
}

/** A media project as the access rules need it. */
export interface ProjectRecord {
  id: string;
  organisationId: string;
  groupId: string;
  title: string;
  /** The project's own quota, else its organisation's default for groups, or null for the configured default. */
  quotaBytes: number | null;
}

export interface NewClip {
  id: string;
  organisationId: string;
  projectId: string;
  uploadedBy: string;
  title: string;
  originalFilename: string;
  declaredType: string;
  sizeBytes: number;
  uploadId: string;
  sourceKey: string;
}

/**
 * Bytes a project's clips really hold in the store: a finished upload its size, an upload in
 * progress the bytes received so far — not the size it declared, so an abandoned upload (a phantom)
 * holds only what it stored, not gigabytes of quota for days.
 */
const STORED_BYTES = `coalesce(sum(CASE WHEN status = 'uploading' THEN received_bytes ELSE size_bytes END), 0)`;

const SELECT = `
  SELECT c.*, u.display_name AS uploader_name
    FROM clips c JOIN users u ON u.id = c.uploaded_by`;

function toClip(r: ClipRow): StoredClip {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    projectId: r.project_id,
    title: r.title,
    originalFilename: r.original_filename,
    uploadedBy: { id: r.uploaded_by, displayName: r.uploader_name },
    uploadedById: r.uploaded_by,
    kind: r.kind,
    status: r.status,
    progress: r.progress,
    failure: r.failure_code ? { code: r.failure_code, message: r.failure_message ?? '' } : null,
    // only while processing: a value left behind by a finished attempt means nothing
    waitingFor: r.status === ClipStatus.Processing ? r.waiting_for : null,
    tags: r.tags,
    sizeBytes: Number(r.size_bytes),
    durationMs: r.duration_ms,
    width: r.width,
    height: r.height,
    originalAvailable: r.original_kept,
    createdAt: r.created_at.toISOString(),
    readyAt: r.ready_at ? r.ready_at.toISOString() : null,
    sourceKey: r.source_key,
    declaredType: r.declared_type,
    renditions: r.renditions,
  };
}

/** pg-boss runs its INSERT on our transaction's connection through this. */
function executorOf(tx: EntityManager): SqlExecutor {
  return { executeSql: async (text, values) => ({ rows: await changedRows<unknown>(tx, text, values ?? []) }) };
}

/** What counts in a project's quota: its clips and the segment encodes its renders keep. */
/** What the project's bin holds in the store (uploads in progress: what they received, not what they declared),
 * without clip $2's (null: every clip), plus the segment encodes its renders keep (render_segment_cache). */
const USED_BYTES = `SELECT (SELECT ${STORED_BYTES} FROM clips WHERE project_id = $1 AND id IS DISTINCT FROM $2)
                         + (SELECT coalesce(sum(size_bytes), 0) FROM render_segment_cache WHERE project_id = $1) AS used`;

/** Clips in media projects, and the projects' quota and membership. */
@Injectable()
export class ClipRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsRepository,
  ) {}

  async findProject(organisationId: string, projectId: string): Promise<ProjectRecord | null> {
    const rows: Array<{
      id: string;
      organisation_id: string;
      group_id: string;
      title: string;
      quota_bytes: string | null;
    }> = await this.db.query(
      `SELECT p.id, p.organisation_id, p.group_id, p.title, coalesce(p.quota_bytes, o.project_quota_bytes) AS quota_bytes
         FROM media_projects p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.organisation_id = $1 AND p.id = $2`,
      [organisationId, projectId],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          organisationId: r.organisation_id,
          groupId: r.group_id,
          title: r.title,
          quotaBytes: r.quota_bytes === null ? null : Number(r.quota_bytes),
        }
      : null;
  }

  /** Whether the participant is in the group that owns the project. */
  async isMember(projectId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM media_projects p JOIN media_group_members m ON m.group_id = p.group_id WHERE p.id = $1 AND m.participant_id = $2`,
      [projectId, userId],
    );
    return rows.length > 0;
  }

  /** Bytes the project holds in the store (see USED_BYTES), without `exceptClipId`'s. */
  async usedBytes(projectId: string, exceptClipId: string | null = null): Promise<number> {
    const rows: Array<{ used: string }> = await this.db.query(USED_BYTES, [projectId, exceptClipId]);
    return Number(rows[0]!.used);
  }

  /** Whether the organisation keeps originals after processing (the clip row records it). */
  async keepsOriginals(organisationId: string): Promise<boolean> {
    const rows: Array<{ keep_media_originals: boolean }> = await this.db.query(
      `SELECT keep_media_originals FROM organisations WHERE id = $1`,
      [organisationId],
    );
    return rows[0]?.keep_media_originals ?? true;
  }

  /**
   * Records a declared upload if it fits beside what the project stores. The project row is locked,
   * so the check and the insert are one step; uploads in progress count what they received, and each
   * chunk is checked again as it arrives (UploadsService.received), so two uploads declared at once
   * cannot both fill the last free bytes.
   */
  async insertWithinQuota(
    clip: NewClip,
    quotaBytes: number,
    keepOriginal: boolean,
  ): Promise<{ inserted: boolean; usedBytes: number }> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT id FROM media_projects WHERE id = $1 FOR UPDATE`, [clip.projectId]);
      const [row] = (await tx.query(USED_BYTES, [clip.projectId, null])) as Array<{ used: string }>;
      const usedBytes = Number(row!.used);
      if (usedBytes + clip.sizeBytes > quotaBytes) return { inserted: false, usedBytes };
      await tx.query(
        `INSERT INTO clips (id, organisation_id, project_id, uploaded_by, title, original_filename, declared_type, size_bytes, upload_id, source_key, original_kept)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          clip.id,
          clip.organisationId,
          clip.projectId,
          clip.uploadedBy,
          clip.title,
          clip.originalFilename,
          clip.declaredType,
          clip.sizeBytes,
          clip.uploadId,
          clip.sourceKey,
          keepOriginal,
        ],
      );
      return { inserted: true, usedBytes };
    });
  }

  async find(organisationId: string, clipId: string): Promise<StoredClip | null> {
    const rows: ClipRow[] = await this.db.query(`${SELECT} WHERE c.organisation_id = $1 AND c.id = $2`, [
      organisationId,
      clipId,
    ]);
    return rows[0] ? toClip(rows[0]) : null;
  }

  async listForProject(projectId: string): Promise<StoredClip[]> {
    const rows: ClipRow[] = await this.db.query(`${SELECT} WHERE c.project_id = $1 ORDER BY c.created_at DESC, c.id`, [
      projectId,
    ]);
    return rows.map(toClip);
  }

  async update(clipId: string, changes: { title?: string; tags?: ClipTag[] }): Promise<void> {
    await this.db.query(
      `UPDATE clips SET title = coalesce($2, title), tags = coalesce($3::text[], tags), updated_at = now() WHERE id = $1`,
      [clipId, changes.title ?? null, changes.tags ?? null],
    );
  }

  async delete(clipId: string): Promise<boolean> {
    return (await changedRows(this.db, `DELETE FROM clips WHERE id = $1 RETURNING id`, [clipId])).length > 0;
  }

  /** Removes a declared upload that never received a byte (its creation failed): it held quota for nothing. */
  async deleteUnstartedUpload(clipId: string): Promise<boolean> {
    const sql = `DELETE FROM clips WHERE id = $1 AND status = 'uploading' AND received_bytes = 0 RETURNING id`;
    return (await changedRows(this.db, sql, [clipId])).length > 0;
  }

  /** Bytes arrived for an upload in progress; also keeps it from looking idle to the cleanup job. */
  async recordReceived(clipId: string, receivedBytes: number): Promise<void> {
    await this.db.query(
      `UPDATE clips SET received_bytes = greatest(received_bytes, $2), updated_at = now() WHERE id = $1 AND status = 'uploading'`,
      [clipId, receivedBytes],
    );
  }

  /**
   * The last byte arrived: in ONE transaction the clip becomes `processing` and its probe job is
   * enqueued, so a finished upload can never be left without its job (nor a job without its
   * clip). Idempotent: a second call for the same clip changes nothing and enqueues nothing.
   */
  markUploadedAndEnqueueProbe(clipId: string): Promise<ClipProgressEvent | null> {
    return this.toProcessing(clipId, 'uploading', 'uploaded_at = now(), received_bytes = size_bytes');
  }

  /** A failed clip goes back to `processing` with a fresh probe job (same transaction). */
  async retryFailed(clipId: string): Promise<boolean> {
    return (
      (await this.toProcessing(clipId, 'failed', 'failure_code = NULL, failure_message = NULL, attempts = 0')) !== null
    );
  }

  /** Moves a clip from `from` to `processing`, enqueues its probe and tells the bin, all in one transaction. */
  private toProcessing(
    clipId: string,
    from: 'uploading' | 'failed',
    alsoSet: string,
  ): Promise<ClipProgressEvent | null> {
    return this.db.transaction(async (tx) => {
      const rows = await changedRows<{ id: string; project_id: string }>(
        tx,
        `UPDATE clips SET status = 'processing', progress = 0, ${alsoSet}, updated_at = now()
          WHERE id = $1 AND status = $2 RETURNING id, project_id`,
        [clipId, from],
      );
      const row = rows[0];
      if (!row) return null;
      await this.jobs.enqueueWithin(executorOf(tx), JobName.ProbeClip, { clipId });
      const event: ClipProgressEvent = {
        clipId,
        projectId: row.project_id,
        status: ClipStatus.Processing,
        progress: 0,
      };
      await tx.query(`SELECT pg_notify($1, $2)`, [CLIP_EVENTS_CHANNEL, JSON.stringify(event)]);
      return event;
    });
  }
}
