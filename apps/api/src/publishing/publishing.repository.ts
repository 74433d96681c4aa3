import type {
  ConsentChoice,
  ConsentGap,
  ConsentHistoryEntry,
  ConsentSource,
  CreditInput,
  DocumentaryInput,
  DocumentaryNotice,
  Language,
  MissingConsent,
  PublishingProjectSummary,
  RenderCandidate,
  SubtitleTrack,
  VideoCandidate,
  Visibility,
} from '@atelier/contracts';
import { changedRows, type SqlRunner } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Enforcement } from './consent-rules.js';
import {
  DOC_SELECT,
  FILM_COLUMNS,
  FILM_JOINS,
  readCredits,
  toChoice,
  toDocumentary,
  toPersonCredit,
  toVideoSource,
  type ConsentRow,
  type DocumentaryRow,
  type EnforcedChange,
  type FilmRow,
  type PersonCredit,
  type PersonCreditRow,
  type ProjectRecord,
  type StoredCredit,
  type StoredDocumentary,
  type VideoSource,
} from './publishing-rows.js';
import { displayName, staffContacts } from '../common/people.queries.js';

export type { EnforcedChange, ProjectRecord, StoredCredit, StoredDocumentary, VideoSource } from './publishing-rows.js';

/** Applies an enforcement decided by the rules to a locked documentary, with a notice for trainers. */
async function apply(
  tx: SqlRunner,
  doc: DocumentaryRow,
  e: Enforcement,
  personId: string | null,
  reasons: ConsentGap[],
): Promise<void> {
  if (e.action === 'keep') return;
  if (e.action === 'unpublish') {
    await tx.query(`UPDATE documentaries SET published = false, updated_at = now() WHERE id = $1`, [doc.id]);
  } else {
    await tx.query(`UPDATE documentaries SET visibility = $2, updated_at = now() WHERE id = $1`, [doc.id, e.to]);
  }
  await tx.query(
    `INSERT INTO documentary_notices (documentary_id, kind, person_id, from_visibility, to_visibility, reasons) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      doc.id,
      e.action === 'unpublish' ? 'unpublished' : 'visibility_lowered',
      personId,
      e.from,
      e.action === 'lower' ? e.to : null,
      reasons,
    ],
  );
}

/** Documentaries, credits, consent, subtitles and notices: every SQL statement of the publishing context. */
@Injectable()
export class PublishingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findProject(organisationId: string, projectId: string): Promise<ProjectRecord | null> {
    const rows: Array<{ id: string; organisation_id: string; title: string; group_id: string; group_name: string }> =
      await this.db.query(
        `SELECT p.id, p.organisation_id, p.title, p.group_id, g.name AS group_name
         FROM media_projects p JOIN media_groups g ON g.id = p.group_id
        WHERE p.id = $1 AND p.organisation_id = $2`,
        [projectId, organisationId],
      );
    const r = rows[0];
    return r
      ? { id: r.id, organisationId: r.organisation_id, title: r.title, groupId: r.group_id, groupName: r.group_name }
      : null;
  }

  async listProjects(organisationId: string): Promise<PublishingProjectSummary[]> {
    const rows: Array<{
      project_id: string;
      title: string;
      group_name: string;
      documentary_title: string | null;
      published: boolean | null;
      visibility: Visibility | null;
      credit_count: string;
      consented_count: string;
      unread_notices: string;
    }> = await this.db.query(
      `SELECT p.id AS project_id, p.title, g.name AS group_name, d.title AS documentary_title, d.published, d.visibility,
              (SELECT count(*) FROM project_credits pc WHERE pc.project_id = p.id) AS credit_count,
              (SELECT count(*) FROM project_credits pc JOIN consents c ON c.project_id = pc.project_id AND c.person_id = pc.person_id
                WHERE pc.project_id = p.id AND c.max_visibility IS NOT NULL) AS consented_count,
              (SELECT count(*) FROM documentary_notices n WHERE n.documentary_id = d.id AND n.read_at IS NULL) AS unread_notices
         FROM media_projects p
         JOIN media_groups g ON g.id = p.group_id
         LEFT JOIN documentaries d ON d.project_id = p.id
        WHERE p.organisation_id = $1
        ORDER BY g.name, p.created_at`,
      [organisationId],
    );
    return rows.map((r) => ({
      projectId: r.project_id,
      title: r.title,
      groupName: r.group_name,
      documentaryTitle: r.documentary_title,
      published: r.published ?? false,
      visibility: r.visibility,
      creditCount: Number(r.credit_count),
      consentedCount: Number(r.consented_count),
      unreadNotices: Number(r.unread_notices),
    }));
  }

  async findDocumentaryForProject(projectId: string): Promise<StoredDocumentary | null> {
    const rows: DocumentaryRow[] = await this.db.query(`${DOC_SELECT} WHERE d.project_id = $1`, [projectId]);
    return rows[0] ? toDocumentary(rows[0]) : null;
  }

  async findDocumentary(id: string): Promise<StoredDocumentary | null> {
    const rows: DocumentaryRow[] = await this.db.query(`${DOC_SELECT} WHERE d.id = $1`, [id]);
    return rows[0] ? toDocumentary(rows[0]) : null;
  }

  /**
   * Creates the project's documentary, or updates its details. On creation the credits start as the
   * group's members (credited and appearing) unless the project already has credits.
   */
  async saveDocumentary(
    project: ProjectRecord,
    input: DocumentaryInput,
    unlistedToken: string,
  ): Promise<StoredDocumentary> {
    await this.db.transaction(async (tx) => {
      const inserted = (await tx.query(
        `INSERT INTO documentaries (organisation_id, project_id, title, description, language, video_clip_id, render_id, unlisted_token)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (project_id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
           language = EXCLUDED.language, video_clip_id = EXCLUDED.video_clip_id, render_id = EXCLUDED.render_id, updated_at = now()
         RETURNING (xmax = 0) AS created`,
        [
          project.organisationId,
          project.id,
          input.title,
          input.description,
          input.language,
          input.videoClipId,
          input.renderId ?? null,
          unlistedToken,
        ],
      )) as Array<{ created: boolean }>;
      if (inserted[0]?.created) {
        await tx.query(
          `INSERT INTO project_credits (project_id, person_id, credited, appearing, position)
           SELECT $1, m.participant_id, true, true, row_number() OVER (ORDER BY u.display_name)
             FROM media_group_members m JOIN users u ON u.id = m.participant_id
            WHERE m.group_id = $2 AND NOT EXISTS (SELECT 1 FROM project_credits WHERE project_id = $1)
           ON CONFLICT DO NOTHING`,
          [project.id, project.groupId],
        );
      }
    });
    return (await this.findDocumentaryForProject(project.id))!;
  }

  async videoCandidates(projectId: string): Promise<VideoCandidate[]> {
    const rows: Array<{ id: string; title: string; original_filename: string; duration_ms: number | null }> =
      await this.db.query(
        `SELECT id, title, original_filename, duration_ms FROM clips
        WHERE project_id = $1 AND status = 'ready' AND kind = 'video' AND renditions IS NOT NULL
        ORDER BY ready_at DESC NULLS LAST, created_at DESC`,
        [projectId],
      );
    return rows.map((r) => ({
      clipId: r.id,
      title: r.title,
      originalFilename: r.original_filename,
      durationMs: r.duration_ms,
    }));
  }

  /** Ready renders of the project's timeline, newest first. */
  async renderCandidates(projectId: string): Promise<RenderCandidate[]> {
    const rows: Array<{
      id: string;
      timeline_version: number;
      duration_ms: number;
      finished_at: Date | null;
      created_at: Date;
    }> = await this.db.query(
      `SELECT id, timeline_version, duration_ms, finished_at, created_at FROM renders
        WHERE project_id = $1 AND status = 'ready'
        ORDER BY finished_at DESC NULLS LAST, created_at DESC
        LIMIT 50`,
      [projectId],
    );
    return rows.map((r) => ({
      renderId: r.id,
      timelineVersion: r.timeline_version,
      durationMs: r.duration_ms,
      finishedAt: (r.finished_at ?? r.created_at).toISOString(),
    }));
  }

  /** The documentary's film: its chosen clip or render, only while that is ready and of the same project. */
  async videoSource(documentaryId: string): Promise<VideoSource | null> {
    const rows: FilmRow[] = await this.db.query(
      `SELECT ${FILM_COLUMNS} FROM documentaries d ${FILM_JOINS} WHERE d.id = $1`,
      [documentaryId],
    );
    return rows[0] ? toVideoSource(rows[0]) : null;
  }

  credits(projectId: string): Promise<StoredCredit[]> {
    return readCredits(this.db, projectId);
  }

  /** Members of the organisation who may be credited, marking the project's group members. */
  async people(
    organisationId: string,
    groupId: string,
  ): Promise<Array<{ id: string; displayName: string; inGroup: boolean }>> {
    const rows: Array<{ id: string; display_name: string; in_group: boolean }> = await this.db.query(
      `SELECT u.id, u.display_name, EXISTS (SELECT 1 FROM media_group_members g WHERE g.group_id = $2 AND g.participant_id = u.id) AS in_group
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organisation_id = $1
        ORDER BY in_group DESC, u.display_name`,
      [organisationId, groupId],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, inGroup: r.in_group }));
  }

  async membersOf(organisationId: string, personIds: string[]): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.db.query(
      `SELECT user_id FROM memberships WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])`,
      [organisationId, personIds],
    );
    return rows.map((r) => r.user_id);
  }

  /**
   * Replaces the project's credits and, in the same transaction, lets `decide` lower or stop the
   * published documentary if someone newly credited has not consented to its visibility.
   */
  async replaceCredits(
    projectId: string,
    credits: CreditInput[],
    decide: (doc: { published: boolean; visibility: Visibility }, credits: StoredCredit[]) => Enforcement,
  ): Promise<EnforcedChange> {
    return this.db.transaction(async (tx) => {
      const doc = await this.lockDocumentary(tx, projectId);
      await tx.query(`DELETE FROM project_credits WHERE project_id = $1 AND NOT (person_id = ANY($2::uuid[]))`, [
        projectId,
        credits.map((c) => c.personId),
      ]);
      for (const [i, c] of credits.entries()) {
        await tx.query(
          `INSERT INTO project_credits (project_id, person_id, credited, appearing, position) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (project_id, person_id) DO UPDATE SET credited = EXCLUDED.credited, appearing = EXCLUDED.appearing, position = EXCLUDED.position`,
          [projectId, c.personId, c.credited, c.appearing, i],
        );
      }
      return this.enforceLocked(tx, doc, projectId, null, [], decide);
    });
  }

  /**
   * Records one person's consent (current row + history) and, in the same transaction, applies
   * what `decide` says the published documentary must become (withdrawal takes effect at once).
   * The documentary row is locked first, the same order as `publish`, so the two never interleave.
   */
  async recordConsent(
    projectId: string,
    personId: string,
    choice: ConsentChoice,
    meta: { source: ConsentSource; recordedBy: string; signedOn: string | null },
    decide: (
      doc: { published: boolean; visibility: Visibility },
      credits: StoredCredit[],
    ) => { enforcement: Enforcement; reasons: ConsentGap[] },
  ): Promise<EnforcedChange> {
    return this.db.transaction(async (tx) => {
      const doc = await this.lockDocumentary(tx, projectId);
      const values = [
        projectId,
        personId,
        choice.appearOnScreen,
        choice.voice,
        choice.creditAs,
        choice.pseudonym,
        choice.maxVisibility,
        meta.source,
        meta.recordedBy,
        meta.signedOn,
      ];
      await tx.query(
        `INSERT INTO consents (project_id, person_id, appear_on_screen, voice, credit_as, pseudonym, max_visibility, source, recorded_by, signed_on, recorded_at, paper_form_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), NULL)
         ON CONFLICT (project_id, person_id) DO UPDATE SET appear_on_screen = $3, voice = $4, credit_as = $5, pseudonym = $6,
           max_visibility = $7, source = $8, recorded_by = $9, signed_on = $10, recorded_at = now(), paper_form_key = NULL`,
        values,
      );
      await tx.query(
        `INSERT INTO consent_history (project_id, person_id, appear_on_screen, voice, credit_as, pseudonym, max_visibility, source, recorded_by, signed_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        values,
      );
      let reasons: ConsentGap[] = [];
      const change = await this.enforceLocked(
        tx,
        doc,
        projectId,
        personId,
        [],
        (d, credits) => {
          const decided = decide(d, credits);
          reasons = decided.reasons;
          return decided.enforcement;
        },
        () => reasons,
      );
      return change;
    });
  }

  /** Attaches the photo of a paper form to the person's current consent and its latest history entry. */
  async attachPaperForm(projectId: string, personId: string, key: string): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const before = (await tx.query(
        `SELECT paper_form_key FROM consents WHERE project_id = $1 AND person_id = $2 AND source = 'paper' FOR UPDATE`,
        [projectId, personId],
      )) as Array<{ paper_form_key: string | null }>;
      if (before.length === 0) return null;
      await tx.query(`UPDATE consents SET paper_form_key = $3 WHERE project_id = $1 AND person_id = $2`, [
        projectId,
        personId,
        key,
      ]);
      await tx.query(
        `UPDATE consent_history SET paper_form_key = $3
          WHERE id = (SELECT id FROM consent_history WHERE project_id = $1 AND person_id = $2 ORDER BY recorded_at DESC, id DESC LIMIT 1)`,
        [projectId, personId, key],
      );
      return before[0]!.paper_form_key ?? '';
    });
  }

  async paperFormKey(projectId: string, personId: string): Promise<string | null> {
    const rows: Array<{ paper_form_key: string | null }> = await this.db.query(
      `SELECT paper_form_key FROM consents WHERE project_id = $1 AND person_id = $2`,
      [projectId, personId],
    );
    return rows[0]?.paper_form_key ?? null;
  }

  async consentHistory(projectId: string, personId: string): Promise<ConsentHistoryEntry[]> {
    const rows: Array<ConsentRow & { id: string }> = await this.db.query(
      `SELECT h.*, h.signed_on::text AS signed_on, u.display_name AS recorded_by_name FROM consent_history h JOIN users u ON u.id = h.recorded_by
        WHERE h.project_id = $1 AND h.person_id = $2 ORDER BY h.recorded_at DESC, h.id`,
      [projectId, personId],
    );
    return rows.map((r) => ({
      ...toChoice(r),
      id: r.id,
      source: r.source,
      recordedBy: { id: r.recorded_by, displayName: r.recorded_by_name },
      recordedAt: r.recorded_at.toISOString(),
      signedOn: r.signed_on,
    }));
  }

  /**
   * Publishes at `visibility` only if `blockers` (run on the credits read under the documentary's
   * lock) finds nobody missing; otherwise leaves everything as it was and returns who is missing.
   */
  async publish(
    documentaryId: string,
    visibility: Visibility,
    blockers: (credits: StoredCredit[]) => MissingConsent[],
  ): Promise<MissingConsent[]> {
    return this.db.transaction(async (tx) => {
      const [doc] = (await tx.query(`SELECT * FROM documentaries WHERE id = $1 FOR UPDATE`, [
        documentaryId,
      ])) as DocumentaryRow[];
      const missing = blockers(await readCredits(tx, doc!.project_id));
      if (missing.length > 0) return missing;
      await tx.query(
        `UPDATE documentaries SET published = true, visibility = $2, published_at = CASE WHEN published THEN published_at ELSE now() END, updated_at = now() WHERE id = $1`,
        [documentaryId, visibility],
      );
      return [];
    });
  }

  async unpublish(documentaryId: string): Promise<void> {
    await this.db.query(`UPDATE documentaries SET published = false, updated_at = now() WHERE id = $1`, [
      documentaryId,
    ]);
  }

  async subtitles(documentaryId: string): Promise<Array<SubtitleTrack & { key: string }>> {
    const rows: Array<{ language: string; label: string; object_key: string; cue_count: number; uploaded_at: Date }> =
      await this.db.query(
        `SELECT language, label, object_key, cue_count, uploaded_at FROM documentary_subtitles WHERE documentary_id = $1 ORDER BY language`,
        [documentaryId],
      );
    return rows.map((r) => ({
      language: r.language,
      label: r.label,
      key: r.object_key,
      cueCount: r.cue_count,
      uploadedAt: r.uploaded_at.toISOString(),
    }));
  }

  async saveSubtitle(
    documentaryId: string,
    track: { language: string; label: string; key: string; cueCount: number },
    uploadedBy: string,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO documentary_subtitles (documentary_id, language, label, object_key, cue_count, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (documentary_id, language) DO UPDATE SET label = $3, object_key = $4, cue_count = $5, uploaded_by = $6, uploaded_at = now()`,
      [documentaryId, track.language, track.label, track.key, track.cueCount, uploadedBy],
    );
  }

  async deleteSubtitle(documentaryId: string, language: string): Promise<string | null> {
    const rows = await changedRows<{ object_key: string }>(
      this.db,
      `DELETE FROM documentary_subtitles WHERE documentary_id = $1 AND language = $2 RETURNING object_key`,
      [documentaryId, language],
    );
    return rows[0]?.object_key ?? null;
  }

  async notices(documentaryId: string): Promise<DocumentaryNotice[]> {
    const rows: Array<{
      id: string;
      kind: DocumentaryNotice['kind'];
      person_id: string | null;
      display_name: string | null;
      from_visibility: Visibility;
      to_visibility: Visibility | null;
      reasons: ConsentGap[];
      created_at: Date;
      read_at: Date | null;
    }> = await this.db.query(
      `SELECT n.*, u.display_name FROM documentary_notices n LEFT JOIN users u ON u.id = n.person_id
        WHERE n.documentary_id = $1 ORDER BY n.created_at DESC LIMIT 50`,
      [documentaryId],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      person: r.person_id ? { id: r.person_id, displayName: r.display_name ?? '' } : null,
      from: r.from_visibility,
      to: r.to_visibility,
      reasons: r.reasons,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    }));
  }

  async markNoticesRead(documentaryId: string): Promise<void> {
    await this.db.query(
      `UPDATE documentary_notices SET read_at = now() WHERE documentary_id = $1 AND read_at IS NULL`,
      [documentaryId],
    );
  }

  async staffContacts(organisationId: string): Promise<Array<{ email: string; language: Language }>> {
    return staffContacts(this.db, organisationId);
  }

  async displayName(personId: string): Promise<string> {
    return displayName(this.db, personId);
  }

  /** The projects a person is credited in, with what the consent screen needs. */
  async creditsOf(personId: string): Promise<PersonCredit[]> {
    const rows: PersonCreditRow[] = await this.db.query(
      `SELECT pc.project_id AS pid, p.title AS project_title, g.name AS group_name, d.id AS documentary_id, d.title AS documentary_title,
                num_nonnulls(d.video_clip_id, d.render_id) > 0 AS has_film, d.film_changed_at, pc.credited, pc.appearing, u.display_name,
                c.project_id, c.person_id, c.appear_on_screen, c.voice, c.credit_as, c.pseudonym, c.max_visibility, c.source,
                c.recorded_by, rb.display_name AS recorded_by_name, c.recorded_at, c.signed_on::text AS signed_on, c.paper_form_key
           FROM project_credits pc
           JOIN media_projects p ON p.id = pc.project_id
           JOIN media_groups g ON g.id = p.group_id
           JOIN users u ON u.id = pc.person_id
           LEFT JOIN documentaries d ON d.project_id = pc.project_id
           LEFT JOIN consents c ON c.project_id = pc.project_id AND c.person_id = pc.person_id
           LEFT JOIN users rb ON rb.id = c.recorded_by
          WHERE pc.person_id = $1
          ORDER BY p.created_at DESC`,
      [personId],
    );
    return rows.map(toPersonCredit);
  }

  async isCredited(projectId: string, personId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM project_credits WHERE project_id = $1 AND person_id = $2`,
      [projectId, personId],
    );
    return rows.length > 0;
  }

  private async lockDocumentary(tx: SqlRunner, projectId: string): Promise<DocumentaryRow | null> {
    const rows = (await tx.query(`SELECT * FROM documentaries WHERE project_id = $1 FOR UPDATE`, [
      projectId,
    ])) as DocumentaryRow[];
    return rows[0] ?? null;
  }

  private async enforceLocked(
    tx: SqlRunner,
    doc: DocumentaryRow | null,
    projectId: string,
    personId: string | null,
    fallbackReasons: ConsentGap[],
    decide: (doc: { published: boolean; visibility: Visibility }, credits: StoredCredit[]) => Enforcement,
    reasonsAfter: () => ConsentGap[] = () => fallbackReasons,
  ): Promise<EnforcedChange> {
    if (!doc) return { documentary: null, enforcement: { action: 'keep' }, reasons: [] };
    const enforcement = decide(
      { published: doc.published, visibility: doc.visibility },
      await readCredits(tx, projectId),
    );
    const reasons = reasonsAfter();
    await apply(tx, doc, enforcement, personId, reasons);
    return {
      documentary: { id: doc.id, title: doc.title, organisationId: doc.organisation_id, projectId },
      enforcement,
      reasons,
    };
  }
}
