import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Instance-level changes to staff accounts made by an operator (the admin command line). */
@Injectable()
export class StaffAccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Sets the instance-admin flag of the staff account with this e-mail; false when there is none. */
  async setInstanceAdmin(email: string, value: boolean): Promise<boolean> {
    const rows = await changedRows<{ id: string }>(
      this.db,
      `UPDATE users SET is_instance_admin = $2, updated_at = now() WHERE lower(email) = lower($1) AND password_hash IS NOT NULL RETURNING id`,
      [email, value],
    );
    return rows.length > 0;
  }

  /**
   * Replaces the password of the staff account with this e-mail, clears its lockout and ends every
   * session it has, in one transaction. False when there is no such account.
   */
  async replacePassword(email: string, passwordHash: string, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await changedRows<{ id: string }>(
        tx,
        `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = now()
          WHERE lower(email) = lower($1) AND password_hash IS NOT NULL RETURNING id`,
        [email, passwordHash],
      );
      if (rows.length === 0) return false;
      await tx.query(`DELETE FROM login_throttles WHERE user_id = $1`, [rows[0]!.id]);
      await tx.query(`UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
        rows[0]!.id,
        now,
      ]);
      return true;
    });
  }
}
