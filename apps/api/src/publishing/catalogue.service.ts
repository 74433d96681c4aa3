import {
  CATALOGUE_FEED_SIZE,
  CATALOGUE_PAGE_SIZE,
  ErrorCode,
  RENDER_MEDIA_PATH,
  Role,
  Visibility,
  type Catalogue,
  type PublicDocumentary,
} from '@atelier/contracts';
import { AUDIO_ONLY_PLAYLIST } from '@atelier/media';
import { StorageRepository } from '@atelier/storage';
import { Inject, Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { SessionRepository } from '../auth/session.repository.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { sha256 } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { SmallImages } from '../storage/small-images.js';
import { atomFeed } from './atom-feed.js';
import { publicName } from './consent-rules.js';
import { BARE_INDEX, withOpenGraph } from './og-page.js';
import { CatalogueRepository, type ListingCursor } from './catalogue.repository.js';
import {
  PublishingRepository,
  type StoredCredit,
  type StoredDocumentary,
  type VideoSource,
} from './publishing.repository.js';

/** Who is looking: a signed-in member (any organisation) or nobody. */
export interface Viewer {
  userId: string;
  organisationId: string;
  role: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The access segment of media URLs when no secret link is involved. */
export const OPEN_ACCESS = '_';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.aac': 'audio/aac',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

export interface MediaObject {
  key: string;
  contentType: string;
  size: number;
  /** Request headers the answer depends on (the poster: WebP or JPEG by `Accept`). */
  vary?: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The public side: the catalogue and its feed, the watch information, and the one authorising route
 * through which a documentary's media reaches a browser. Every request checks publication and
 * visibility at that moment, so a withdrawal stops playback at once (no long-lived URLs).
 */
@Injectable()
export class CatalogueService {
  private indexHtml: Promise<string> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: PublishingRepository,
    private readonly listings: CatalogueRepository,
    private readonly sessions: SessionRepository,
    private readonly storage: StorageRepository,
    private readonly clock: Clock,
    private readonly images: SmallImages,
  ) {}

  /** The signed-in person behind a cookie or bearer token, if any (public routes never require one). */
  async viewer(token: string | null): Promise<Viewer | null> {
    if (!token) return null;
    const s = await this.sessions.findActive(sha256(token), this.clock.now());
    return s ? { userId: s.userId, organisationId: s.organisationId, role: s.role } : null;
  }

  /**
   * Where an old catalogue address now lives: the organisation's current slug when `slug` is one it
   * used before (the caller redirects), else null (answer as usual: the catalogue or a 404).
   */
  async movedTo(slug: string): Promise<string | null> {
    if (await this.listings.organisationBySlug(slug)) return null;
    return this.listings.currentSlugFor(slug);
  }

  /** The SPA page for /catalogue/:slug (the client asks the API for the listing): 404 when no organisation has it now. */
  async cataloguePage(slug: string): Promise<{ status: number; html: string }> {
    const html = await this.index();
    return { status: (await this.listings.organisationBySlug(slug)) ? 200 : 404, html };
  }

  /** One page of the catalogue, newest first; `after` is the previous page's `nextCursor`. */
  async catalogue(slug: string, after?: string, limit = CATALOGUE_PAGE_SIZE): Promise<Catalogue> {
    const cursor = after === undefined || after === '' ? null : parseCursor(after);
    const org = await this.listings.organisationBySlug(slug);
    if (!org) throw DomainError.notFound('This catalogue');
    const page = await this.listings.publicListing(org.id, { limit, after: cursor });
    const organisation = { name: org.name, slug: org.slug };
    return {
      organisation,
      feedUrl: `/api/catalogue/${org.slug}/feed.atom`,
      documentaries: page.items.map((l) =>
        toPublic(l.documentary, organisation, OPEN_ACCESS, l.source, l.credits, l.subtitles),
      ),
      nextCursor: page.next ? `${page.next.publishedAt}_${page.next.id}` : null,
    };
  }

  async feed(slug: string): Promise<string> {
    const catalogue = await this.catalogue(slug, undefined, CATALOGUE_FEED_SIZE);
    const base = this.config.publicUrl;
    const docs = catalogue.documentaries;
    return atomFeed({
      id: `${base}/catalogue/${catalogue.organisation.slug}`,
      title: catalogue.organisation.name,
      selfUrl: `${base}/api/catalogue/${catalogue.organisation.slug}/feed.atom`,
      siteUrl: `${base}/catalogue/${catalogue.organisation.slug}`,
      updatedAt: docs[0]?.publishedAt ?? new Date(0).toISOString(),
      entries: docs.map((d) => ({
        id: d.id,
        title: d.title,
        summary: d.description,
        url: `${base}${d.watchUrl}`,
        posterUrl: d.posterUrl ? `${base}${d.posterUrl}` : null,
        publishedAt: d.publishedAt,
        updatedAt: d.publishedAt,
        authors: d.credits.map((c) => c.name),
      })),
    });
  }

  /**
   * What the watch and embed pages need, if this viewer may watch now (otherwise 404). `saveData`:
   * the request said `Save-Data: on` — a film with a sound-only rendition then starts with it.
   */
  async watch(
    id: string,
    access: string | undefined,
    viewer: Viewer | null,
    saveData = false,
  ): Promise<PublicDocumentary> {
    const { doc, source } = await this.authorise(id, access ?? OPEN_ACCESS, viewer);
    const audioOnly =
      source.kind === 'render' && source.hlsMasterKey ? `${sourcePrefix(source)}${AUDIO_ONLY_PLAYLIST}` : null;
    const [org, credits, subtitles, hasAudioOnly] = await Promise.all([
      this.listings.organisation(doc.organisationId),
      this.repo.credits(doc.projectId),
      this.repo.subtitles(doc.id),
      audioOnly ? this.storage.stat(audioOnly).then((s) => !!s) : false,
    ]);
    const shown = toPublic(
      doc,
      { name: org!.name, slug: org!.slug },
      this.accessSegment(doc, access),
      source,
      credits,
      subtitles,
      hasAudioOnly ? audioOnly : null,
    );
    return { ...shown, startWith: saveData && shown.audioOnlyUrl ? 'sound' : 'video' };
  }

  /**
   * One media object of a documentary (playlist, segment, MP4, poster), checked at request time;
   * the poster as a small WebP when the browser's `accept` allows it.
   */
  async media(id: string, access: string, path: string, viewer: Viewer | null, accept?: string): Promise<MediaObject> {
    const { source } = await this.authorise(id, access, viewer);
    const key = mediaKey(source, path);
    if (!key) throw DomainError.notFound('This file');
    const poster = source.kind === 'clip' ? source.renditions.posterKey : source.posterKey;
    if (key !== poster) return this.object(key);
    return { ...(await this.object(await this.images.pick(key, accept))), vary: 'Accept' };
  }

  async subtitles(id: string, access: string, language: string, viewer: Viewer | null): Promise<MediaObject> {
    const { doc } = await this.authorise(id, access, viewer);
    const track = (await this.repo.subtitles(doc.id)).find((t) => t.language === language);
    if (!track) throw DomainError.notFound('These subtitles');
    return { ...(await this.object(track.key)), contentType: 'text/vtt; charset=utf-8' };
  }

  read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    return range ? this.storage.getPartial(key, range.start, range.end - range.start + 1) : this.storage.get(key);
  }

  /**
   * The SPA page for /watch/:id and /embed/:id with Open Graph tags when the documentary may be
   * seen by this viewer (nothing is revealed otherwise: the page is the plain app).
   */
  async page(
    id: string,
    access: string | undefined,
    viewer: Viewer | null,
    kind: 'watch' | 'embed',
  ): Promise<{ status: number; html: string }> {
    const index = await this.index();
    if (!UUID.test(id)) return { status: 200, html: index };
    let doc: PublicDocumentary;
    try {
      doc = await this.watch(id, access, viewer);
    } catch (e) {
      if (!(e instanceof DomainError && e.code === ErrorCode.NotFound)) throw e;
      // The plain app (it may still show the film to someone who signs in), but a 404 for the pages
      // of a suspended organisation: they are gone for everyone until it is reactivated.
      return { status: (await this.ofSuspendedOrganisation(id)) ? 404 : 200, html: index };
    }
    const base = this.config.publicUrl;
    const query = access && access !== OPEN_ACCESS ? `?k=${encodeURIComponent(access)}` : '';
    const html = withOpenGraph(index, {
      title: doc.title,
      description: doc.description || doc.organisation.name,
      url: `${base}/${kind}/${doc.id}${query}`,
      imageUrl: doc.posterUrl ? `${base}${doc.posterUrl}` : null,
      videoUrl: doc.mp4Url ? `${base}${doc.mp4Url}` : null,
      locale: doc.language,
      siteName: doc.organisation.name,
    });
    return { status: 200, html };
  }

  private async ofSuspendedOrganisation(documentaryId: string): Promise<boolean> {
    const doc = await this.repo.findDocumentary(documentaryId);
    return doc !== null && (await this.listings.organisation(doc.organisationId))?.suspended === true;
  }

  private index(): Promise<string> {
    const dist = this.config.webDist;
    this.indexHtml ??= dist ? readFile(join(dist, 'index.html'), 'utf8') : Promise.resolve(BARE_INDEX);
    return this.indexHtml;
  }

  private accessSegment(doc: StoredDocumentary, access: string | undefined): string {
    return doc.visibility === Visibility.Unlisted && access && access !== OPEN_ACCESS ? access : OPEN_ACCESS;
  }

  private async authorise(
    id: string,
    access: string,
    viewer: Viewer | null,
  ): Promise<{ doc: StoredDocumentary; source: VideoSource }> {
    const doc = await this.repo.findDocumentary(id);
    if (!doc) throw DomainError.notFound('This documentary');
    // A suspended organisation's films are not shown to anyone, its own people included (they are refused too).
    if ((await this.listings.organisation(doc.organisationId))?.suspended !== false)
      throw DomainError.notFound('This documentary');
    // People credited in the film may watch it before it is published, to know what they consent to.
    const credited = async (): Promise<boolean> =>
      viewer?.organisationId === doc.organisationId && (await this.repo.isCredited(doc.projectId, viewer.userId));
    if (!mayWatch(doc, access, viewer) && !(await credited())) throw DomainError.notFound('This documentary');
    const source = await this.repo.videoSource(doc.id);
    if (!source) throw DomainError.notFound('This documentary');
    return { doc, source };
  }

  private async object(key: string): Promise<MediaObject> {
    const stat = await this.storage.stat(key);
    if (!stat) throw DomainError.notFound('This file');
    const type = CONTENT_TYPES[posix.extname(key).toLowerCase()] ?? stat.contentType;
    return { key, contentType: type, size: stat.size };
  }
}

/** A documentary as the public sees it: media through the authorising route, credits as consented. */
function toPublic(
  doc: StoredDocumentary,
  org: { name: string; slug: string },
  access: string,
  source: VideoSource,
  credits: StoredCredit[],
  subtitles: Array<{ language: string; label: string }>,
  audioOnlyKey: string | null = null,
): PublicDocumentary {
  const base = `/api/watch/${doc.id}/${encodeURIComponent(access)}`;
  const prefix = sourcePrefix(source);
  const rel = (key: string | null | undefined) =>
    key && key.startsWith(prefix) ? `${base}/media/${key.slice(prefix.length)}` : null;
  const media =
    source.kind === 'clip'
      ? { poster: source.renditions.posterKey, hls: source.renditions.hlsMasterKey, mp4: source.renditions.proxyKey }
      : { poster: source.posterKey, hls: source.hlsMasterKey, mp4: source.masterKey };
  const query = access !== OPEN_ACCESS ? `?k=${encodeURIComponent(access)}` : '';
  return {
    id: doc.id,
    title: doc.title,
    description: doc.description,
    language: doc.language,
    durationMs: doc.durationMs,
    publishedAt: doc.publishedAt ?? doc.updatedAt,
    visibility: doc.visibility,
    published: doc.published,
    organisation: org,
    credits: credits
      .map(publicName)
      .filter((n): n is string => !!n)
      .map((name) => ({ name })),
    posterUrl: rel(media.poster),
    hlsUrl: rel(media.hls),
    audioOnlyUrl: rel(audioOnlyKey),
    startWith: 'video',
    mp4Url: rel(media.mp4),
    subtitles: subtitles.map((t) => ({
      language: t.language,
      label: t.label,
      url: `${base}/subtitles/${encodeURIComponent(t.language)}.vtt`,
    })),
    watchUrl: `/watch/${doc.id}${query}`,
    embedUrl: `/embed/${doc.id}${query}`,
  };
}

/**
 * Who may watch: staff of the organisation always (to preview); otherwise only while published —
 * members of the organisation at any visibility, anyone when public, holders of the secret link
 * when unlisted. Organisation-only work never reaches outsiders.
 */
export function mayWatch(
  doc: { organisationId: string; published: boolean; visibility: Visibility; unlistedToken: string },
  access: string,
  viewer: Viewer | null,
): boolean {
  const member = viewer?.organisationId === doc.organisationId;
  if (member && viewer.role !== Role.Participant) return true;
  if (!doc.published) return false;
  if (member) return true;
  if (doc.visibility === Visibility.Public) return true;
  return doc.visibility === Visibility.Unlisted && access !== OPEN_ACCESS && sameSecret(access, doc.unlistedToken);
}

/** Where a film's media sit in storage: the clip's or the render's folder. */
function sourcePrefix(source: VideoSource): string {
  return source.kind === 'clip' ? `clips/${source.clipId}/` : `renders/${source.renderId}/`;
}

/**
 * The object key for a path under the film's prefix, only if it is media the player needs — for a
 * clip, the renditions (playlists and the segments beside them, the MP4 proxy, the poster), never
 * the uploaded original or anything else stored for it; for a render, its master MP4, poster, HLS
 * playlists and segments, never its scratch or anything else.
 */
export function mediaKey(source: VideoSource, path: string): string | null {
  if (!path || path.includes('..') || path.includes('\\') || path.startsWith('/') || path.includes('//')) return null;
  const prefix = sourcePrefix(source);
  const key = posix.normalize(prefix + path);
  if (!key.startsWith(prefix)) return null;
  if (source.kind === 'render') {
    const named = [source.masterKey, source.posterKey, source.hlsMasterKey].filter((k): k is string => !!k);
    if (named.includes(key)) return key;
    return source.hlsMasterKey &&
      RENDER_MEDIA_PATH.test(key.slice(prefix.length)) &&
      key.slice(prefix.length).startsWith('hls/')
      ? key
      : null;
  }
  if (key === source.sourceKey) return null;
  const r = source.renditions;
  const named = [r.proxyKey, r.posterKey, r.hlsMasterKey, ...r.variants.map((v) => v.playlistKey)].filter(
    (k): k is string => !!k,
  );
  if (named.includes(key)) return key;
  const playlistDirs = new Set(
    [r.hlsMasterKey, ...r.variants.map((v) => v.playlistKey)]
      .filter((k): k is string => !!k)
      .map((k) => posix.dirname(k)),
  );
  const ext = posix.extname(key).toLowerCase();
  return playlistDirs.has(posix.dirname(key)) && ['.ts', '.m4s', '.mp4', '.aac', '.m3u8'].includes(ext) ? key : null;
}

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A `nextCursor` given back by a client; anything else is refused with what to do. */
export function parseCursor(value: string): ListingCursor {
  const m = CURSOR.exec(value);
  if (!m || Number.isNaN(Date.parse(m[1]!)))
    throw DomainError.invalid(
      'This page of the catalogue does not exist. Open the catalogue again from its first page.',
      { after: value.slice(0, 80) },
    );
  return { publishedAt: m[1]!, id: m[2]! };
}
