import type {
  ClipRenditions,
  Consent,
  ConsentChoice,
  ConsentGap,
  ConsentSource,
  Documentary,
  Visibility,
} from '@atelier/contracts';
import type { SqlRunner } from '@atelier/database';
import type { CreditFacts, Enforcement } from './consent-rules.js';

/** Row types, row mappers and shared SQL of the publishing tables (used by both repositories). */

export interface DocumentaryRow {
  id: string;
  organisation_id: string;
  project_id: string;
  title: string;
  description: string;
  language: string;
  video_clip_id: string | null;
  render_id: string | null;
  visibility: Visibility;
  published: boolean;
  published_at: Date | null;
  unlisted_token: string;
  updated_at: Date;
  film_changed_at: Date | null;
  duration_ms?: number | null;
}

export interface ConsentRow {
  project_id: string;
  person_id: string;
  appear_on_screen: boolean;
  voice: boolean;
  credit_as: ConsentChoice['creditAs'];
  pseudonym: string | null;
  max_visibility: Visibility | null;
  source: ConsentSource;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date;
  signed_on: string | null;
  paper_form_key: string | null;
}

export interface StoredDocumentary extends Documentary {
  organisationId: string;
}

export interface StoredCredit extends CreditFacts {
  consent: Consent | null;
}

export interface ProjectRecord {
  id: string;
  organisationId: string;
  title: string;
  groupId: string;
  groupName: string;
}

/** A documentary's film as the watch routes serve it: a ready clip's renditions, or a ready render's outputs. */
export type VideoSource = ClipVideoSource | RenderVideoSource;

export interface ClipVideoSource {
  kind: 'clip';
  clipId: string;
  sourceKey: string;
  durationMs: number | null;
  renditions: ClipRenditions;
}

/** A ready render (never changed once ready): everything under `renders/<renderId>/`. */
export interface RenderVideoSource {
  kind: 'render';
  renderId: string;
  durationMs: number;
  masterKey: string | null;
  hlsMasterKey: string | null;
  posterKey: string | null;
}

/** Columns (aliased `f_*`) of a documentary's ready film, for queries joining `clips c` and `renders r`. */
export const FILM_COLUMNS = `c.id AS f_clip_id, c.source_key AS f_source_key, c.duration_ms AS f_clip_duration_ms, c.renditions AS f_renditions,
  r.id AS f_render_id, r.duration_ms AS f_render_duration_ms, r.master_key AS f_master_key, r.hls_master_key AS f_hls_master_key, r.poster_key AS f_poster_key`;

/** Joins of a documentary `d` to its film, only while ready and of the same project. */
export const FILM_JOINS = `LEFT JOIN clips c ON c.id = d.video_clip_id AND c.project_id = d.project_id AND c.status = 'ready' AND c.kind = 'video' AND c.renditions IS NOT NULL
  LEFT JOIN renders r ON r.id = d.render_id AND r.project_id = d.project_id AND r.status = 'ready'`;

export interface FilmRow {
  f_clip_id: string | null;
  f_source_key: string | null;
  f_clip_duration_ms: number | null;
  f_renditions: ClipRenditions | null;
  f_render_id: string | null;
  f_render_duration_ms: number | null;
  f_master_key: string | null;
  f_hls_master_key: string | null;
  f_poster_key: string | null;
}

export function toVideoSource(r: FilmRow): VideoSource | null {
  if (r.f_clip_id && r.f_renditions)
    return {
      kind: 'clip',
      clipId: r.f_clip_id,
      sourceKey: r.f_source_key!,
      durationMs: r.f_clip_duration_ms,
      renditions: r.f_renditions,
    };
  if (r.f_render_id) {
    return {
      kind: 'render',
      renderId: r.f_render_id,
      durationMs: r.f_render_duration_ms ?? 0,
      masterKey: r.f_master_key,
      hlsMasterKey: r.f_hls_master_key,
      posterKey: r.f_poster_key,
    };
  }
  return null;
}

/** The outcome of a change that may lower or stop a published documentary, decided in its transaction. */
export interface EnforcedChange {
  documentary: { id: string; title: string; organisationId: string; projectId: string } | null;
  enforcement: Enforcement;
  /** Reasons of the person whose change triggered it, for the notice. */
  reasons: ConsentGap[];
}

