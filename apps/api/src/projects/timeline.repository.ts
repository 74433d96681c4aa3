import type { ClipRenditions, TimelineChange, TimelineDocument, TimelineVersionSummary } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { displayName } from '../common/people.queries.js';

export interface ProjectRecord {
  id: string;
  organisationId: string;
  title: string;
}

export interface StoredVersion {
  projectId: string;
  version: number;
  document: TimelineDocument;
  durationMs: number;
  changes: TimelineChange[];
  author: { id: string; displayName: string };
  createdAt: Date;
}

export interface ProjectClip {
  id: string;
  title: string;
  kind: 'video' | 'audio' | 'image' | null;
  status: 'uploading' | 'processing' | 'ready' | 'failed';
  durationMs: number | null;
  width: number | null;
  height: number | null;
  renditions: ClipRenditions | null;
}

interface VersionRow {
  project_id: string;
  version: number;
  document: TimelineDocument;
  duration_ms: number;
  changes: TimelineChange[];
  author_id: string | null;
  author_name: string;
  created_at: Date;
}

const toVersion = (r: VersionRow): StoredVersion => ({
  projectId: r.project_id,
  version: r.version,
  document: r.document,
  durationMs: r.duration_ms,
  changes: r.changes,
  author: { id: r.author_id ?? '', displayName: r.author_name },
  createdAt: r.created_at,
});

/** Projects, their clips (as the timeline sees them) and timeline versions. */
@Injectable()
export class TimelineRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findProject(organisationId: string, projectId: string): Promise<ProjectRecord | null> {
    const rows: Array<{ id: string; organisation_id: string; title: string }> = await this.db.query(
      `SELECT id, organisation_id, title FROM media_projects WHERE organisation_id = $1 AND id = $2`,
      [organisationId, projectId],
    );
    const r = rows[0];
    return r ? { id: r.id, organisationId: r.organisation_id, title: r.title } : null;
  }

  async isMember(projectId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM media_projects p JOIN media_group_members m ON m.group_id = p.group_id WHERE p.id = $1 AND m.participant_id = $2`,
      [projectId, userId],
    );
    return rows.length > 0;
  }

  async displayName(userId: string): Promise<string> {
    return displayName(this.db, userId);
  }

  async clips(projectId: string): Promise<ProjectClip[]> {
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT id, title, original_filename, kind, status, duration_ms, width, height, renditions FROM clips WHERE project_id = $1 ORDER BY created_at`,
      [projectId],
    );
    return rows.map((r) => ({
      id: r['id'],
      title: r['title'] || r['original_filename'],
      kind: r['kind'],
      status: r['status'],
      durationMs: r['duration_ms'],
      width: r['width'],
      height: r['height'],
      renditions: r['renditions'],
    }));
  }

  async clip(projectId: string, clipId: string): Promise<ProjectClip | null> {
    return (await this.clips(projectId)).find((c) => c.id === clipId) ?? null;
  }

  async current(projectId: string): Promise<StoredVersion | null> {
    const rows: VersionRow[] = await this.db.query(
      `SELECT * FROM timeline_versions WHERE project_id = $1 ORDER BY version DESC LIMIT 1`,
      [projectId],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  async history(projectId: string, limit: number): Promise<TimelineVersionSummary[]> {
    const rows: VersionRow[] = await this.db.query(
      `SELECT project_id, version, duration_ms, changes, author_id, author_name, created_at, '{}'::jsonb AS document
         FROM timeline_versions WHERE project_id = $1 ORDER BY version DESC LIMIT $2`,
      [projectId, limit],
    );
    return rows.map((r) => ({
      version: r.version,
      author: { id: r.author_id ?? '', displayName: r.author_name },
      createdAt: r.created_at.toISOString(),
      changes: r.changes,
    }));
  }

  /**
   * Stores `version` if it is exactly the next one. Two members saving on the same base race for the
   * same primary key: one wins, the other gets null (and is told the timeline moved on).
   */
  async insertVersion(v: Omit<StoredVersion, 'createdAt'> & { organisationId: string }): Promise<StoredVersion | null> {
    const rows: VersionRow[] = await this.db.query(
      `INSERT INTO timeline_versions (project_id, version, organisation_id, document, duration_ms, changes, author_id, author_name)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
        WHERE $2 = 1 + coalesce((SELECT max(version) FROM timeline_versions WHERE project_id = $1), 0)
       ON CONFLICT (project_id, version) DO NOTHING
       RETURNING *`,
      [
        v.projectId,
        v.version,
        v.organisationId,
        JSON.stringify(v.document),
        v.durationMs,
        JSON.stringify(v.changes),
        v.author.id,
        v.author.displayName,
      ],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }
}
