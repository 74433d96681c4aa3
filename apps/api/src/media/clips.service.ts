import {
  ClipStatus,
  ErrorCode,
  isStaff,
  type Clip,
  type ClipPlayback,
  type UpdateClipRequest,
  type UploadLimits,
} from '@atelier/contracts';
import { StorageRepository } from '@atelier/storage';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import { SMALL_POSTER_WIDTH } from '../storage/small-images.js';
import { MediaFiles, type ServedFile } from '../storage/media-files.js';
import { ClipRepository, type StoredClip } from './clip.repository.js';
import { MediaAccess } from './media-access.js';
import { UploadStoreRepository } from './upload-store.repository.js';

/** MIME prefixes the upload endpoint accepts (video, audio, still images for title cards). */
export const ACCEPTED_TYPES = ['video/', 'audio/', 'image/'];

export function toPublicClip(c: StoredClip): Clip {
  return {
    id: c.id,
    projectId: c.projectId,
    title: c.title,
    originalFilename: c.originalFilename,
    uploadedBy: c.uploadedBy,
    kind: c.kind,
    status: c.status,
    progress: c.progress,
    failure: c.failure,
    waitingFor: c.waitingFor,
    tags: c.tags,
    sizeBytes: c.sizeBytes,
    durationMs: c.durationMs,
    width: c.width,
    height: c.height,
    originalAvailable: c.originalAvailable,
    createdAt: c.createdAt,
    readyAt: c.readyAt,
  };
}

const dirOf = (key: string): string => key.slice(0, key.lastIndexOf('/') + 1);

/**
 * A project's bin: listing, renaming, tagging, deleting, retrying, and serving a clip's media to
 * the people allowed to see it. Media goes through the API (an authorising proxy with byte
 * ranges), never through a public address: the session decides each request, so an address copied
 * to someone outside the group is useless, and the storage server need not be reachable by phones.
 */
