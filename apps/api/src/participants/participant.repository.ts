import type { Device, Language, Participant } from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface ParticipantRow {
  id: string;
  display_name: string;
  preferred_language: Language;
  phone: string | null;
  email: string | null;
  created_at: Date;
  active_devices: string;
}

const SELECT_PARTICIPANTS = `
  SELECT u.id, u.display_name, u.preferred_language, u.phone, u.email, m.created_at,
         (SELECT count(*) FROM sessions s
           WHERE s.user_id = u.id AND s.organisation_id = m.organisation_id AND s.kind = 'device'
             AND s.revoked_at IS NULL AND s.expires_at > now()) AS active_devices
    FROM memberships m JOIN users u ON u.id = m.user_id
   WHERE m.organisation_id = $1 AND m.role = 'participant'`;

function toParticipant(r: ParticipantRow): Participant {
  return {
    id: r.id,
    displayName: r.display_name,
    preferredLanguage: r.preferred_language,
    phone: r.phone,
    email: r.email,
    createdAt: r.created_at.toISOString(),
    activeDevices: Number(r.active_devices),
  };
}

@Injectable()
export class ParticipantRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Creates the person and their participant membership together. */
  async create(p: {
    organisationId: string;
    displayName: string;
    preferredLanguage: Language;
    phone: string | null;
    email: string | null;
  }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const users: Array<{ id: string }> = await tx.query(
        `INSERT INTO users (display_name, preferred_language, phone, email) VALUES ($1, $2, $3, lower($4)) RETURNING id`,
        [p.displayName, p.preferredLanguage, p.phone, p.email],
      );
      const id = users[0]!.id;
      await tx.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'participant')`, [
        p.organisationId,
        id,
      ]);
      return id;
    });
  }

  async listForOrganisation(organisationId: string): Promise<Participant[]> {
    const rows: ParticipantRow[] = await this.db.query(`${SELECT_PARTICIPANTS} ORDER BY lower(u.display_name)`, [
      organisationId,
    ]);
    return rows.map(toParticipant);
  }

  /** A participant of this organisation; null for anyone else, including other organisations' people. */
  async findInOrganisation(organisationId: string, userId: string): Promise<Participant | null> {
    const rows: ParticipantRow[] = await this.db.query(`${SELECT_PARTICIPANTS} AND u.id = $2`, [
      organisationId,
      userId,
    ]);
    return rows[0] ? toParticipant(rows[0]) : null;
  }

  async devices(organisationId: string, userId: string): Promise<Device[]> {
    const rows: Array<{ id: string; label: string; created_at: Date; last_seen_at: Date; revoked_at: Date | null }> =
      await this.db.query(
        `SELECT id, label, created_at, last_seen_at, revoked_at FROM sessions
        WHERE organisation_id = $1 AND user_id = $2 AND kind = 'device'
        ORDER BY created_at DESC LIMIT 50`,
        [organisationId, userId],
      );
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }

  /** Signs one device out; false when it is not this participant's device in this organisation. */
  async revokeDevice(organisationId: string, userId: string, deviceId: string, now: Date): Promise<boolean> {
    const rows = await changedRows(
      this.db,
      `UPDATE sessions SET revoked_at = coalesce(revoked_at, $4)
        WHERE id = $3 AND user_id = $2 AND organisation_id = $1 AND kind = 'device' RETURNING id`,
      [organisationId, userId, deviceId, now],
    );
    return rows.length > 0;
  }

  /**
   * Removes a participant from the organisation (see "Removing a participant" in ARCHITECTURE.md):
   * their devices are signed out, join codes stop working, they leave their groups and open
   * enrolments (withdrawn), and the membership goes. Attendance marks, uploaded clips and consent
   * answers stay, as the retention and consent rules say. False when they are no participant here.
   */
  async remove(organisationId: string, participantId: string, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const gone = await changedRows<{ user_id: string }>(
        tx,
        `DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2 AND role = 'participant' RETURNING user_id`,
        [organisationId, participantId],
      );
      if (gone.length === 0) return false;
      await tx.query(
        `UPDATE sessions SET revoked_at = $3 WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
        [organisationId, participantId, now],
      );
      await tx.query(
        `UPDATE join_codes SET revoked_at = $3 WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
        [organisationId, participantId, now],
      );
      await tx.query(
        `DELETE FROM media_group_members WHERE participant_id = $2 AND group_id IN (SELECT id FROM media_groups WHERE organisation_id = $1)`,
        [organisationId, participantId],
      );
      await tx.query(
        `UPDATE enrolments SET status = 'withdrawn', waiting_since = NULL, updated_at = $3
          WHERE participant_id = $2 AND status IN ('invited','waiting','enrolled')
            AND programme_id IN (SELECT id FROM programmes WHERE organisation_id = $1)`,
        [organisationId, participantId, now],
      );
      return true;
    });
  }
}
