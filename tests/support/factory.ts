import { Role, type ClipRenditions, type Language } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Small row builders for medium tests: every test makes its own organisation and people. */
export function factory(db: DataSource) {
  return {
    async organisation(name = `Org ${randomUUID().slice(0, 8)}`): Promise<{ id: string; name: string }> {
      const [row] = (await db.query(`INSERT INTO organisations (name) VALUES ($1) RETURNING id`, [name])) as Array<{
        id: string;
      }>;
      return { id: row!.id, name };
    },
    async member(
      organisationId: string,
      role: Role,
      o: { email?: string; passwordHash?: string; language?: Language; name?: string } = {},
    ): Promise<{ id: string; email: string | null }> {
      const email = o.email ?? (role === Role.Participant ? null : `${role}-${randomUUID().slice(0, 8)}@test.local`);
      const [u] = (await db.query(
        `INSERT INTO users (display_name, email, password_hash, preferred_language) VALUES ($1, $2, $3, $4) RETURNING id`,
        [o.name ?? `${role} ${randomUUID().slice(0, 4)}`, email, o.passwordHash ?? null, o.language ?? 'fr'],
      )) as Array<{ id: string }>;
      await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [
        organisationId,
        u!.id,
        role,
      ]);
      return { id: u!.id, email };
    },
    /** A group of participants with its media project (publishing tests). */
    async mediaProject(
      organisationId: string,
      memberIds: string[],
      name = `Groupe ${randomUUID().slice(0, 4)}`,
    ): Promise<{ groupId: string; projectId: string }> {
      const [g] = (await db.query(`INSERT INTO media_groups (organisation_id, name) VALUES ($1, $2) RETURNING id`, [
        organisationId,
        name,
      ])) as Array<{ id: string }>;
      for (const id of memberIds)
        await db.query(`INSERT INTO media_group_members (group_id, participant_id) VALUES ($1, $2)`, [g!.id, id]);
      const [p] = (await db.query(
        `INSERT INTO media_projects (organisation_id, group_id, title) VALUES ($1, $2, $3) RETURNING id`,
        [organisationId, g!.id, `Film ${name}`],
      )) as Array<{ id: string }>;
      return { groupId: g!.id, projectId: p!.id };
    },
    /**
     * A `ready` video clip whose renditions follow the pipeline's layout under `clips/<id>/`
     * (HLS master + one variant + segments beside it, MP4 proxy, poster). Objects are the caller's
     * to store (see `clipRenditions`).
     */
    async readyClip(o: {
      organisationId: string;
      projectId: string;
      uploadedBy: string;
      durationMs?: number;
      id?: string;
      height?: number;
    }): Promise<{ id: string; renditions: ClipRenditions; sourceKey: string }> {
      const id = o.id ?? randomUUID();
      const renditions = clipRenditions(id, o.height ?? 360);
      const sourceKey = `clips/${id}/original`;
      await db.query(
        `INSERT INTO clips (id, organisation_id, project_id, uploaded_by, title, original_filename, declared_type, size_bytes, received_bytes, source_key,
                            kind, status, progress, duration_ms, width, height, renditions, uploaded_at, ready_at)
         VALUES ($1, $2, $3, $4, 'Montage final', 'montage.mp4', 'video/mp4', 1000, 1000, $5, 'video', 'ready', 100, $6, $7, $8, $9, now(), now())`,
        [
          id,
          o.organisationId,
          o.projectId,
          o.uploadedBy,
          sourceKey,
          o.durationMs ?? 4000,
          Math.round(((o.height ?? 360) * 16) / 9),
          o.height ?? 360,
          JSON.stringify(renditions),
        ],
      );
      return { id, renditions, sourceKey };
    },
  };
}

/** The keys a ready clip's renditions have (one HLS variant, segments named `seg_NNN.ts` beside it). */
export function clipRenditions(clipId: string, height = 360): ClipRenditions {
  return {
    proxyKey: `clips/${clipId}/proxy.mp4`,
    hlsMasterKey: `clips/${clipId}/hls/master.m3u8`,
    variants: [
      {
        height,
        width: Math.round((height * 16) / 9),
        bandwidth: 800_000,
        playlistKey: `clips/${clipId}/hls/${height}p/index.m3u8`,
      },
    ],
    posterKey: `clips/${clipId}/poster.jpg`,
    thumbnailStripKey: null,
    thumbnailCount: 0,
  };
}

/** Rows for the media pipeline: a group with its project, and clips in it. */
export function mediaFactory(db: DataSource) {
  return {
    async project(
      organisationId: string,
      o: { name?: string; quotaBytes?: number | null } = {},
    ): Promise<{ groupId: string; projectId: string }> {
      const [g] = (await db.query(`INSERT INTO media_groups (organisation_id, name) VALUES ($1, $2) RETURNING id`, [
        organisationId,
        o.name ?? `Group ${randomUUID().slice(0, 4)}`,
      ])) as Array<{ id: string }>;
      const [p] = (await db.query(
        `INSERT INTO media_projects (organisation_id, group_id, title, quota_bytes) VALUES ($1, $2, $3, $4) RETURNING id`,
        [organisationId, g!.id, o.name ?? 'Project', o.quotaBytes ?? null],
      )) as Array<{ id: string }>;
      return { groupId: g!.id, projectId: p!.id };
    },
    /** A clip row; by default an upload that finished (status `processing`), as the upload endpoint leaves it. */
    async clip(
      organisationId: string,
      projectId: string,
      uploadedBy: string,
      o: {
        status?: string;
        sizeBytes?: number;
        receivedBytes?: number;
        filename?: string;
        sourceKey?: string;
        updatedAt?: Date;
      } = {},
    ): Promise<{ id: string; sourceKey: string }> {
      const id = randomUUID();
      const sourceKey = o.sourceKey ?? `uploads/${id}`;
      await db.query(
        `INSERT INTO clips (id, organisation_id, project_id, uploaded_by, title, original_filename, size_bytes, received_bytes, source_key, status, uploaded_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10 = 'uploading' THEN NULL ELSE now() END, COALESCE($11, now()))`,
        [
          id,
          organisationId,
          projectId,
          uploadedBy,
          o.filename ?? 'clip',
          o.filename ?? 'clip.mp4',
          o.sizeBytes ?? 0,
          o.receivedBytes ?? o.sizeBytes ?? 0,
          sourceKey,
          o.status ?? 'processing',
          o.updatedAt ?? null,
        ],
      );
      return { id, sourceKey };
    },
  };
}
