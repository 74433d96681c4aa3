import { APP_CONFIG, type AppConfig } from '@atelier/config';
import { JobName, RenderStatus, type JobOutcome, type JobPayloads } from '@atelier/contracts';
import {
  executeRenderPlan,
  MediaRepository,
  planRender,
  ProgressThrottle,
  referencedClipIds,
  RenderPlanError,
  RenderRepository,
  type MediaInfo,
  type RenderPlan,
} from '@atelier/media';
import type { Delivery } from '@atelier/queue';
import { retryWhileStorageUnavailable, StorageRepository } from '@atelier/storage';
import { Inject, Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { contentTypeOf } from '../media/clip-keys.js';
import { RenderSegmentCache } from './render-segment-cache.js';
import { RendersRepository, type RenderClip } from './renders.repository.js';

/** Everything a render writes sits under this prefix, at fixed names: running it again overwrites the same keys. */
export const renderPrefix = (renderId: string): string => `renders/${renderId}/`;
const PROGRESS_INTERVAL_MS = 500;
/** How often a running render looks whether someone cancelled it (progress writes notice it too). */
const CANCEL_POLL_MS = 2000;
const UPLOAD_PARALLELISM = 4;

/** The file a render reads for a clip: the original when it was kept (best quality), else the proxy. */
export function renderSourceOf(clip: RenderClip): { key: string; info: MediaInfo } | null {
  if (clip.status !== 'ready' || !clip.probe) return null;
  if (clip.originalKept) return { key: clip.sourceKey, info: clip.probe };
  const r = clip.renditions;
  if (!r) return null;
  if (clip.kind === 'image') return { key: r.posterKey, info: clip.probe };
  if (!r.proxyKey) return null;
  // The proxy is upright already (rotation applied) and has sound exactly when the original had.
  const video = clip.probe.video && { ...clip.probe.video, rotation: 0 };
  return { key: r.proxyKey, info: { ...clip.probe, video } };
}

/**
 * The `render` job: the saved timeline version → master MP4 + HLS ladder + poster under
 * `renders/<renderId>/`, with progress announced (≤ 2/s) and cancellation honoured within about
 * two seconds (ffmpeg killed, scratch removed, partial outputs deleted).
 */
@Injectable()
export class RenderHandler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renders: RendersRepository,
    private readonly storage: StorageRepository,
    private readonly media: MediaRepository,
    private readonly ffmpeg: RenderRepository,
    private readonly segmentCache: RenderSegmentCache,
  ) {}

  async handle({ renderId }: JobPayloads[JobName.Render], delivery: Delivery): Promise<JobOutcome<JobName.Render>> {
    const render = await this.renders.find(renderId);
    if (!render) return { status: 'failed', reason: `render ${renderId} no longer exists`, retry: false };
    if (
      render.status === RenderStatus.Ready ||
      render.status === RenderStatus.Cancelled ||
      render.status === RenderStatus.Failed
    ) {
      // An earlier delivery finished it, or someone cancelled it before it started.
      return { status: 'done', result: { renderId, status: render.status, outputs: 0 } };
    }
    if (!(await this.renders.start(renderId)))
      return { status: 'done', result: { renderId, status: RenderStatus.Cancelled, outputs: 0 } };

    const ids = referencedClipIds(render.document);
    const clips = new Map((await this.renders.clips(render.projectId, ids)).map((c) => [c.id, c]));
    const sources = new Map<string, { key: string; info: MediaInfo }>();
    for (const id of ids) {
      const c = clips.get(id);
      const source = c ? renderSourceOf(c) : null;
      if (!source)
        return this.fail(
          renderId,
          `A clip of the timeline was deleted or is not ready (${id}). Fix the timeline and render again.`,
        );
      sources.set(id, source);
    }

    const dir = await this.media.makeScratch('render');
    const stop = new AbortController();
    const lost = (): void => stop.abort();
    delivery.signal.addEventListener('abort', lost, { once: true });
    let cancelled = false;
    const cancel = (): void => {
      cancelled = true;
      stop.abort();
    };
    const poll = setInterval(() => {
      this.renders.isRendering(renderId).then(
        (yes) => !yes && cancel(),
        () => undefined,
      );
    }, CANCEL_POLL_MS);
    try {
      let plan: RenderPlan;
      try {
        plan = planRender(render.document, new Map([...sources].map(([id, s]) => [id, s.info])), {
          workDir: dir,
          preset: this.config.x264Preset,
          fonts: this.ffmpeg.fonts(),
        });
      } catch (e) {
        if (e instanceof RenderPlanError)
          return await this.fail(renderId, `This timeline cannot be rendered: ${e.message}.`);
        throw e;
      }
      // A source's identity: the object read and what its probe said (a re-processed clip is another source).
      const identity = (clipId: string): string => {
        const s = sources.get(clipId)!;
        return `${s.key} ${createHash('sha256').update(JSON.stringify(s.info)).digest('hex')}`;
      };
      const cache = await this.segmentCache.open(render.projectId, plan, dir, identity);
      const throttle = new ProgressThrottle(PROGRESS_INTERVAL_MS);
      let writes: Promise<unknown> = Promise.resolve();
      const uploaded = new Map<string, number>();
      const outcome = await executeRenderPlan(
        plan,
        dir,
        {
          ffmpeg: this.ffmpeg,
          preset: this.config.x264Preset,
          cache,
          sources: {
            fetch: (clipId, path) =>
              this.patiently(renderId, stop.signal, () => this.storage.download(sources.get(clipId)!.key, path)),
          },
          outputs: { publish: (paths) => this.upload(renderId, plan, paths, uploaded, stop.signal) },
        },
        (percent) => {
          if (!throttle.offer(percent)) return;
          writes = writes
            .then(() => this.renders.setProgress(renderId, percent))
            .then(
              (still) => !still && cancel(),
              () => undefined,
            );
        },
        stop.signal,
      );
      await writes;
      await cache.close().catch(() => undefined);
      if (cancelled || (outcome.ok === false && outcome.cancelled && !delivery.signal.aborted)) {
        await this.removeOutputs(renderId);
        return { status: 'done', result: { renderId, status: RenderStatus.Cancelled, outputs: 0 } };
      }
      if (!outcome.ok) {
        if (delivery.signal.aborted)
          return { status: 'failed', reason: `lost the job: ${outcome.message}`, retry: true };
        if (outcome.permanent) return await this.fail(renderId, `A source could not be read: ${outcome.message}`);
        throw new Error(outcome.message);
      }
      const { outputs, sizeBytes } = await this.confirmUploads(renderId, plan, uploaded, stop.signal);
      const stored = await this.renders.markReady(renderId, {
        masterKey: `${renderPrefix(renderId)}${plan.files.master}`,
        hlsMasterKey: `${renderPrefix(renderId)}${plan.files.hlsMaster}`,
        posterKey: `${renderPrefix(renderId)}${plan.files.poster}`,
        sizeBytes,
        durationMs: Math.round(plan.durationSeconds * 1000),
        loudness: outcome.loudness,
      });
      if (!stored) {
        await this.removeOutputs(renderId); // cancelled while the outputs were uploading
        return { status: 'done', result: { renderId, status: RenderStatus.Cancelled, outputs: 0 } };
      }
      return {
        status: 'done',
        result: {
          renderId,
          status: RenderStatus.Ready,
          outputs,
          encodedSegments: outcome.encodedSegments.length,
          reusedSegments: outcome.reusedSegments,
        },
      };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (delivery.lastAttempt) return await this.fail(renderId, `The render failed after several attempts: ${reason}`);
      return { status: 'failed', reason, retry: true };
    } finally {
      clearInterval(poll);
      delivery.signal.removeEventListener('abort', lost);
      await this.media.removeScratch(dir);
    }
  }

  private async fail(renderId: string, message: string): Promise<JobOutcome<JobName.Render>> {
    await this.renders.markFailed(renderId, message);
    await this.removeOutputs(renderId); // outputs are uploaded as they are written: none stays behind a failed render
    return { status: 'failed', reason: message, retry: false };
  }

  /**
   * Uploads outputs as the render writes them (a few at a time), so the scratch disk can let go of
   * each before the next is written; `uploaded` keeps their sizes. An empty file is an ffmpeg failure.
   */
  private async upload(
    renderId: string,
    plan: RenderPlan,
    paths: string[],
    uploaded: Map<string, number>,
    signal: AbortSignal,
  ): Promise<void> {
    const queue = [...paths];
    await Promise.all(
      Array.from({ length: UPLOAD_PARALLELISM }, async () => {
        for (let path = queue.shift(); path; path = queue.shift()) {
          const file = join(plan.outDir, path);
          const size = await this.media.fileSize(file);
          if (!size) throw new Error(`ffmpeg finished without writing ${path}`);
          const key = `${renderPrefix(renderId)}${path}`;
          await this.patiently(renderId, signal, () => this.storage.putFile(key, file, contentTypeOf(path)));
          uploaded.set(path, size);
        }
      }),
    );
  }

  /** Checks every expected output went up, then removes HLS files an earlier delivery left that this one did not write. */
  private async confirmUploads(
    renderId: string,
    plan: RenderPlan,
    uploaded: Map<string, number>,
    signal: AbortSignal,
  ): Promise<{ outputs: number; sizeBytes: number }> {
    const expected = [
      plan.files.master,
      plan.files.hlsMaster,
      plan.files.poster,
      plan.files.audioOnly,
      ...plan.files.variants.map((v) => v.playlist),
    ];
    const missing = expected.filter((f) => !uploaded.has(f));
    if (missing.length) throw new Error(`the render finished without writing ${missing.join(', ')}`);
    const written = new Set([...uploaded.keys()].map((p) => `${renderPrefix(renderId)}${p}`));
    const stale = (await this.patiently(renderId, signal, () => this.storage.list(`${renderPrefix(renderId)}hls/`)))
      .map((o) => o.key)
      .filter((k) => !written.has(k));
    await this.patiently(renderId, signal, () => this.storage.removeMany(stale));
    return { outputs: uploaded.size, sizeBytes: uploaded.get(plan.files.master)! };
  }

  /**
   * A storage call that waits out a storage outage (minutes) instead of failing the render — which
   * started it over from 0 % — while the render's viewers are told it waits for storage.
   */
  private patiently<T>(renderId: string, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
    const onWaiting = (waiting: boolean): void =>
      void this.renders.announceWaiting(renderId, waiting).catch(() => undefined);
    return retryWhileStorageUnavailable(call, { signal, onWaiting });
  }

  private async removeOutputs(renderId: string): Promise<void> {
    const keys = (await this.storage.list(renderPrefix(renderId))).map((o) => o.key);
    await this.storage.removeMany(keys);
  }
}
