import type { MediaGroup } from '@atelier/contracts';
import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface GroupRow {
  id: string;
  organisation_id: string;
  programme_id: string | null;
  name: string;
  project_id: string;
  created_at: Date;
  members: Array<{ participantId: string; displayName: string }> | null;
}

const SELECT = `
  SELECT g.id, g.organisation_id, g.programme_id, g.name, g.created_at, p.id AS project_id,
         (SELECT coalesce(json_agg(json_build_object('participantId', u.id, 'displayName', u.display_name) ORDER BY u.display_name), '[]'::json)
            FROM media_group_members m JOIN users u ON u.id = m.participant_id
           WHERE m.group_id = g.id) AS members
    FROM media_groups g
    JOIN media_projects p ON p.group_id = g.id`;

function toGroup(r: GroupRow): MediaGroup {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    programmeId: r.programme_id,
    name: r.name,
    projectId: r.project_id,
    members: r.members ?? [],
    createdAt: r.created_at.toISOString(),
  };
}

/** Groups of participants and their media projects (one project per group). */
@Injectable()
export class GroupRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The group and its project, created together. */
  async create(organisationId: string, name: string, programmeId: string | null): Promise<MediaGroup> {
    const id = await this.db.transaction(async (tx) => {
      const [g] = (await tx.query(
        `INSERT INTO media_groups (organisation_id, programme_id, name) VALUES ($1, $2, $3) RETURNING id`,
        [organisationId, programmeId, name],
      )) as Array<{ id: string }>;
      await tx.query(`INSERT INTO media_projects (organisation_id, group_id, title) VALUES ($1, $2, $3)`, [
        organisationId,
        g!.id,
        name,
      ]);
      return g!.id;
    });
    return (await this.find(organisationId, id))!;
  }

  async rename(organisationId: string, id: string, name: string): Promise<boolean> {
    const rows = await changedRows(
      this.db,
      `UPDATE media_groups SET name = $3 WHERE organisation_id = $1 AND id = $2 RETURNING id`,
      [organisationId, id, name],
    );
    return rows.length > 0;
  }

  async find(organisationId: string, id: string): Promise<MediaGroup | null> {
    const rows: GroupRow[] = await this.db.query(`${SELECT} WHERE g.organisation_id = $1 AND g.id = $2`, [
      organisationId,
      id,
    ]);
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async list(organisationId: string, programmeId?: string): Promise<MediaGroup[]> {
    const rows: GroupRow[] = programmeId
      ? await this.db.query(`${SELECT} WHERE g.organisation_id = $1 AND g.programme_id = $2 ORDER BY g.created_at`, [
          organisationId,
          programmeId,
        ])
      : await this.db.query(`${SELECT} WHERE g.organisation_id = $1 ORDER BY g.created_at`, [organisationId]);
    return rows.map(toGroup);
  }

  async listForParticipant(organisationId: string, participantId: string): Promise<MediaGroup[]> {
    const rows: GroupRow[] = await this.db.query(
      `${SELECT} WHERE g.organisation_id = $1 AND EXISTS (SELECT 1 FROM media_group_members m WHERE m.group_id = g.id AND m.participant_id = $2) ORDER BY g.created_at`,
      [organisationId, participantId],
    );
    return rows.map(toGroup);
  }

  /** Whether the programme is a video course of this organisation (null: no such programme). */
  async programmeKind(organisationId: string, programmeId: string): Promise<string | null> {
    const rows: Array<{ kind: string }> = await this.db.query(
      `SELECT kind FROM programmes WHERE organisation_id = $1 AND id = $2`,
      [organisationId, programmeId],
    );
    return rows[0]?.kind ?? null;
  }

  /** Whether this user is a participant of the organisation. */
  async isParticipant(organisationId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM memberships WHERE organisation_id = $1 AND user_id = $2 AND role = 'participant'`,
      [organisationId, userId],
    );
    return rows.length > 0;
  }

  async addMember(groupId: string, participantId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO media_group_members (group_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [groupId, participantId],
    );
  }

  async removeMember(groupId: string, participantId: string): Promise<boolean> {
    const rows = await changedRows(
      this.db,
      `DELETE FROM media_group_members WHERE group_id = $1 AND participant_id = $2 RETURNING group_id`,
      [groupId, participantId],
    );
    return rows.length > 0;
  }
}
