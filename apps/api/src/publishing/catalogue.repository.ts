import type { Language, SubtitleTrack } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CREDITS_SQL,
  FILM_COLUMNS,
  FILM_JOINS,
  toCredit,
  toDocumentary,
  toVideoSource,
  type CreditRow,
  type DocumentaryRow,
  type FilmRow,
  type StoredCredit,
  type StoredDocumentary,
  type VideoSource,
} from './publishing-rows.js';

/** The public side's reads: organisations by slug and the catalogue listing. */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A current slug's organisation, unless it is suspended (its public pages are gone meanwhile). */
  async organisationBySlug(
    slug: string,
  ): Promise<{ id: string; name: string; slug: string; defaultLanguage: Language } | null> {
    const rows: Array<{ id: string; name: string; slug: string; default_language: Language }> = await this.db.query(
      `SELECT id, name, slug, default_language FROM organisations WHERE slug = $1 AND suspended_at IS NULL`,
      [slug],
    );
    const r = rows[0];
    return r ? { id: r.id, name: r.name, slug: r.slug, defaultLanguage: r.default_language } : null;
  }

  /** The slug an organisation uses now in place of a slug it had before (not while suspended). */
  async currentSlugFor(previousSlug: string): Promise<string | null> {
    const rows: Array<{ slug: string }> = await this.db.query(
      `SELECT o.slug FROM organisation_previous_slugs p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.slug = $1 AND o.suspended_at IS NULL`,
      [previousSlug],
    );
    return rows[0]?.slug ?? null;
  }

  async organisation(id: string): Promise<{ id: string; name: string; slug: string; suspended: boolean } | null> {
    const rows: Array<{ id: string; name: string; slug: string; suspended: boolean }> = await this.db.query(
      `SELECT id, name, slug, suspended_at IS NOT NULL AS suspended FROM organisations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Published public documentaries of an organisation whose film is ready — what the catalogue
   * lists — with their film, credits and subtitles read in three queries, whatever their number.
   */
  async publicListing(
    organisationId: string,
    page: { limit: number; after?: ListingCursor | null },
  ): Promise<{ items: ListingItem[]; next: ListingCursor | null }> {
    const after = page.after ?? null;
    const found: Array<DocumentaryRow & FilmRow & { position: string }> = await this.db.query(
      `SELECT d.*, coalesce(c.duration_ms, r.duration_ms) AS duration_ms, ${FILM_COLUMNS},
              to_char(d.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
         FROM documentaries d ${FILM_JOINS}
        WHERE d.organisation_id = $1 AND d.published AND d.visibility = 'public' AND (c.id IS NOT NULL OR r.id IS NOT NULL)
          AND ($3::timestamptz IS NULL OR (d.published_at, d.id) < ($3::timestamptz, $4::uuid))
        ORDER BY d.published_at DESC, d.id DESC
        LIMIT $2`,
      [organisationId, page.limit + 1, after?.publishedAt ?? null, after?.id ?? null],
    );
    const rows = found.slice(0, page.limit);
    const last = rows[rows.length - 1];
    const next = found.length > page.limit && last ? { publishedAt: last.position, id: last.id } : null;
    if (rows.length === 0) return { items: [], next: null };
    const credits = ((await this.db.query(CREDITS_SQL, [rows.map((r) => r.project_id)])) as CreditRow[]).reduce(
      (m, r) => m.set(r.pid, [...(m.get(r.pid) ?? []), toCredit(r)]),
      new Map<string, StoredCredit[]>(),
    );
    const subtitleRows: Array<{
      documentary_id: string;
      language: string;
      label: string;
      object_key: string;
      cue_count: number;
      uploaded_at: Date;
    }> = await this.db.query(
      `SELECT documentary_id, language, label, object_key, cue_count, uploaded_at FROM documentary_subtitles WHERE documentary_id = ANY($1::uuid[]) ORDER BY language`,
      [rows.map((r) => r.id)],
    );
    const items = rows.map((r) => ({
      documentary: toDocumentary(r),
      source: toVideoSource(r)!,
      credits: credits.get(r.project_id) ?? [],
      subtitles: subtitleRows
        .filter((t) => t.documentary_id === r.id)
        .map((t) => ({
          language: t.language,
          label: t.label,
          key: t.object_key,
          cueCount: t.cue_count,
          uploadedAt: t.uploaded_at.toISOString(),
        })),
    }));
    return { items, next };
  }
}

/** Where a catalogue page ends: the last film's publication instant (to the microsecond) and id. */
export interface ListingCursor {
  publishedAt: string;
  id: string;
}

export interface ListingItem {
  documentary: StoredDocumentary;
  source: VideoSource;
  credits: StoredCredit[];
  subtitles: Array<SubtitleTrack & { key: string }>;
}
