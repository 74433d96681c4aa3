/**
 * Documentaries, credits, consent, subtitles and the public catalogue. Shared by the API and the
 * web client (staff publishing screen, participant consent screen, catalogue and watch pages).
 */

/** Who may watch a published documentary, from narrowest to widest. */
export enum Visibility {
  /** Signed-in members of the organisation. */
  Organisation = 'organisation',
  /** Anyone holding the secret link; never listed. */
  Unlisted = 'unlisted',
  /** Anyone; listed in the organisation's catalogue and feed. */
  Public = 'public',
}

/** Narrowest first: a consent to one level covers every level before it. */
export const VISIBILITY_ORDER: readonly Visibility[] = [
  Visibility.Organisation,
  Visibility.Unlisted,
  Visibility.Public,
];

/** How a person is named in the credits. */
export enum CreditName {
  FullName = 'full_name',
  FirstName = 'first_name',
  Pseudonym = 'pseudonym',
  None = 'none',
}

/** What one person accepts for one project. `maxVisibility: null` means they accept no showing at all. */
export interface ConsentChoice {
  appearOnScreen: boolean;
  voice: boolean;
  creditAs: CreditName;
  /** Required when `creditAs` is `pseudonym`, otherwise null. */
  pseudonym: string | null;
  maxVisibility: Visibility | null;
}

/** Consent given on the phone by the person, or on paper and recorded by a trainer. */
export type ConsentSource = 'self' | 'paper';

export interface Consent extends ConsentChoice {
  personId: string;
  projectId: string;
  source: ConsentSource;
  recordedBy: { id: string; displayName: string };
  recordedAt: string;
  /** Paper consent: the date written on the form (YYYY-MM-DD), if given. */
  signedOn: string | null;
  /** Whether a photo of the paper form is stored. */
  hasPaperForm: boolean;
}

export interface ConsentHistoryEntry extends ConsentChoice {
  id: string;
  source: ConsentSource;
  recordedBy: { id: string; displayName: string };
  recordedAt: string;
  signedOn: string | null;
}

/** A trainer recording consent given on paper. */
export interface PaperConsentRequest extends ConsentChoice {
  /** The date on the signed form (YYYY-MM-DD); defaults to today. */
  signedOn?: string | null;
}

/** A person credited in, or appearing in, a project's film. */
export interface Credit {
  personId: string;
  displayName: string;
  /** Listed in the credits (as their consent allows). */
  credited: boolean;
  /** Seen or heard in the film: needs consent to appear on screen and to their voice. */
  appearing: boolean;
  consent: Consent | null;
}

export interface CreditInput {
  personId: string;
  credited: boolean;
  appearing: boolean;
}

/** Why a person keeps a documentary from being published at a visibility. */
export enum ConsentGap {
  /** No consent recorded yet. */
  NoConsent = 'no_consent',
  /** Their consent stops at a narrower visibility (`details.accepts`). */
  Visibility = 'visibility',
  /** Marked appearing but does not accept being on screen. */
  Screen = 'screen',
  /** Marked appearing but does not accept their voice being used. */
  Voice = 'voice',
}

export interface MissingConsent {
  personId: string;
  displayName: string;
  reasons: ConsentGap[];
  /** The widest visibility this person accepts now (null: none). */
  accepts: Visibility | null;
}

export interface Documentary {
  id: string;
  projectId: string;
  title: string;
  description: string;
  /** Spoken language (BCP 47, e.g. `fr`, `ar`, `ti`). */
  language: string;
  /** The ready clip of the project used as the film (a finished edit uploaded by the trainer). */
  videoClipId: string | null;
  /** Or the ready render of the project's timeline used as the film (never both). */
  renderId: string | null;
  durationMs: number | null;
  visibility: Visibility;
  published: boolean;
  publishedAt: string | null;
  /** The secret part of the unlisted link (staff only). */
  unlistedToken: string;
  updatedAt: string;
  /** When the film was last chosen or replaced (null: unknown, or no film yet). */
  filmChangedAt: string | null;
}

export interface DocumentaryInput {
  title: string;
  description: string;
  language: string;
  /** The film: a ready video clip of the project… */
  videoClipId: string | null;
  /** …or a ready render of its timeline (at most one of the two; absent means none). */
  renderId?: string | null;
}

export interface PublishRequest {
  visibility: Visibility;
}

export interface SubtitleTrack {
  language: string;
  label: string;
  cueCount: number;
  uploadedAt: string;
}

