import type { Language } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NewOrganisationRow {
  name: string;
  /** null: derived from the name (database trigger). */
  slug: string | null;
  languages: Language[];
  defaultLanguage: Language;
  /** passwordHash null: the admin chooses a password with a reset link. */
  admin: { displayName: string; email: string; passwordHash: string | null; instanceAdmin: boolean };
}

export interface OrganisationSummary {
  id: string;
  slug: string;
  name: string;
  members: number;
  suspended: boolean;
  createdAt: Date;
}

/** Organisations as the instance sees them (creation with a first admin, listing) and the first-run setup links. */
@Injectable()
export class OrganisationSetupRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async organisationCount(): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM organisations`);
    return rows[0]!.n;
  }

  /** In use, or used before (an old address keeps redirecting to its organisation). */
  async slugTaken(slug: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM organisations WHERE slug = $1 UNION ALL SELECT 1 FROM organisation_previous_slugs WHERE slug = $1`,
      [slug],
    );
    return rows.length > 0;
  }

  /**
   * Creates the organisation and its first admin in one transaction. With `setupTokenHash`, the
   * first-run setup: the token must still exist and no organisation may exist yet (checked under a
   * lock, so two browsers racing with the link create one organisation); every setup token is then
   * deleted. Returns null when that check fails.
   */
  async create(
    o: NewOrganisationRow,
    setupTokenHash?: string,
  ): Promise<{ organisationId: string; userId: string } | null> {
    return this.db.transaction(async (tx) => {
      if (setupTokenHash !== undefined) {
        await tx.query(`LOCK TABLE setup_tokens IN EXCLUSIVE MODE`);
        const found = (await tx.query(`SELECT 1 FROM setup_tokens WHERE token_hash = $1`, [
          setupTokenHash,
        ])) as unknown[];
        if (found.length === 0) return null;
        const [{ n }] = (await tx.query(`SELECT count(*)::int AS n FROM organisations`)) as [{ n: number }];
        if (n > 0) return null;
        await tx.query(`DELETE FROM setup_tokens`);
      }
      const [org] = (await tx.query(
        `INSERT INTO organisations (name, slug, default_language, languages) VALUES ($1, $2, $3, $4) RETURNING id`,
        [o.name, o.slug, o.defaultLanguage, o.languages],
      )) as Array<{ id: string }>;
      const a = o.admin;
      const [user] = (await tx.query(
        `INSERT INTO users (display_name, email, password_hash, preferred_language, is_instance_admin) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [a.displayName, a.email, a.passwordHash, o.defaultLanguage, a.instanceAdmin],
      )) as Array<{ id: string }>;
      await tx.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'admin')`, [
        org!.id,
        user!.id,
      ]);
      return { organisationId: org!.id, userId: user!.id };
    });
  }

  /**
   * Every organisation with its member count. `suspended` reads the row as JSON so the listing works
   * whichever suspension column the instance schema has (`suspended_at` or `suspended`), or none.
   */
  async list(): Promise<OrganisationSummary[]> {
    const rows: Array<{
      id: string;
      slug: string;
      name: string;
      members: number;
      suspended: boolean;
      created_at: Date;
    }> = await this.db.query(
      `SELECT o.id, o.slug, o.name, o.created_at,
              (SELECT count(*)::int FROM memberships m WHERE m.organisation_id = o.id) AS members,
              (to_jsonb(o)->>'suspended_at' IS NOT NULL OR coalesce((to_jsonb(o)->>'suspended')::boolean, false)) AS suspended
         FROM organisations o ORDER BY o.created_at`,
    );
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      members: r.members,
      suspended: r.suspended,
      createdAt: r.created_at,
    }));
  }

  async addSetupToken(tokenHash: string): Promise<void> {
    await this.db.query(`INSERT INTO setup_tokens (token_hash) VALUES ($1)`, [tokenHash]);
  }

  async setupTokenExists(tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM setup_tokens WHERE token_hash = $1`, [tokenHash]);
    return rows.length > 0;
  }
}
