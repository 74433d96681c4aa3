import type { BackupRun, Language, Role } from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface OrganisationOverview {
  id: string;
  name: string;
  slug: string;
  defaultLanguage: Language;
  languages: Language[];
  createdAt: Date;
  suspendedAt: Date | null;
  staff: Array<{ userId: string; displayName: string; email: string | null; role: Role }>;
  participantCount: number;
  storageBytes: number;
  lastActivityAt: Date | null;
}

type OverviewRow = {
  id: string;
  name: string;
  slug: string;
  default_language: Language;
  languages: Language[];
  created_at: Date;
  suspended_at: Date | null;
  staff: Array<{ userId: string; displayName: string; email: string | null; role: Role }> | null;
  participant_count: number;
  storage_bytes: string;
  last_activity_at: Date | null;
};

// Storage is counted as the group quotas count it (clips' declared sizes) plus finished renders.
const OVERVIEW_SQL = `
  SELECT o.id, o.name, o.slug, o.default_language, o.languages, o.created_at, o.suspended_at,
         (SELECT json_agg(json_build_object('userId', u.id, 'displayName', u.display_name, 'email', u.email, 'role', m.role)
                          ORDER BY m.role, lower(u.display_name))
            FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.organisation_id = o.id AND m.role IN ('admin','trainer')) AS staff,
         (SELECT count(*)::int FROM memberships m WHERE m.organisation_id = o.id AND m.role = 'participant') AS participant_count,
         (SELECT coalesce(sum(c.size_bytes), 0) FROM clips c WHERE c.organisation_id = o.id)
           + (SELECT coalesce(sum(r.size_bytes), 0) FROM renders r JOIN media_projects p ON p.id = r.project_id
               WHERE p.organisation_id = o.id) AS storage_bytes,
         (SELECT max(s.last_seen_at) FROM sessions s WHERE s.organisation_id = o.id) AS last_activity_at
    FROM organisations o`;

type BackupRow = {
  started_at: Date;
  finished_at: Date | null;
  ok: boolean | null;
  location: string;
  size_bytes: string | null;
  objects: number | null;
  schema_version: string | null;
  error: string | null;
};

const BACKUP_COLUMNS = `started_at, finished_at, ok, location, size_bytes, objects, schema_version, error`;

/** Every organisation of the instance, as instance administrators see and manage them, and the backups. */
@Injectable()
export class InstanceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<OrganisationOverview[]> {
    const rows: OverviewRow[] = await this.db.query(`${OVERVIEW_SQL} ORDER BY lower(o.name), o.id`);
    return rows.map(toOverview);
  }

  async find(id: string): Promise<OrganisationOverview | null> {
    const rows: OverviewRow[] = await this.db.query(`${OVERVIEW_SQL} WHERE o.id = $1`, [id]);
    return rows[0] ? toOverview(rows[0]) : null;
  }

  async recentBackups(limit: number): Promise<BackupRun[]> {
    const rows: BackupRow[] = await this.db.query(
      `SELECT ${BACKUP_COLUMNS} FROM backup_runs ORDER BY started_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toBackupRun);
  }

  async lastSuccessfulBackup(): Promise<BackupRun | null> {
    const rows: BackupRow[] = await this.db.query(
      `SELECT ${BACKUP_COLUMNS} FROM backup_runs WHERE ok ORDER BY finished_at DESC LIMIT 1`,
    );
    return rows[0] ? toBackupRun(rows[0]) : null;
  }

  /** Whether a worker has the daily backup on its schedule (pg-boss keeps it; none before a worker first ran). */
  async dailyBackupScheduled(): Promise<boolean> {
    const rows: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = 'pgboss' AND tablename = 'schedule'`,
    );
    if (rows[0]!.n === 0) return false;
    const scheduled: unknown[] = await this.db.query(`SELECT 1 FROM pgboss.schedule WHERE name = 'backup'`);
    return scheduled.length > 0;
  }

  /** Suspends (a date) or reactivates (null); false when there is no such organisation. */
  async setSuspended(id: string, at: Date | null): Promise<boolean> {
    const rows = await changedRows<{ id: string }>(
      this.db,
      `UPDATE organisations SET suspended_at = $2 WHERE id = $1 RETURNING id`,
      [id, at],
    );
    return rows.length > 0;
  }
}

function toOverview(r: OverviewRow): OrganisationOverview {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    defaultLanguage: r.default_language,
    languages: r.languages,
    createdAt: r.created_at,
    suspendedAt: r.suspended_at,
    staff: r.staff ?? [],
    participantCount: r.participant_count,
    storageBytes: Number(r.storage_bytes),
    lastActivityAt: r.last_activity_at,
  };
}

function toBackupRun(r: BackupRow): BackupRun {
  return {
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    ok: r.ok,
    location: r.location,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    objects: r.objects,
    schemaVersion: r.schema_version,
    error: r.error,
  };
}
