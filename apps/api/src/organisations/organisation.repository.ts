import type { Language, Member, Organisation, Role } from '@atelier/contracts';
import { OrganisationEntity } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class OrganisationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string): Promise<Organisation | null> {
    const o = await this.db.getRepository(OrganisationEntity).findOneBy({ id });
    return o ? { id: o.id, name: o.name, defaultLanguage: o.defaultLanguage as Language, createdAt: o.createdAt.toISOString() } : null;
  }

  async update(id: string, changes: { name?: string; defaultLanguage?: Language }): Promise<void> {
    const patch: Partial<OrganisationEntity> = {};
    if (changes.name !== undefined) patch.name = changes.name;
    if (changes.defaultLanguage !== undefined) patch.defaultLanguage = changes.defaultLanguage;
    if (Object.keys(patch).length > 0) await this.db.getRepository(OrganisationEntity).update({ id }, patch);
  }

  /** Staff (admins and trainers); participants are listed by the participants context. */
  async staff(organisationId: string): Promise<Member[]> {
    const rows: Array<{ user_id: string; display_name: string; email: string | null; role: Role; created_at: Date }> = await this.db.query(
      `SELECT m.user_id, u.display_name, u.email, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organisation_id = $1 AND m.role IN ('admin','trainer')
        ORDER BY m.role, lower(u.display_name)`,
      [organisationId],
    );
    return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, email: r.email, role: r.role, joinedAt: r.created_at.toISOString() }));
  }

  async roleOf(organisationId: string, userId: string): Promise<Role | null> {
    const rows: Array<{ role: Role }> = await this.db.query(`SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
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
      await tx.query(`UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId, role]);
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
      await tx.query(`UPDATE sessions SET revoked_at = $3 WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL`, [organisationId, userId, now]);
      await tx.query(`DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
      return true;
    });
  }
}
