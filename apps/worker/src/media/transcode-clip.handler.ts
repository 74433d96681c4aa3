import { APP_CONFIG, type AppConfig } from '@atelier/config';
import {
  ClipFailure,
  ClipStatus,
  type ClipRenditions,
  JobName,
  type JobOutcome,
  type JobPayloads,
} from '@atelier/contracts';
import {
  FAILURE_MESSAGES,
  MediaRepository,
  parseProbe,
  percentOf,
  planOriginalRemux,
  planTranscode,
  ProgressThrottle,
  type TranscodePlan,
} from '@atelier/media';
import type { Delivery } from '@atelier/queue';
import { isDatabaseUnavailable } from '@atelier/database';
import { retryWhileStorageUnavailable, StorageRepository } from '@atelier/storage';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { join } from 'node:path';
import { contentTypeOf, hlsPrefix, outputKey, sourceObjects } from './clip-keys.js';
import { type ClipForProcessing, ClipsRepository } from './clips.repository.js';

/** ffmpeg must reach this share of the probed duration, or the source was cut off. */
const COMPLETE_ENOUGH = 0.9;
/** At most two progress events a second. */
const PROGRESS_INTERVAL_MS = 500;
/** How often a running transcode checks that its clip was not deleted meanwhile (then ffmpeg is killed). */
const DELETED_CHECK_MS = 2000;
const UPLOAD_PARALLELISM = 4;

/**
 * The one ffmpeg invocation (proxy + HLS ladder + poster + thumbnail strip, or AAC + waveform, or a
 * scaled poster), its outputs uploaded under `clips/<clipId>/`, then the clip is `ready`.
 * Running it again for the same clip overwrites the same keys.
 */
@Injectable()
export class TranscodeClipHandler {
  private readonly logger = new Logger(TranscodeClipHandler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clips: ClipsRepository,
    private readonly storage: StorageRepository,
    private readonly media: MediaRepository,
  ) {}

  async handle(
    { clipId }: JobPayloads[JobName.TranscodeClip],
    delivery: Delivery,
  ): Promise<JobOutcome<JobName.TranscodeClip>> {
    const clip = await this.clips.find(clipId);
    if (!clip) return { status: 'failed', reason: `clip ${clipId} no longer exists`, retry: false };
    if (clip.status !== ClipStatus.Processing && clip.status !== ClipStatus.Ready) {
      return { status: 'failed', reason: `clip ${clipId} is ${clip.status}, not processing`, retry: false };
    }
    if (!clip.kind || !clip.probe) return { status: 'failed', reason: `clip ${clipId} was not probed`, retry: false };
    if (!clip.originalKept) {
      // A finished clip whose original was already removed (an earlier delivery got that far).
      if (clip.status === ClipStatus.Ready) {
        await this.storage.removeMany(sourceObjects(clip.sourceKey));
        return { status: 'done', result: { clipId, outputs: 0 } };
      }
      return { status: 'failed', reason: `the original of clip ${clipId} was deleted`, retry: false };
    }

    const dir = await this.media.makeScratch('transcode');
    try {
      const source = join(dir, 'source');
      await this.patiently(clipId, delivery.signal, () => this.storage.download(clip.sourceKey, source));
      const plan = planTranscode(clip.kind, clip.probe, {
        input: source,
        outDir: join(dir, 'out'),
        preset: this.config.x264Preset,
      });
      const deleted = new AbortController();
      const outcome = await this.whileProcessing(clipId, deleted, () =>
        this.runWithProgress(clipId, plan, AbortSignal.any([delivery.signal, deleted.signal])),
      );
      if (deleted.signal.aborted)
        return {
          status: 'failed',
          reason: `clip ${clipId} was deleted during its transcode; ffmpeg stopped`,
          retry: false,
        };
      if (!outcome.ok) {
        if (outcome.permanent) return await this.fail(clipId, ClipFailure.Undecodable, outcome.message);
        if (delivery.signal.aborted)
          return { status: 'failed', reason: `lost the job: ${outcome.message}`, retry: true };
        throw new Error(outcome.message);
      }
      if (plan.durationSeconds !== null && outcome.reachedSeconds < plan.durationSeconds * COMPLETE_ENOUGH) {
        return await this.fail(
          clipId,
          ClipFailure.Truncated,
          `ffmpeg read ${outcome.reachedSeconds.toFixed(1)} s of ${plan.durationSeconds.toFixed(1)} s`,
        );
      }
      const outputs = await this.upload(clipId, plan, join(dir, 'out'), delivery.signal);
      const keepOriginal =
        clip.keepOriginals && (await this.replaceOriginalWithoutMetadata(clip, source, dir, delivery.signal));
      await this.clips.markReady(clipId, renditionsOf(clipId, plan), keepOriginal);
      if (!keepOriginal)
        await this.patiently(clipId, delivery.signal, () => this.storage.removeMany(sourceObjects(clip.sourceKey)));
      return { status: 'done', result: { clipId, outputs } };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (delivery.lastAttempt && clip.status === ClipStatus.Processing) {
        return await this.fail(clipId, ClipFailure.ProcessingError, `gave up after retries: ${reason}`);
      }
      return { status: 'failed', reason, retry: true };
    } finally {
      await this.media.removeScratch(dir);
    }
  }

