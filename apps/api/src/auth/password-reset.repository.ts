import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface OpenPasswordReset {
  id: string;
  userId: string;
  displayName: string;
  email: string;
  organisationName: string;
  expiresAt: Date;
}

/** One-time links that let a staff member choose a new password (stored only as token hashes). */
@Injectable()
export class PasswordResetRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a new link; the person's earlier unused links stop working, so only the newest one counts. */
  async create(r: {
    userId: string;
    tokenHash: string;
    createdBy: string | null;
    now: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE password_resets SET expires_at = $2 WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2`,
        [r.userId, r.now],
      );
      await tx.query(
        `INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [r.userId, r.tokenHash, r.createdBy, r.now, r.expiresAt],
      );
    });
  }

  /** An unused, unexpired link and whose account it opens (a staff member of some organisation). */
  async findOpen(tokenHash: string, now: Date): Promise<OpenPasswordReset | null> {
    const rows: Array<{
      id: string;
      user_id: string;
      display_name: string;
      email: string;
      name: string;
      expires_at: Date;
    }> = await this.db.query(
      `SELECT r.id, r.user_id, u.display_name, u.email, o.name, r.expires_at
         FROM password_resets r
         JOIN users u ON u.id = r.user_id
         JOIN LATERAL (SELECT organisation_id FROM memberships m
                        WHERE m.user_id = u.id AND m.role IN ('admin','trainer') ORDER BY m.created_at LIMIT 1) m ON true
         JOIN organisations o ON o.id = m.organisation_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.email IS NOT NULL`,
      [tokenHash, now],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          userId: r.user_id,
          displayName: r.display_name,
          email: r.email,
          organisationName: r.name,
          expiresAt: r.expires_at,
        }
      : null;
  }

  /**
   * Uses a link once: in one transaction the link is marked used (only if it still is open), the
   * password replaced, the account unlocked and every session of the person ended. False when the
   * link was used or expired meanwhile.
   */
  async complete(id: string, passwordHash: string, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const used = await changedRows<{ user_id: string }>(
        tx,
        `UPDATE password_resets SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
        [id, now],
      );
      const userId = used[0]?.user_id;
      if (!userId) return false;
      await tx.query(
        `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1`,
        [userId, passwordHash, now],
      );
      // The link proves the owner: every sign-in lock on the account (per address) is lifted.
      await tx.query(`DELETE FROM login_throttles WHERE user_id = $1`, [userId]);
      await tx.query(
        `UPDATE password_resets SET expires_at = $2 WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2`,
        [userId, now],
      );
      await tx.query(`UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, now]);
      return true;
    });
  }
}