@Injectable()
export class ClipsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: MediaAccess,
    private readonly clips: ClipRepository,
    private readonly storage: StorageRepository,
    private readonly files: MediaFiles,
    private readonly uploads: UploadStoreRepository,
  ) {}

  async limits(who: AuthUser, projectId: string): Promise<UploadLimits> {
    const project = await this.access.project(who, projectId);
    return {
      maxFileBytes: this.config.maxUploadBytes,
      quotaBytes: project.quotaBytes ?? this.config.projectQuotaBytes,
      usedBytes: await this.clips.usedBytes(project.id),
      acceptedTypes: ACCEPTED_TYPES,
    };
  }

  async listBin(who: AuthUser, projectId: string): Promise<Clip[]> {
    const project = await this.access.project(who, projectId);
    return (await this.clips.listForProject(project.id)).map(toPublicClip);
  }

  async get(who: AuthUser, clipId: string): Promise<Clip> {
    return toPublicClip(await this.access.clip(who, clipId));
  }

  async update(who: AuthUser, clipId: string, dto: UpdateClipRequest): Promise<Clip> {
    const clip = await this.access.clip(who, clipId);
    if (!isStaff(who.role)) throw DomainError.forbidden('Only trainers rename and tag clips.');
    await this.clips.update(clip.id, { title: dto.title?.trim(), tags: dto.tags ? [...new Set(dto.tags)] : undefined });
    return this.get(who, clipId);
  }

  /** Staff delete any clip of their organisation; a participant only the clips they uploaded. */
  async delete(who: AuthUser, clipId: string): Promise<void> {
    const clip = await this.access.clip(who, clipId);
    if (!isStaff(who.role) && clip.uploadedById !== who.userId)
      throw DomainError.forbidden('You can delete only the clips you uploaded.');
    if (clip.status === ClipStatus.Uploading) await this.uploads.abort(clip.sourceKey);
    await this.clips.delete(clip.id);
    // The row goes first: a clip never shows in the bin with its files half gone.
    await this.storage.removePrefix(dirOf(clip.sourceKey));
  }

  async retry(who: AuthUser, clipId: string): Promise<Clip> {
    const clip = await this.access.clip(who, clipId);
    if (!isStaff(who.role)) throw DomainError.forbidden('Only trainers can retry processing.');
    if (!(await this.clips.retryFailed(clip.id))) {
      throw new DomainError(
        ErrorCode.ClipNotFailed,
        `This clip is ${clip.status}: only a failed clip can be processed again.`,
      );
    }
    return this.get(who, clipId);
  }

  async playback(who: AuthUser, clipId: string): Promise<ClipPlayback> {
    const clip = await this.access.clip(who, clipId);
    const r = clip.renditions;
    if (clip.status !== ClipStatus.Ready || !r)
      throw new DomainError(ErrorCode.ClipNotReady, 'This clip is not ready to play yet.');
    const url = (key: string | null): string | null =>
      key ? `/api/clips/${clip.id}/media/${key.slice(dirOf(clip.sourceKey).length)}` : null;
    return {
      clipId: clip.id,
      kind: clip.kind,
      hlsUrl: url(r.hlsMasterKey),
      proxyUrl: url(r.proxyKey),
      posterUrl: url(r.posterKey),
      thumbnailStripUrl: url(r.thumbnailStripKey),
      thumbnailCount: r.thumbnailCount,
    };
  }

  /**
   * One of a ready clip's outputs (playlist, segment, proxy, poster, strip), by its path under the
   * clip's folder. Only outputs the worker recorded are served — never the original, which only
   * staff download through `openOriginal`.
   */
  async openOutput(
    who: AuthUser,
    clipId: string,
    path: string,
    range: string | undefined,
    accept?: string,
  ): Promise<ServedFile> {
    const clip = await this.access.clip(who, clipId);
    const r = clip.renditions;
    const key = dirOf(clip.sourceKey) + path;
    const hlsDirs = [r?.hlsMasterKey, ...(r?.variants ?? []).map((v) => v.playlistKey)]
      .filter((k): k is string => !!k)
      .map(dirOf);
    const allowed =
      !!r &&
      !path.split('/').some((s) => s === '..' || s === '.' || s === '') &&
      key !== clip.sourceKey &&
      ([r.proxyKey, r.posterKey, r.thumbnailStripKey, r.hlsMasterKey].includes(key) ||
        hlsDirs.some((d) => d !== dirOf(clip.sourceKey) && key.startsWith(d)));
    if (!allowed) throw DomainError.notFound('This file');
    const cache = { 'Cache-Control': 'private, max-age=300' };
    // Pictures small (WebP where the browser takes it): the poster at a phone's width, the strip as it is.
    if (key === r.posterKey) return this.files.servePicture(key, accept, SMALL_POSTER_WIDTH, cache);
    if (key === r.thumbnailStripKey) return this.files.servePicture(key, accept, null, cache);
    return this.files.serve(key, range, cache);
  }

  /** The file as uploaded (staff only), as an attachment with its original name. */
  async openOriginal(who: AuthUser, clipId: string, range: string | undefined): Promise<ServedFile> {
    const clip = await this.access.clip(who, clipId);
    if (!isStaff(who.role)) throw DomainError.forbidden('Only trainers download originals.');
    // While it is processed the stored original still carries its location, date and phone. (A clip
    // that failed keeps its upload as it came, for a trainer to look into.)
    if (clip.status === ClipStatus.Uploading || clip.status === ClipStatus.Processing) {
      throw new DomainError(
        ErrorCode.ClipNotReady,
        'The original can be downloaded once the clip is ready: its location, date and phone details are removed first.',
      );
    }
    if (!clip.originalAvailable)
      throw new DomainError(
        ErrorCode.OriginalNotKept,
        'Your organisation does not keep originals: only the processed clip exists.',
      );
    const name = clip.originalFilename.replace(/[^\p{L}\p{N} ._-]/gu, '_') || 'clip';
    return this.files.serve(clip.sourceKey, range, {
      'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'private, no-store',
    });
  }
}
