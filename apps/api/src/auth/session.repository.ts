import type { Role, SessionKind } from '@atelier/contracts';
import { SessionEntity } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NewSession {
  userId: string;
  organisationId: string;
  kind: SessionKind;
  tokenHash: string;
  label: string;
  now: Date;
  expiresAt: Date;
}

export interface ActiveSession {
  sessionId: string;
  kind: SessionKind;
  userId: string;
  organisationId: string;
  role: Role;
  lastSeenAt: Date;
}

@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(s: NewSession): Promise<string> {
    const row = await this.db.getRepository(SessionEntity).save({
      userId: s.userId,
      organisationId: s.organisationId,
      kind: s.kind,
      tokenHash: s.tokenHash,
      label: s.label,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
    });
    return row.id;
  }

  /**
   * The session behind a token, if it is unexpired, unrevoked, its person is still a member and its
   * organisation is not suspended.
   */
  async findActive(tokenHash: string, now: Date): Promise<ActiveSession | null> {
    const rows: Array<{
      id: string;
      kind: SessionKind;
      user_id: string;
      organisation_id: string;
      role: Role;
      last_seen_at: Date;
    }> = await this.db.query(
      `SELECT s.id, s.kind, s.user_id, s.organisation_id, m.role, s.last_seen_at
           FROM sessions s
           JOIN memberships m ON m.user_id = s.user_id AND m.organisation_id = s.organisation_id
           JOIN organisations o ON o.id = s.organisation_id AND o.suspended_at IS NULL
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2`,
      [tokenHash, now],
    );
    const r = rows[0];
    return r
      ? {
          sessionId: r.id,
          kind: r.kind,
          userId: r.user_id,
          organisationId: r.organisation_id,
          role: r.role,
          lastSeenAt: r.last_seen_at,
        }
      : null;
  }

  /** Whether a token once existed but was revoked or expired: lets us say "this device was signed out". */
  async existsInactive(tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM sessions WHERE token_hash = $1`, [tokenHash]);
    return rows.length > 0;
  }

  /** Which of these sessions are still active (unrevoked, unexpired, the person still a member, organisation not suspended). */
  async activeAmong(sessionIds: string[], now: Date): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT s.id FROM sessions s
         JOIN memberships m ON m.user_id = s.user_id AND m.organisation_id = s.organisation_id
         JOIN organisations o ON o.id = s.organisation_id AND o.suspended_at IS NULL
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > $2`,
      [sessionIds, now],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Whether a token is a live session of a suspended organisation: lets us say so instead of "sign in". */
  async ofSuspendedOrganisation(tokenHash: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM sessions s JOIN organisations o ON o.id = s.organisation_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND o.suspended_at IS NOT NULL`,
      [tokenHash, now],
    );
    return rows.length > 0;
  }

  async touch(sessionId: string, now: Date, expiresAt: Date): Promise<void> {
    await this.db.query(`UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      now,
      expiresAt,
    ]);
  }

  async revoke(sessionId: string, now: Date): Promise<void> {
    await this.db.query(`UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, now]);
  }

  async revokeAllForMember(userId: string, organisationId: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND organisation_id = $2 AND revoked_at IS NULL`,
      [userId, organisationId, now],
    );
  }
}
