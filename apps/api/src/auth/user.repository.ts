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
  organisationSuspended: boolean;
}

export interface Profile {
  id: string;
  displayName: string;
  email: string | null;
  preferredLanguage: Language;
  organisationId: string;
  organisationName: string;
  role: Role;
  instanceAdmin: boolean;
}

/** A staff account's e-mail and language, for sending it a reset link. */
export interface StaffContact {
  userId: string;
  displayName: string;
  email: string;
  preferredLanguage: Language;
}

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A staff account by e-mail, with its first staff membership (the organisation it signs into). */
  async findStaffLogin(email: string): Promise<StaffLogin | null> {
    type Row = { id: string; password_hash: string; organisation_id: string; role: Role; suspended: boolean };
    const rows: Row[] = await this.db.query(
      `SELECT u.id, u.password_hash, m.organisation_id, m.role, o.suspended_at IS NOT NULL AS suspended
         FROM users u
         JOIN memberships m ON m.user_id = u.id AND m.role IN ('admin','trainer')
         JOIN organisations o ON o.id = m.organisation_id
        WHERE lower(u.email) = lower($1) AND u.password_hash IS NOT NULL
        ORDER BY m.created_at LIMIT 1`,
      [email],
    );
    const r = rows[0];
    return r
      ? {
          userId: r.id,
          passwordHash: r.password_hash,
          organisationId: r.organisation_id,
          role: r.role,
          organisationSuspended: r.suspended,
        }
      : null;
  }

  async findProfile(userId: string, organisationId: string): Promise<Profile | null> {
    const rows: Array<{
      id: string;
      display_name: string;
      email: string | null;
      preferred_language: Language;
      organisation_id: string;
      name: string;
      role: Role;
      is_instance_admin: boolean;
    }> = await this.db.query(
      `SELECT u.id, u.display_name, u.email, u.preferred_language, o.id AS organisation_id, o.name, m.role, u.is_instance_admin
           FROM users u
           JOIN memberships m ON m.user_id = u.id AND m.organisation_id = $2
           JOIN organisations o ON o.id = m.organisation_id
          WHERE u.id = $1`,
      [userId, organisationId],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          displayName: r.display_name,
          email: r.email,
          preferredLanguage: r.preferred_language,
          organisationId: r.organisation_id,
          organisationName: r.name,
          role: r.role,
          instanceAdmin: r.is_instance_admin && (r.role === 'admin' || r.role === 'trainer'),
        }
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

  async isInstanceAdmin(userId: string): Promise<boolean> {
    const rows: Array<{ is_instance_admin: boolean }> = await this.db.query(
      `SELECT is_instance_admin FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0]?.is_instance_admin === true;
  }

  /** A staff account's password hash (null for a participant or an account without a password yet). */
  async passwordHashOf(userId: string): Promise<string | null> {
    const rows: Array<{ password_hash: string | null }> = await this.db.query(
      `SELECT password_hash FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0]?.password_hash ?? null;
  }

  /** Replaces a password and ends every other session of the person, in one transaction. */
  async changePassword(userId: string, passwordHash: string, keepSessionId: string, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, [userId, passwordHash, now]);
      await tx.query(`UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`, [
        userId,
        keepSessionId,
        now,
      ]);
    });
  }

  /** A staff member of some organisation by e-mail (for "forgot password"), or null. */
  async findStaffContact(email: string): Promise<StaffContact | null> {
    const rows: Array<{ id: string; display_name: string; email: string; preferred_language: Language }> =
      await this.db.query(
        `SELECT u.id, u.display_name, u.email, u.preferred_language FROM users u
        WHERE lower(u.email) = lower($1) AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role IN ('admin','trainer'))`,
        [email],
      );
    const r = rows[0];
    return r
      ? { userId: r.id, displayName: r.display_name, email: r.email, preferredLanguage: r.preferred_language }
      : null;
  }

  /** A staff member of this organisation by id (for an admin's reset link), or null. */
  async findStaffMember(organisationId: string, userId: string): Promise<StaffContact | null> {
    const rows: Array<{ id: string; display_name: string; email: string | null; preferred_language: Language }> =
      await this.db.query(
        `SELECT u.id, u.display_name, u.email, u.preferred_language FROM users u
         JOIN memberships m ON m.user_id = u.id AND m.organisation_id = $1 AND m.role IN ('admin','trainer')
        WHERE u.id = $2`,
        [organisationId, userId],
      );
    const r = rows[0];
    return r?.email
      ? { userId: r.id, displayName: r.display_name, email: r.email, preferredLanguage: r.preferred_language }
      : null;
  }
}