export const DOC_SELECT = `SELECT d.*, coalesce(c.duration_ms, r.duration_ms) AS duration_ms FROM documentaries d
  LEFT JOIN clips c ON c.id = d.video_clip_id AND c.status = 'ready'
  LEFT JOIN renders r ON r.id = d.render_id AND r.status = 'ready'`;

export function toDocumentary(r: DocumentaryRow): StoredDocumentary {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    projectId: r.project_id,
    title: r.title,
    description: r.description,
    language: r.language,
    videoClipId: r.video_clip_id,
    renderId: r.render_id,
    durationMs: r.duration_ms ?? null,
    visibility: r.visibility,
    published: r.published,
    publishedAt: r.published_at?.toISOString() ?? null,
    unlistedToken: r.unlisted_token,
    updatedAt: r.updated_at.toISOString(),
    filmChangedAt: r.film_changed_at?.toISOString() ?? null,
  };
}

export function toChoice(
  r: Pick<ConsentRow, 'appear_on_screen' | 'voice' | 'credit_as' | 'pseudonym' | 'max_visibility'>,
): ConsentChoice {
  return {
    appearOnScreen: r.appear_on_screen,
    voice: r.voice,
    creditAs: r.credit_as,
    pseudonym: r.pseudonym,
    maxVisibility: r.max_visibility,
  };
}

export function toConsent(r: ConsentRow): Consent {
  return {
    ...toChoice(r),
    personId: r.person_id,
    projectId: r.project_id,
    source: r.source,
    recordedBy: { id: r.recorded_by, displayName: r.recorded_by_name },
    recordedAt: r.recorded_at.toISOString(),
    signedOn: r.signed_on,
    hasPaperForm: r.paper_form_key !== null,
  };
}

export const CREDITS_SQL = `
  SELECT pc.project_id AS pid, pc.person_id, u.display_name, pc.credited, pc.appearing,
         c.project_id, c.appear_on_screen, c.voice, c.credit_as, c.pseudonym, c.max_visibility, c.source,
         c.recorded_by, rb.display_name AS recorded_by_name, c.recorded_at, c.signed_on::text AS signed_on, c.paper_form_key
    FROM project_credits pc
    JOIN users u ON u.id = pc.person_id
    LEFT JOIN consents c ON c.project_id = pc.project_id AND c.person_id = pc.person_id
    LEFT JOIN users rb ON rb.id = c.recorded_by
   WHERE pc.project_id = ANY($1::uuid[])
   ORDER BY pc.position, u.display_name, pc.person_id`;

export type CreditRow = ConsentRow & { pid: string; display_name: string; credited: boolean; appearing: boolean };

export async function readCredits(db: SqlRunner, projectId: string): Promise<StoredCredit[]> {
  return ((await db.query(CREDITS_SQL, [[projectId]])) as CreditRow[]).map(toCredit);
}

export function toCredit(r: CreditRow): StoredCredit {
  return {
    personId: r.person_id,
    displayName: r.display_name,
    credited: r.credited,
    appearing: r.appearing,
    consent: r.project_id ? toConsent(r) : null,
  };
}

/** A project a person is credited in, with what their consent screen needs (`creditsOf`). */
export interface PersonCredit {
  projectId: string;
  projectTitle: string;
  groupName: string;
  documentaryId: string | null;
  documentaryTitle: string | null;
  hasFilm: boolean;
  filmChangedAt: Date | null;
  credited: boolean;
  appearing: boolean;
  displayName: string;
  consent: Consent | null;
}

export type PersonCreditRow = ConsentRow & {
  pid: string;
  project_title: string;
  group_name: string;
  documentary_id: string | null;
  documentary_title: string | null;
  has_film: boolean | null;
  film_changed_at: Date | null;
  credited: boolean;
  appearing: boolean;
  display_name: string;
};

export function toPersonCredit(r: PersonCreditRow): PersonCredit {
  return {
    projectId: r.pid,
    projectTitle: r.project_title || r.group_name,
    groupName: r.group_name,
    documentaryId: r.documentary_id,
    documentaryTitle: r.documentary_title,
    hasFilm: r.has_film === true,
    filmChangedAt: r.film_changed_at,
    credited: r.credited,
    appearing: r.appearing,
    displayName: r.display_name,
    // The consent columns are NULL when the person has not answered.
    consent: r.project_id ? toConsent(r) : null,
  };
}
