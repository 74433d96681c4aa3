import { ClipFailure, ClipStatus, JobName, type JobOutcome, type JobPayloads } from '@atelier/contracts';
import { classify, FAILURE_MESSAGES, MediaRepository } from '@atelier/media';
import { JobsRepository, type Delivery } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { ClipsRepository } from './clips.repository.js';

/**
 * First step after an upload: fetch the source, ffprobe it, and either record what it is and hand
 * it to `transcode-clip`, or fail the clip for good with a reason the uploader can act on.
 */
@Injectable()
export class ProbeClipHandler {
  constructor(
    private readonly clips: ClipsRepository,
    private readonly storage: StorageRepository,
    private readonly media: MediaRepository,
    private readonly jobs: JobsRepository,
  ) {}

  async handle({ clipId }: JobPayloads[JobName.ProbeClip], delivery: Delivery): Promise<JobOutcome<JobName.ProbeClip>> {
    const clip = await this.clips.find(clipId);
    if (!clip) return { status: 'failed', reason: `clip ${clipId} no longer exists`, retry: false };
    if (clip.status !== ClipStatus.Processing) {
      // Deleted, already failed, or already processed by an earlier delivery of this job.
      return { status: 'done', result: { clipId, kind: clip.kind, failure: null } };
    }
    const failFor = async (failure: ClipFailure): Promise<JobOutcome<JobName.ProbeClip>> => {
      await this.clips.markFailed(clipId, failure, FAILURE_MESSAGES[failure]);
      return { status: 'failed', reason: `${failure}: ${FAILURE_MESSAGES[failure]}`, retry: false };
    };
    const dir = await this.media.makeScratch('probe');
    try {
      if (!(await this.storage.stat(clip.sourceKey))) return await failFor(ClipFailure.Empty);
      const file = join(dir, 'source');
      await this.storage.download(clip.sourceKey, file);
      const verdict = classify(await this.media.sizeOf(file), await this.media.probe(file));
      if (!verdict.ok) return await failFor(verdict.failure);
      await this.clips.recordProbe(clipId, { kind: verdict.kind, info: verdict.info });
      await this.jobs.enqueue(JobName.TranscodeClip, { clipId });
      return { status: 'done', result: { clipId, kind: verdict.kind, failure: null } };
    } catch (e) {
      // Storage or database trouble: worth retrying, unless this was the last attempt.
      const reason = e instanceof Error ? e.message : String(e);
      if (delivery.lastAttempt) {
        await this.clips.markFailed(clipId, ClipFailure.ProcessingError, FAILURE_MESSAGES[ClipFailure.ProcessingError]);
        return { status: 'failed', reason: `gave up after retries: ${reason}`, retry: false };
      }
      return { status: 'failed', reason, retry: true };
    } finally {
      await this.media.removeScratch(dir);
    }
  }
}