/** Something trainers must know about a documentary (a withdrawal lowered or stopped it). */
export interface DocumentaryNotice {
  id: string;
  kind: 'unpublished' | 'visibility_lowered';
  /** Who changed their consent (or whose credit changed). */
  person: { id: string; displayName: string } | null;
  from: Visibility;
  /** null: unpublished. */
  to: Visibility | null;
  reasons: ConsentGap[];
  createdAt: string;
  readAt: string | null;
}

/** A ready video clip of the project a trainer can choose as the film. */
export interface VideoCandidate {
  clipId: string;
  title: string;
  originalFilename: string;
  durationMs: number | null;
}

/** A ready render of the project's timeline a trainer can choose as the film. */
export interface RenderCandidate {
  renderId: string;
  timelineVersion: number;
  durationMs: number;
  finishedAt: string;
}

/** Everything the staff publishing screen shows for one project. */
export interface PublishingOverview {
  project: { id: string; title: string; groupName: string };
  documentary: Documentary | null;
  candidates: VideoCandidate[];
  /** Ready renders of the timeline, newest first. */
  renderCandidates: RenderCandidate[];
  credits: Credit[];
  /** People of the organisation a trainer may add to the credits. */
  people: Array<{ id: string; displayName: string; inGroup: boolean }>;
  subtitles: SubtitleTrack[];
  notices: DocumentaryNotice[];
  /** Who is missing consent for each visibility (empty: publishing there is allowed). */
  blockers: Record<Visibility, MissingConsent[]>;
  /** Links for sharing once published. */
  links: { watch: string; unlisted: string; embed: string; catalogue: string } | null;
}

export interface PublishingProjectSummary {
  projectId: string;
  title: string;
  groupName: string;
  documentaryTitle: string | null;
  published: boolean;
  visibility: Visibility | null;
  creditCount: number;
  consentedCount: number;
  unreadNotices: number;
}

/** A participant's own consent for one project they are credited in. */
export interface MyConsent {
  projectId: string;
  projectTitle: string;
  documentaryTitle: string | null;
  credited: boolean;
  appearing: boolean;
  /** How each credit option would show their name. */
  names: { fullName: string; firstName: string };
  consent: Consent | null;
  /** The film this consent is about, to watch before answering (null until a trainer chose one). */
  film: { watchUrl: string } | null;
  /** The film was set or replaced after this person answered: they are asked to watch it again. */
  filmChangedSinceAnswer: boolean;
}

/** A person as the public credits show them (never a name they did not allow). */
export interface PublicCredit {
  name: string;
}

export interface PublicDocumentary {
  id: string;
  title: string;
  description: string;
  language: string;
  durationMs: number | null;
  publishedAt: string;
  visibility: Visibility;
  /** False only for those who may watch before publication: the staff and the people credited. */
  published: boolean;
  organisation: { name: string; slug: string };
  credits: PublicCredit[];
  /** The poster; answered as a small WebP when the browser accepts it. */
  posterUrl: string | null;
  hlsUrl: string | null;
  /**
   * The audio-only HLS rendition ("sound only", AAC 64 kb/s) of a rendered film; only in the watch
   * answer (null in catalogue listings, and for films without one: uploaded edits, older renders).
   */
  audioOnlyUrl: string | null;
  /** `sound` when the request said `Save-Data: on` and the film has sound only: the player starts with it. */
  startWith: 'video' | 'sound';
  mp4Url: string | null;
  subtitles: Array<{ language: string; label: string; url: string }>;
  watchUrl: string;
  embedUrl: string;
}

export interface Catalogue {
  organisation: { name: string; slug: string };
  feedUrl: string;
  /** Newest first, at most CATALOGUE_PAGE_SIZE. */
  documentaries: PublicDocumentary[];
  /** Pass as `?after=` for the next, older films; null on the last page. */
  nextCursor: string | null;
}

/** Films per catalogue page: a phone on prepaid data loads a screenful of posters, then asks for more. */
export const CATALOGUE_PAGE_SIZE = 24;
/** Films in the Atom feed (the newest). */
export const CATALOGUE_FEED_SIZE = 50;

/** Limits of the paper-consent photo and subtitle uploads. */
export const PAPER_FORM_MAX_BYTES = 10 * 1024 * 1024;
export const PAPER_FORM_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const SUBTITLE_MAX_BYTES = 1024 * 1024;
