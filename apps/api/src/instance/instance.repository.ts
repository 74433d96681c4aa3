import type { Language, Role } from '@atelier/contracts';
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

export interface NewOrganisation {
  name: string;
  slug: string | null;
  languages: Language[];
  defaultLanguage: Language;
  admin: { displayName: string; email: string };
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

/** Every organisation of the instance, as instance administrators see and manage them. */
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

  async slugInUse(slug: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM organisations WHERE slug = $1 UNION ALL SELECT 1 FROM organisation_previous_slugs WHERE slug = $1`,
      [slug],
    );
    return rows.length > 0;
  }

  /**
   * The organisation and its first admin (an account without a password: a reset link lets them
   * choose one), in one transaction. The slug, when not given, comes from the name (database trigger).
   */
  async create(o: NewOrganisation): Promise<{ organisationId: string; adminId: string }> {
    return this.db.transaction(async (tx) => {
      const [org] = (await tx.query(
        `INSERT INTO organisations (name, slug, default_language, languages) VALUES ($1, $2, $3, $4) RETURNING id`,
        [o.name, o.slug, o.defaultLanguage, o.languages],
      )) as Array<{ id: string }>;
      const [user] = (await tx.query(
        `INSERT INTO users (display_name, email, preferred_language) VALUES ($1, $2, $3) RETURNING id`,
        [o.admin.displayName, o.admin.email, o.defaultLanguage],
      )) as Array<{ id: string }>;
      await tx.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'admin')`, [
        org!.id,
        user!.id,
      ]);
      return { organisationId: org!.id, adminId: user!.id };
    });
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
