import type { Language, Role } from '@atelier/contracts';
import { changedRows, InvitationEntity } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';

export interface OpenInvitation {
  id: string;
  organisationId: string;
  organisationName: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  acceptedAt: Date | null;
}

@Injectable()
export class InvitationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(i: {
    organisationId: string;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
  }): Promise<InvitationRow> {
    const row = await this.db.getRepository(InvitationEntity).save({ ...i });
    return { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt, acceptedAt: null };
  }

  async listPending(organisationId: string, now: Date): Promise<InvitationRow[]> {
    const rows: Array<{ id: string; email: string; role: Role; expires_at: Date; accepted_at: Date | null }> =
      await this.db.query(
        `SELECT id, email, role, expires_at, accepted_at FROM invitations
        WHERE organisation_id = $1 AND revoked_at IS NULL AND accepted_at IS NULL AND expires_at > $2
        ORDER BY created_at DESC`,
        [organisationId, now],
      );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      expiresAt: r.expires_at,
      acceptedAt: r.accepted_at,
    }));
  }

  async pendingForEmail(organisationId: string, email: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM invitations WHERE organisation_id = $1 AND lower(email) = lower($2)
          AND revoked_at IS NULL AND accepted_at IS NULL AND expires_at > $3`,
      [organisationId, email, now],
    );
    return rows.length > 0;
  }

  /** Revokes an invitation of this organisation; false when there was none to revoke. */
  async revoke(organisationId: string, id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .getRepository(InvitationEntity)
      .update({ id, organisationId, acceptedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  async findOpen(tokenHash: string, now: Date): Promise<OpenInvitation | null> {
    const rows: Array<{
      id: string;
      organisation_id: string;
      name: string;
      email: string;
      role: Role;
      expires_at: Date;
    }> = await this.db.query(
      `SELECT i.id, i.organisation_id, o.name, i.email, i.role, i.expires_at
         FROM invitations i JOIN organisations o ON o.id = i.organisation_id
        WHERE i.token_hash = $1 AND i.revoked_at IS NULL AND i.accepted_at IS NULL AND i.expires_at > $2`,
      [tokenHash, now],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          organisationId: r.organisation_id,
          organisationName: r.name,
          email: r.email,
          role: r.role,
          expiresAt: r.expires_at,
        }
      : null;
  }

  /**
   * Creates the staff account and its membership and marks the invitation used, all at once: a
   * second click on the same link finds nothing open. Returns the new user's id, or null if the
   * invitation was used in the meantime.
   */
  async accept(a: {
    invitationId: string;
    now: Date;
    displayName: string;
    passwordHash: string;
    language: Language;
  }): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const claimed = await changedRows<{ organisation_id: string; email: string; role: Role }>(
        tx,
        `UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING organisation_id, email, role`,
        [a.invitationId, a.now],
      );
      const inv = claimed[0];
      if (!inv) return null;
      const users: Array<{ id: string }> = await tx.query(
        `INSERT INTO users (display_name, email, password_hash, preferred_language) VALUES ($1, lower($2), $3, $4) RETURNING id`,
        [a.displayName, inv.email, a.passwordHash, a.language],
      );
      const userId = users[0]!.id;
      await tx.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [
        inv.organisation_id,
        userId,
        inv.role,
      ]);
      return userId;
    });
  }
}
