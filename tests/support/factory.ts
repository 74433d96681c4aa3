import { Role, type Language } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Small row builders for medium tests: every test makes its own organisation and people. */
export function factory(db: DataSource) {
  return {
    async organisation(name = `Org ${randomUUID().slice(0, 8)}`): Promise<{ id: string; name: string }> {
      const [row] = (await db.query(`INSERT INTO organisations (name) VALUES ($1) RETURNING id`, [name])) as Array<{ id: string }>;
      return { id: row!.id, name };
    },
    async member(organisationId: string, role: Role, o: { email?: string; passwordHash?: string; language?: Language; name?: string } = {}): Promise<{ id: string; email: string | null }> {
      const email = o.email ?? (role === Role.Participant ? null : `${role}-${randomUUID().slice(0, 8)}@test.local`);
      const [u] = (await db.query(`INSERT INTO users (display_name, email, password_hash, preferred_language) VALUES ($1, $2, $3, $4) RETURNING id`, [
        o.name ?? `${role} ${randomUUID().slice(0, 4)}`,
        email,
        o.passwordHash ?? null,
        o.language ?? 'fr',
      ])) as Array<{ id: string }>;
      await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, u!.id, role]);
      return { id: u!.id, email };
    },
  };
}

/** Rows for the media pipeline: a group with its project, and clips in it. */
export function mediaFactory(db: DataSource) {
  return {
    async project(organisationId: string, o: { name?: string; quotaBytes?: number | null } = {}): Promise<{ groupId: string; projectId: string }> {
      const [g] = (await db.query(`INSERT INTO media_groups (organisation_id, name) VALUES ($1, $2) RETURNING id`, [organisationId, o.name ?? `Group ${randomUUID().slice(0, 4)}`])) as Array<{ id: string }>;
      const [p] = (await db.query(`INSERT INTO media_projects (organisation_id, group_id, title, quota_bytes) VALUES ($1, $2, $3, $4) RETURNING id`, [
        organisationId,
        g!.id,
        o.name ?? 'Project',
        o.quotaBytes ?? null,
      ])) as Array<{ id: string }>;
      return { groupId: g!.id, projectId: p!.id };
    },
    /** A clip row; by default an upload that finished (status `processing`), as the upload endpoint leaves it. */
    async clip(
      organisationId: string,
      projectId: string,
      uploadedBy: string,
      o: { status?: string; sizeBytes?: number; receivedBytes?: number; filename?: string; sourceKey?: string; updatedAt?: Date } = {},
    ): Promise<{ id: string; sourceKey: string }> {
      const id = randomUUID();
      const sourceKey = o.sourceKey ?? `uploads/${id}`;
      await db.query(
        `INSERT INTO clips (id, organisation_id, project_id, uploaded_by, title, original_filename, size_bytes, received_bytes, source_key, status, uploaded_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10 = 'uploading' THEN NULL ELSE now() END, COALESCE($11, now()))`,
        [id, organisationId, projectId, uploadedBy, o.filename ?? 'clip', o.filename ?? 'clip.mp4', o.sizeBytes ?? 0, o.receivedBytes ?? o.sizeBytes ?? 0, sourceKey, o.status ?? 'processing', o.updatedAt ?? null],
      );
      return { id, sourceKey };
    },
  };
}
