import type { Role } from '@atelier/contracts';
import { JoinCodeEntity } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ValidJoinCode {
  userId: string;
  organisationId: string;
  role: Role;
  organisationSuspended: boolean;
}

@Injectable()
export class JoinCodeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Replaces a participant's join codes with a new one: older codes stop working at once. */
  async replace(c: {
    userId: string;
    organisationId: string;
    codeHash: string;
    createdBy: string;
    now: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE join_codes SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
        c.userId,
        c.now,
      ]);
      await tx.getRepository(JoinCodeEntity).insert({
        userId: c.userId,
        organisationId: c.organisationId,
        codeHash: c.codeHash,
        createdBy: c.createdBy,
        expiresAt: c.expiresAt,
      });
    });
  }

  async findValid(codeHash: string, now: Date): Promise<ValidJoinCode | null> {
    const rows: Array<{ user_id: string; organisation_id: string; role: Role; suspended: boolean }> =
      await this.db.query(
        `SELECT j.user_id, j.organisation_id, m.role, o.suspended_at IS NOT NULL AS suspended
         FROM join_codes j
         JOIN memberships m ON m.user_id = j.user_id AND m.organisation_id = j.organisation_id
         JOIN organisations o ON o.id = j.organisation_id
        WHERE j.code_hash = $1 AND j.revoked_at IS NULL AND j.expires_at > $2`,
        [codeHash, now],
      );
    const r = rows[0];
    return r
      ? { userId: r.user_id, organisationId: r.organisation_id, role: r.role, organisationSuspended: r.suspended }
      : null;
  }
}