  /**
   * A kept original must not carry where and when it was filmed, or on which phone: for refugees'
   * footage that is a safety matter. Rewrites it by stream copy without metadata (rotation kept,
   * checked by probing the result) and stores it over the upload. When that cannot be done, the
   * original is not kept (false) rather than kept with its metadata.
   */
  private async replaceOriginalWithoutMetadata(
    clip: ClipForProcessing,
    source: string,
    dir: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    const stripped = join(dir, 'original');
    const args = planOriginalRemux(clip.kind!, clip.probe!, source, stripped);
    if (!args) return false; // pictures: their EXIF is inside the JPEG data; the processed copy is what stays
    const done = await this.media.remux(args, signal);
    if (!done.ok) {
      this.logger.warn(
        `clip ${clip.id}: could not remove the original's metadata, the original is not kept: ${done.message}`,
      );
      return false;
    }
    const probed = await this.media.probe(stripped);
    const rotation = 'output' in probed ? (parseProbe(probed.output).video?.rotation ?? 0) : null;
    if (rotation !== (clip.probe!.video?.rotation ?? 0)) {
      this.logger.warn(
        `clip ${clip.id}: the original lost its rotation without metadata (${String(rotation)}), the original is not kept`,
      );
      return false;
    }
    const type = (await this.storage.stat(clip.sourceKey))?.contentType;
    await this.storage.putFile(clip.sourceKey, stripped, type);
    return true;
  }

  private async fail(clipId: string, failure: ClipFailure, detail: string): Promise<JobOutcome<JobName.TranscodeClip>> {
    await this.clips.markFailed(clipId, failure, FAILURE_MESSAGES[failure]);
    return { status: 'failed', reason: `${failure}: ${detail}`, retry: false };
  }

  /**
   * Runs `work` while checking every few seconds that the clip still exists and is processing; when a
   * person deleted it, `deleted` is aborted, which kills ffmpeg (its outputs would have nowhere to go).
   */
  private async whileProcessing<T>(clipId: string, deleted: AbortController, work: () => Promise<T>): Promise<T> {
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return;
      checking = true;
      this.clips.isProcessing(clipId).then(
        (processing) => {
          checking = false;
          if (!processing) deleted.abort();
        },
        () => (checking = false), // the database is away for a moment: check again next time
      );
    }, DELETED_CHECK_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Runs ffmpeg, writing its progress (throttled) to the clip, which announces it. */
  private async runWithProgress(clipId: string, plan: TranscodePlan, signal: AbortSignal) {
    const throttle = new ProgressThrottle(PROGRESS_INTERVAL_MS);
    throttle.offer(0);
    let writes: Promise<unknown> = this.clips.setProgress(clipId, 0);
    let writeError: unknown = null;
    const outcome = await this.media.transcode(
      plan,
      (seconds) => {
        const percent = percentOf(seconds, plan.durationSeconds);
        if (!throttle.offer(percent)) return;
        // Writes are chained (never two at once, never out of order) and awaited below.
        // A progress write that meets PostgreSQL restarting is skipped (the next one catches up): the
        // transcode itself must not start over for it.
        writes = writes
          .then(() => this.clips.setProgress(clipId, percent))
          .catch((e: unknown) => {
            if (!isDatabaseUnavailable(e)) writeError = e;
          });
      },
      signal,
    );
    await writes;
    if (writeError)
      throw writeError instanceof Error ? writeError : new Error('a progress write failed', { cause: writeError });
    return outcome;
  }

  /** Uploads every output (a few at a time) and removes HLS files an earlier run left that this run did not make. */
  private async upload(clipId: string, plan: TranscodePlan, outDir: string, signal: AbortSignal): Promise<number> {
    const patiently = <T>(call: () => Promise<T>): Promise<T> => this.patiently(clipId, signal, call);
    const files = await this.media.listFiles(outDir);
    const expected = [
      plan.files.proxy,
      plan.files.hlsMaster,
      plan.files.poster,
      plan.files.thumbnailStrip,
      ...plan.files.variants.map((v) => v.playlist),
    ].filter((f): f is string => f !== null);
    const missing = expected.filter((f) => !files.some((x) => x.path === f && x.size > 0));
    if (missing.length) throw new Error(`ffmpeg finished without writing ${missing.join(', ')}`);
    const queue = [...files];
    await Promise.all(
      Array.from({ length: UPLOAD_PARALLELISM }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          const file = f;
          await patiently(() =>
            this.storage.putFile(outputKey(clipId, file.path), join(outDir, file.path), contentTypeOf(file.path)),
          );
        }
      }),
    );
    const written = new Set(files.map((f) => outputKey(clipId, f.path)));
    const stale = (await patiently(() => this.storage.list(hlsPrefix(clipId))))
      .map((o) => o.key)
      .filter((k) => !written.has(k));
    await patiently(() => this.storage.removeMany(stale));
    return files.length;
  }

  /**
   * A storage call that waits out a storage outage (minutes) instead of failing the job, while the
   * clip's viewers are told it waits for storage; its progress stays where it was.
   */
  private patiently<T>(clipId: string, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
    const onWaiting = (waiting: boolean): void =>
      void this.clips.announceWaiting(clipId, waiting).catch(() => undefined);
    return retryWhileStorageUnavailable(call, { signal, onWaiting });
  }
}

export function renditionsOf(clipId: string, plan: TranscodePlan): ClipRenditions {
  const key = (p: string | null): string | null => (p === null ? null : outputKey(clipId, p));
  return {
    proxyKey: key(plan.files.proxy),
    hlsMasterKey: key(plan.files.hlsMaster),
    variants: plan.files.variants.map((v) => ({
      width: v.rung.width,
      height: v.rung.height,
      bandwidth: v.rung.bandwidth,
      playlistKey: outputKey(clipId, v.playlist),
    })),
    posterKey: outputKey(clipId, plan.files.poster),
    thumbnailStripKey: key(plan.files.thumbnailStrip),
    thumbnailCount: plan.files.thumbnailCount,
  };
}
