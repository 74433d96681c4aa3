import type { Language, Role } from '@atelier/contracts';
import { UserEntity } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StaffLogin {
  userId: string;
  passwordHash: string;
  organisationId: string;
  role: Role;
}

export interface Profile {
  id: string;
  displayName: string;
  email: string | null;
  preferredLanguage: Language;
  organisationId: string;
  organisationName: string;
  role: Role;
}

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A staff account by e-mail, with its first staff membership (the organisation it signs into). */
  async findStaffLogin(email: string): Promise<StaffLogin | null> {
    const rows: Array<{ id: string; password_hash: string; organisation_id: string; role: Role }> =
      await this.db.query(
        `SELECT u.id, u.password_hash, m.organisation_id, m.role
           FROM users u JOIN memberships m ON m.user_id = u.id AND m.role IN ('admin','trainer')
          WHERE lower(u.email) = lower($1) AND u.password_hash IS NOT NULL
          ORDER BY m.created_at LIMIT 1`,
        [email],
      );
    const r = rows[0];
    return r
      ? { userId: r.id, passwordHash: r.password_hash, organisationId: r.organisation_id, role: r.role }
      : null;
  }

  async findProfile(userId: string, organisationId: string): Promise<Profile | null> {
    const rows: Array<{ id: string; display_name: string; email: string | null; preferred_language: Language; organisation_id: string; name: string; role: Role }> =
      await this.db.query(
        `SELECT u.id, u.display_name, u.email, u.preferred_language, o.id AS organisation_id, o.name, m.role
           FROM users u
           JOIN memberships m ON m.user_id = u.id AND m.organisation_id = $2
           JOIN organisations o ON o.id = m.organisation_id
          WHERE u.id = $1`,
        [userId, organisationId],
      );
    const r = rows[0];
    return r
      ? { id: r.id, displayName: r.display_name, email: r.email, preferredLanguage: r.preferred_language, organisationId: r.organisation_id, organisationName: r.name, role: r.role }
      : null;
  }

  async updateProfile(userId: string, changes: { displayName?: string; preferredLanguage?: Language }): Promise<void> {
    const patch: Partial<UserEntity> = {};
    if (changes.displayName !== undefined) patch.displayName = changes.displayName;
    if (changes.preferredLanguage !== undefined) patch.preferredLanguage = changes.preferredLanguage;
    if (Object.keys(patch).length > 0) await this.db.getRepository(UserEntity).update({ id: userId }, patch);
  }

  async emailTaken(email: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email]);
    return rows.length > 0;
  }
}
