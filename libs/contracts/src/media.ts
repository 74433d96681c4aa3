/**
 * Groups, media projects and clips (video courses). Shared by the API (uploads, bins, players),
 * the worker (probe / transcode) and the web client.
 */
import type { RenderProgressEvent } from './timeline.js';

/** What a clip is, decided by the probe (not by the file name). */
export enum ClipKind {
  Video = 'video',
  Audio = 'audio',
  Image = 'image',
}

/**
 * A clip's life: `uploading` while bytes arrive (resumable), `processing` once the upload is
 * complete and the probe/transcode jobs run, then `ready` or `failed` (with a reason).
 */
export enum ClipStatus {
  Uploading = 'uploading',
  Processing = 'processing',
  Ready = 'ready',
  Failed = 'failed',
}

/** Stable reasons a clip failed; the web client translates them into something a person can act on. */
export enum ClipFailure {
  /** The file is not audio, video or an image ("this file is not a video"). */
  NotMedia = 'not_media',
  /** Zero bytes arrived. */
  Empty = 'empty',
  /** The container is cut off ("the file is cut off — upload it again"). */
  Truncated = 'truncated',
  /** ffmpeg could not decode the streams. */
  Undecodable = 'undecodable',
  /** Retries ran out on a transient failure (storage, worker); a trainer can retry. */
  ProcessingError = 'processing_error',
  /** The job stopped for good without an answer (the worker died or ran out of time on its last try); a trainer can retry. */
  Interrupted = 'interrupted',
}

export enum ClipTag {
  Scene = 'scene',
  Interview = 'interview',
  BRoll = 'b_roll',
}

/** A variant of the HLS ladder (no higher than the source). */
export interface HlsVariant {
  height: number;
  width: number;
  bandwidth: number;
  /** Object key of the variant's playlist. */
  playlistKey: string;
}

/** Where the worker wrote a ready clip's outputs (all under `clips/<clipId>/`). */
export interface ClipRenditions {
  /** H.264/AAC faststart MP4 (video) or AAC in MP4 (audio); null for images. */
  proxyKey: string | null;
  /** HLS master playlist; null for images. */
  hlsMasterKey: string | null;
  variants: HlsVariant[];
  /** JPEG poster (video: a frame; audio: the waveform image; image: a scaled copy). */
  posterKey: string;
  /** A horizontal strip of thumbnails (video only). */
  thumbnailStripKey: string | null;
  thumbnailCount: number;
}

export interface MediaGroup {
  id: string;
  organisationId: string;
  /** The video course the group belongs to, or null for a project outside a course. */
  programmeId: string | null;
  name: string;
  /** Each group has exactly one media project. */
  projectId: string;
  members: { participantId: string; displayName: string }[];
  createdAt: string;
}

export interface MediaProject {
  id: string;
  groupId: string;
  title: string;
  /** Bytes allowed in this project's bin (originals + uploads in progress). */
  quotaBytes: number;
  usedBytes: number;
}

export interface Clip {
  id: string;
  projectId: string;
  title: string;
  originalFilename: string;
  /** Who uploaded it (participants may delete their own clips). */
  uploadedBy: { id: string; displayName: string };
  kind: ClipKind | null;
  status: ClipStatus;
  /** 0–100 while processing. */
  progress: number;
  failure: { code: ClipFailure; message: string } | null;
  /**
   * 'storage' while its processing waits for the object store to come back (progress kept, not
   * reset); null otherwise. Stored on the clip, so a reload or another API node shows it too.
   */
  waitingFor: 'storage' | null;
  tags: ClipTag[];
  sizeBytes: number;
  durationMs: number | null;
  width: number | null;
  height: number | null;
  /** False when the organisation does not keep originals (or after it was removed). */
  originalAvailable: boolean;
  createdAt: string;
  readyAt: string | null;
}

/** Limits shown before an upload starts and enforced when it is declared. */
export interface UploadLimits {
  maxFileBytes: number;
  quotaBytes: number;
  usedBytes: number;
  /** MIME type prefixes accepted by the upload endpoint (`video/`, `audio/`, `image/`). */
  acceptedTypes: string[];
}

/** Socket events about clips, sent to the room `project:<projectId>`. */
export interface ClipProgressEvent {
  clipId: string;
  projectId: string;
  status: ClipStatus;
  progress: number;
  /** Set while the work waits for a service to come back (storage unreachable); progress is kept, not reset. */
  waitingFor?: 'storage';
}

/**
 * PostgreSQL NOTIFY channel on which the worker announces clip changes (payload: a
 * `ClipProgressEvent` as JSON). Every API node LISTENs and emits to its own sockets, so the
 * worker never needs socket.io.
 */
export const CLIP_EVENTS_CHANNEL = 'atelier_clip_events';

export interface CreateMediaGroupRequest {
  name: string;
  /** A video course of the organisation; omit for a project outside a course. */
  programmeId?: string | null;
}

export interface UpdateMediaGroupRequest {
  name: string;
}

export interface AddGroupMemberRequest {
  participantId: string;
}

export interface UpdateClipRequest {
  title?: string;
  tags?: ClipTag[];
}

/**
 * Where a ready clip can be played from. Every address is an authorising route of the API (the
 * session decides), so none of them works for someone outside the group or organisation.
 */
export interface ClipPlayback {
  clipId: string;
  kind: ClipKind | null;
  /** HLS master playlist (its variant and segment addresses are authorised the same way). */
  hlsUrl: string | null;
  /** The MP4 (or AAC) proxy, with byte ranges, for browsers without Media Source Extensions. */
  proxyUrl: string | null;
  posterUrl: string | null;
  thumbnailStripUrl: string | null;
  thumbnailCount: number;
}

/** Metadata a resumable (tus) upload must declare; checked before the first byte is accepted. */
export interface ClipUploadMetadata {
  projectId: string;
  filename: string;
  filetype: string;
}

/** Socket event names of the media gateway (room `project:<projectId>`). */
export const CLIP_SOCKET_EVENTS = {
  join: 'clips:join',
  leave: 'clips:leave',
  progress: 'clips:progress',
  /** A render of the project changed status or progress (`RenderProgressEvent`). */
  renderProgress: 'render:progress',
} as const;

/** Events the `/clips` namespace sends to a browser. */
export type ClipServerEvents = {
  'clips:progress': (e: ClipProgressEvent) => void;
  'render:progress': (e: RenderProgressEvent) => void;
};

/** Events a browser sends on `/clips`; each is answered with an acknowledgement. */
export type ClipClientEvents = {
  'clips:join': (
    body: { projectId: string },
    ack: (res: { ok: true; projectId: string } | { ok: false; error: { code: string; message: string } }) => void,
  ) => void;
  'clips:leave': (body: { projectId: string }, ack: (res: { ok: true; projectId: string }) => void) => void;
};
