import { ClipStatus, ErrorCode, isStaff, type ClipProgressEvent } from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import { ClipRepository, type StoredClip } from './clip.repository.js';
import { ACCEPTED_TYPES } from './clips.service.js';
import { MediaAccess } from './media-access.js';
import { UploadStoreRepository } from './upload-store.repository.js';

/** The object key of a clip's uploaded file; the tus upload id is this key. */
export const sourceKeyOf = (clipId: string): string => `clips/${clipId}/source`;

/** File name endings accepted when a phone declares no type (some Android browsers send none for .mkv, .3gp…). */
const KNOWN_EXTENSIONS =
  /\.(mp4|m4v|mov|mkv|webm|3gp|3g2|avi|mts|m2ts|mpg|mpeg|ogv|mp3|m4a|aac|wav|ogg|oga|opus|flac|amr|jpg|jpeg|png|gif|webp|heic|heif)$/i;

const MB = 1024 * 1024;

/** Sizes as people read them: "2 GB", "350 MB", "12 KB". */
export function humanBytes(n: number): string {
  if (n >= 1024 * MB) return `${(n / (1024 * MB)).toFixed(n % (1024 * MB) === 0 ? 0 : 1)} GB`;
  if (n >= MB) return `${Math.ceil(n / MB)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}

/**
 * The rules of resumable clip uploads (the tus endpoint calls these). An upload is declared with
 * its size and type before the first byte: it is refused at once, with the limit and by how much,
 * or recorded as an `uploading` clip. The quota counts what is stored (an upload in progress: the
 * bytes it received), and every chunk is checked against it as it arrives. Only the uploader
 * (or staff of the organisation) may continue, inspect or cancel it.
 */
@Injectable()
export class UploadsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: MediaAccess,
    private readonly clips: ClipRepository,
    private readonly uploads: UploadStoreRepository,
  ) {}

  async declare(
    who: AuthUser,
    clipId: string,
    size: number | undefined,
    metadata: Record<string, string | null | undefined>,
  ): Promise<void> {
    const projectId = metadata['projectId'] ?? '';
    if (!/^[0-9a-f-]{36}$/i.test(projectId))
      throw DomainError.invalid('Choose the group whose bin the clip goes into (projectId is missing).');
    const project = await this.access.project(who, projectId);
    const filename = (metadata['filename'] ?? '').trim().slice(0, 255) || 'clip';
    const type = (metadata['filetype'] ?? '').trim().toLowerCase();
    if (size === undefined) {
      throw new DomainError(ErrorCode.UploadLengthRequired, 'The size of the file must be known before it is sent.');
    }
    const accepted = type ? ACCEPTED_TYPES.some((p) => type.startsWith(p)) : KNOWN_EXTENSIONS.test(filename);
    if (!accepted) {
      throw new DomainError(
        ErrorCode.UnsupportedMediaType,
        `"${filename}" is not a video, a sound or a picture${type ? ` (it is ${type})` : ''}. Choose a video, audio or image file.`,
        {
          filename,
          type,
          acceptedTypes: ACCEPTED_TYPES,
        },
      );
    }
    if (size === 0) {
      throw new DomainError(
        ErrorCode.UploadEmpty,
        `"${filename}" is empty (0 bytes): the phone may not have finished saving it. Open it on the phone to check that it plays, then choose it again.`,
        {
          filename,
          sizeBytes: 0,
        },
      );
    }
    const max = this.config.maxUploadBytes;
    if (size > max) {
      throw new DomainError(
        ErrorCode.UploadTooLarge,
        `"${filename}" is ${humanBytes(size)}: that is ${humanBytes(size - max)} over the ${humanBytes(max)} allowed for one file.`,
        {
          filename,
          sizeBytes: size,
          maxFileBytes: max,
          overBytes: size - max,
        },
      );
    }
    const quota = project.quotaBytes ?? this.config.projectQuotaBytes;
    const { inserted, usedBytes } = await this.clips.insertWithinQuota(
      {
        id: clipId,
        organisationId: who.organisationId,
        projectId: project.id,
        uploadedBy: who.userId,
        title: filename.replace(/\.[^.]{1,5}$/, ''),
        originalFilename: filename,
        declaredType: type,
        sizeBytes: size,
        uploadId: clipId,
        sourceKey: sourceKeyOf(clipId),
      },
      quota,
      await this.clips.keepsOriginals(who.organisationId),
    );
    if (!inserted) {
      const over = usedBytes + size - quota;
      throw new DomainError(
        ErrorCode.QuotaExceeded,
        `"${filename}" (${humanBytes(size)}) does not fit in this group's space: ${humanBytes(Math.max(0, quota - usedBytes))} of ${humanBytes(quota)} is free, it is ${humanBytes(over)} too big. Delete clips you no longer need, or ask your trainer for more space.`,
        { filename, sizeBytes: size, quotaBytes: quota, usedBytes, overBytes: over },
      );
    }
  }

  /**
   * The upload's creation failed after `declare` recorded its clip (storage or the lock unreachable):
   * the client will create another one, so this row would be a phantom holding quota. Remove it now.
   */
  abandon(clipId: string): Promise<boolean> {
    return this.clips.deleteUnstartedUpload(clipId);
  }

  /** Continuing, inspecting or cancelling an upload: its uploader, or staff of its organisation. */
  async authorise(who: AuthUser, clipId: string): Promise<StoredClip> {
    const clip = await this.access.clip(who, clipId);
    if (clip.uploadedById !== who.userId && !isStaff(who.role)) throw DomainError.notFound('This upload');
    return clip;
  }

  /**
   * A chunk arrives (PATCH at `offset`, `length` bytes when the client says): the bytes before it are
   * stored, so they are recorded; the chunk is refused when the group's stored bytes with it would go
   * over the quota (uploads declared side by side, each fitting alone, cannot both fill it).
   */
  async received(clip: StoredClip, offset: number, length: number | null): Promise<void> {
    await this.clips.recordReceived(clip.id, offset);
    const project = await this.clips.findProject(clip.organisationId, clip.projectId);
    const quota = project?.quotaBytes ?? this.config.projectQuotaBytes;
    const mine = Math.min(clip.sizeBytes, offset + (length ?? clip.sizeBytes));
    const others = await this.clips.usedBytes(clip.projectId, clip.id);
    if (others + mine <= quota) return;
    const over = others + mine - quota;
    throw new DomainError(
      ErrorCode.QuotaExceeded,
      `"${clip.originalFilename}" no longer fits in this group's space: other clips took it while it was being sent (${humanBytes(Math.max(0, quota - others))} of ${humanBytes(quota)} is free, it is ${humanBytes(over)} too big). Delete clips you no longer need, or ask your trainer for more space.`,
      {
        filename: clip.originalFilename,
        sizeBytes: clip.sizeBytes,
        quotaBytes: quota,
        usedBytes: others,
        overBytes: over,
      },
    );
  }

  /** The last byte arrived: the clip is `processing` and its probe job queued (one transaction). */
  finished(clipId: string): Promise<ClipProgressEvent | null> {
    return this.clips.markUploadedAndEnqueueProbe(clipId);
  }

  /**
   * A client asks where an upload stands (after a drop, or a closed browser). If every byte is in
   * S3 but the clip was never marked uploaded (the node died between the two), finish it now.
   */
  async resume(clip: StoredClip): Promise<void> {
    if (clip.status !== ClipStatus.Uploading) return;
    const progress = await this.uploads.progress(clip.sourceKey);
    if (progress && progress.size !== undefined && progress.offset === progress.size) await this.finished(clip.id);
  }
}
