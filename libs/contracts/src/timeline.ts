/**
 * A project's timeline (an edit decision list stored as data, with versions) and its server
 * renders. Shared by the API (`projects` context), the worker (`render` job) and the web editor.
 */

/** What a render is scaled to (the picture is letterboxed, never stretched). */
export type RenderTarget = '1080p' | '720p';
export const RENDER_TARGETS: readonly RenderTarget[] = ['1080p', '720p'];

/** A piece of a clip between its in and out points (milliseconds into the clip). */
export interface TimelineClipSegment {
  /** Stable id chosen by the client (a uuid), so edits and history can name a segment. */
  id: string;
  kind: 'clip';
  clipId: string;
  inMs: number;
  outMs: number;
  /** Dip to black (and silence) between the previous segment and this one. */
  fadeIn: boolean;
}

/** Text centred on a colour, or on a still image clip, held for `durationMs`. */
export interface TimelineTitleSegment {
  id: string;
  kind: 'title';
  /** Up to 200 characters; line breaks are kept, long lines are wrapped. Arabic is fine. */
  text: string;
  /** `#rrggbb` background, used when there is no image. */
  colour: string;
  /** An image clip of the project to write the text on, or null for the colour. */
  imageClipId: string | null;
  durationMs: number;
  fadeIn: boolean;
}

/** A still image clip held for `durationMs`. */
export interface TimelineStillSegment {
  id: string;
  kind: 'still';
  clipId: string;
  durationMs: number;
  fadeIn: boolean;
}

export type TimelineSegment = TimelineClipSegment | TimelineTitleSegment | TimelineStillSegment;
export type TimelineSegmentKind = TimelineSegment['kind'];

/** Music or a voice-over: an audio (or video, for its sound) clip mixed under the film. */
export interface TimelineAudioTrack {
  clipId: string;
  inMs: number;
  outMs: number;
  /** Where on the film it starts. */
  startMs: number;
  /** Gain in dB applied before the mix (−30 … +10); the whole film is then loudness-normalised. */
  gainDb: number;
}

/** The edit decision list itself: what a version stores. */
export interface TimelineDocument {
  target: RenderTarget;
  segments: TimelineSegment[];
  music: TimelineAudioTrack | null;
  /** Fade the end of the film to black. */
  fadeOutAtEnd: boolean;
}

/**
 * Problems with a timeline. `error`s are refused when saving (the request is wrong); `flag`s are
 * stored but block a render until fixed (a clip deleted or not ready after it was placed).
 */
export type TimelineIssueCode =
  | 'empty_range'
  | 'out_past_end'
  | 'negative_time'
  | 'too_short'
  | 'too_long'
  | 'wrong_kind'
  | 'text_empty'
  | 'text_too_long'
  | 'bad_colour'
  | 'unknown_clip'
  | 'duplicate_id'
  | 'too_many_segments'
  | 'clip_missing'
  | 'clip_not_ready';

export interface TimelineIssue {
  code: TimelineIssueCode;
  severity: 'error' | 'flag';
  /** Index of the segment in `segments`, or null for the music track / the whole timeline. */
  segmentIndex: number | null;
  segmentId: string | null;
  message: string;
}

export interface TimelineAuthor {
  id: string;
  displayName: string;
}

export interface Timeline {
  projectId: string;
  /** 0 for a project that has never saved a timeline. */
  version: number;
  document: TimelineDocument;
  durationMs: number;
  /** Flags found now (clips deleted or not ready since they were placed). */
  issues: TimelineIssue[];
  updatedAt: string | null;
  updatedBy: TimelineAuthor | null;
}

/** One saved version: who changed what, and when. */
export interface TimelineVersionSummary {
  version: number;
  author: TimelineAuthor;
  createdAt: string;
  /** Machine-readable changes ("added 2 clips") for the client to translate. */
  changes: TimelineChange[];
}

export interface TimelineChange {
  kind: 'added' | 'removed' | 'moved' | 'trimmed' | 'retitled' | 'retimed' | 'fades' | 'music' | 'target';
  segmentKind: TimelineSegmentKind | null;
  count: number;
}

export interface SaveTimelineRequest {
  /** The version this edit started from; a stale one is refused with 409 `timeline_stale`. */
  baseVersion: number;
  document: TimelineDocument;
}

/** A clip of the project as the editor needs it: enough to place, trim and preview it. */
export interface TimelineSource {
  clipId: string;
  title: string;
  kind: 'video' | 'audio' | 'image';
  durationMs: number | null;
  width: number | null;
  height: number | null;
  /** Short-lived URLs (null while the clip is not ready). */
  proxyUrl: string | null;
  posterUrl: string | null;
  thumbnailStripUrl: string | null;
  thumbnailCount: number;
}

export enum RenderStatus {
  Queued = 'queued',
  Rendering = 'rendering',
  Ready = 'ready',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

export interface Render {
  id: string;
  projectId: string;
  timelineVersion: number;
  target: RenderTarget;
  status: RenderStatus;
  /** 0–100 (100 only when ready). */
  progress: number;
  durationMs: number;
  requestedBy: TimelineAuthor;
  failure: string | null;
  /** 'storage' while the render waits for the object store to come back (progress kept); null otherwise. Stored on the render. */
  waitingFor: 'storage' | null;
  /** Where to watch / download it (authorised URLs on the API), when ready. */
  hlsUrl: string | null;
  masterUrl: string | null;
  posterUrl: string | null;
  sizeBytes: number | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface StartRenderRequest {
  /** The timeline version to render (it must be the current one, so nobody renders a stale cut). */
  version: number;
}

/**
 * Socket event `render:progress`, sent to the room `project:<projectId>`. The worker announces it
 * with pg_notify on RENDER_EVENTS_CHANNEL (payload: this object as JSON) on every change of a
 * render's status or progress (≤ 2 per second); an API node LISTENing relays it.
 */
export interface RenderProgressEvent {
  renderId: string;
  projectId: string;
  status: RenderStatus;
  progress: number;
  /** Set while the render waits for the storage to come back; progress is kept, not reset. */
  waitingFor?: 'storage';
}
export const RENDER_EVENTS_CHANNEL = 'atelier_render_events';

/**
 * What a finished render holds for players, relative to its folder: the master MP4, the poster, the
 * HLS master playlist and each rendition's playlist and segments — the video rungs (`720p`…) and the
 * audio-only one (`audio`). The render routes and the watch route serve these paths only.
 */
export const RENDER_MEDIA_PATH =
  /^(master\.mp4|poster\.jpg|hls\/master\.m3u8|hls\/([0-9]{3,4}p|audio)\/(index\.m3u8|seg_[0-9]{5}\.ts))$/;
