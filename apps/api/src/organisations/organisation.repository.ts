import type { Language, Member, Role } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StoredOrganisation {
  id: string;
  name: string;
  slug: string;
  defaultLanguage: Language;
  languages: Language[];
  projectQuotaBytes: number | null;
  createdAt: Date;
}

export interface OrganisationChanges {
  name?: string;
  slug?: string;
  defaultLanguage?: Language;
  languages?: Language[];
  projectQuotaBytes?: number | null;
}

@Injectable()
export class OrganisationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string): Promise<StoredOrganisation | null> {
    const rows: Array<{
      id: string;
      name: string;
      slug: string;
      default_language: Language;
      languages: Language[];
      project_quota_bytes: string | null;
      created_at: Date;
    }> = await this.db.query(
      `SELECT id, name, slug, default_language, languages, project_quota_bytes, created_at FROM organisations WHERE id = $1`,
      [id],
    );
    const o = rows[0];
    return o
      ? {
          id: o.id,
          name: o.name,
          slug: o.slug,
          defaultLanguage: o.default_language,
          languages: o.languages,
          projectQuotaBytes: o.project_quota_bytes === null ? null : Number(o.project_quota_bytes),
          createdAt: o.created_at,
        }
      : null;
  }

  /**
   * Applies the settings in one transaction. A new slug keeps the old one in
   * `organisation_previous_slugs` (old catalogue addresses redirect); taking back one of its own
   * old slugs is allowed. Returns false when the slug is, or was, another organisation's.
   */
  async update(id: string, changes: OrganisationChanges): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [current] = (await tx.query(`SELECT slug FROM organisations WHERE id = $1 FOR UPDATE`, [id])) as Array<{
        slug: string;
      }>;
      if (!current) return true;
      if (changes.slug !== undefined && changes.slug !== current.slug) {
        const taken: unknown[] = await tx.query(
          `SELECT 1 FROM organisations WHERE slug = $1 AND id <> $2
           UNION ALL SELECT 1 FROM organisation_previous_slugs WHERE slug = $1 AND organisation_id <> $2`,
          [changes.slug, id],
        );
        if (taken.length > 0) return false;
        await tx.query(`DELETE FROM organisation_previous_slugs WHERE slug = $1`, [changes.slug]);
        await tx.query(`INSERT INTO organisation_previous_slugs (slug, organisation_id) VALUES ($1, $2)`, [
          current.slug,
          id,
        ]);
      }
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, value: unknown): void => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (changes.name !== undefined) set('name', changes.name);
      if (changes.slug !== undefined) set('slug', changes.slug);
      if (changes.defaultLanguage !== undefined) set('default_language', changes.defaultLanguage);
      if (changes.languages !== undefined) set('languages', changes.languages);
      if (changes.projectQuotaBytes !== undefined) set('project_quota_bytes', changes.projectQuotaBytes);
      if (sets.length > 0) await tx.query(`UPDATE organisations SET ${sets.join(', ')} WHERE id = $1`, params);
      return true;
    });
  }

  /** Staff (admins and trainers); participants are listed by the participants context. */
  async staff(organisationId: string): Promise<Member[]> {
    const rows: Array<{ user_id: string; display_name: string; email: string | null; role: Role; created_at: Date }> =
      await this.db.query(
        `SELECT m.user_id, u.display_name, u.email, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organisation_id = $1 AND m.role IN ('admin','trainer')
        ORDER BY m.role, lower(u.display_name)`,
        [organisationId],
      );
    return rows.map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      email: r.email,
      role: r.role,
      joinedAt: r.created_at.toISOString(),
    }));
  }

  async roleOf(organisationId: string, userId: string): Promise<Role | null> {
    const rows: Array<{ role: Role }> = await this.db.query(
      `SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2`,
      [organisationId, userId],
    );
    return rows[0]?.role ?? null;
  }

  async isMemberByEmail(organisationId: string, email: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 AND lower(u.email) = lower($2)`,
      [organisationId, email],
    );
    return rows.length > 0;
  }

  /**
   * Changes a staff member's role, refusing (in the same transaction, under a row lock) to leave
   * the organisation without an admin. Returns false when that would happen.
   */
  async changeStaffRole(organisationId: string, userId: string, role: Role): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const admins: Array<{ user_id: string }> = await tx.query(
        `SELECT user_id FROM memberships WHERE organisation_id = $1 AND role = 'admin' FOR UPDATE`,
        [organisationId],
      );
      if (role !== 'admin' && admins.length === 1 && admins[0]!.user_id === userId) return false;
      await tx.query(`UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND user_id = $2`, [
        organisationId,
        userId,
        role,
      ]);
      return true;
    });
  }

  /** Removes a staff member and signs out their sessions here; false if they are the last admin. */
  async removeStaff(organisationId: string, userId: string, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const admins: Array<{ user_id: string }> = await tx.query(
        `SELECT user_id FROM memberships WHERE organisation_id = $1 AND role = 'admin' FOR UPDATE`,
        [organisationId],
      );
      if (admins.length === 1 && admins[0]!.user_id === userId) return false;
      await tx.query(
        `UPDATE sessions SET revoked_at = $3 WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
        [organisationId, userId, now],
      );
      await tx.query(`DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
      return true;
    });
  }
}
