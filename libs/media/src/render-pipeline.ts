import { dirname } from 'node:path';
import { sourcePath, type FfmpegStep } from './render-common.js';
import { masterPlaylist, parseLoudness, type LoudnessOutcome, loudnessFilter } from './render-finish.js';
import type { RenderRepository } from './render.repository.js';
import type { SegmentCache } from './segment-cache.js';
import { renderPercent, type RenderPlan, type SegmentStep } from './timeline-render.js';
import type { X264Preset } from './transcode-plan.js';

/** Where the pipeline gets a clip's file from (the worker: object storage). */
export interface RenderSourceFetcher {
  fetch(clipId: string, path: string): Promise<void>;
}

/**
 * Where finished outputs go (the worker: object storage, under the render's prefix). `publish` gets
 * paths relative to the plan's `outDir`; once it resolves, the pipeline deletes those files.
 */
export interface RenderOutputSink {
  publish(paths: string[]): Promise<void>;
}

export type RenderRunOutcome =
  | {
      ok: true;
      loudness: LoudnessOutcome | null;
      steps: number;
      /** Indexes of the segments encoded by this run (the others came from the segment cache). */
      encodedSegments: number[];
      reusedSegments: number;
    }
  | { ok: false; cancelled: boolean; permanent: boolean; message: string };

/**
 * Runs a render plan step by step. A source is fetched while the segment before the first one
 * that needs it is encoding, and deleted after the last one (the music stays until the end). Then
 * the sound, the master and the poster are written and handed to `outputs` (then deleted), and each
 * HLS rung in turn, after which that rung's segments are deleted too: the scratch disk holds at most
 * two sources plus the encoded segments and one output at a time.
 * With a segment `cache`, a segment whose encodes were kept is restored instead of encoded (its
 * sources are not even fetched), and a fresh encode is kept for the next render.
 * `onPercent` gets the overall progress (0–99) as ffmpeg advances; cancelling `signal` kills the
 * running ffmpeg.
 */
export async function executeRenderPlan(
  plan: RenderPlan,
  workDir: string,
  deps: {
    ffmpeg: RenderRepository;
    sources: RenderSourceFetcher;
    outputs: RenderOutputSink;
    preset: X264Preset;
    cache?: SegmentCache;
  },
  onPercent: (percent: number) => void,
  signal: AbortSignal,
  onSpawn?: (pid: number, label: string) => void,
): Promise<RenderRunOutcome> {
  const { ffmpeg, sources, cache } = deps;
  const cached = (seg: SegmentStep | undefined): boolean => !!seg && !!cache?.has(seg);
  const lastUse = new Map<string, number>();
  plan.segments.forEach((s) => !cached(s) && s.clipIds.forEach((id) => lastUse.set(id, s.index)));
  const fetches = new Map<string, Promise<void>>();
  const need = (clipId: string): Promise<void> => {
    let f = fetches.get(clipId);
    if (!f) {
      const path = sourcePath(workDir, clipId);
      f = ffmpeg.makeDir(dirname(path)).then(() => sources.fetch(clipId, path));
      f.catch(() => undefined); // awaited where it is needed; a prefetch nobody awaits must not crash the worker
      fetches.set(clipId, f);
    }
    return f;
  };
  const stop = (): RenderRunOutcome => ({ ok: false, cancelled: true, permanent: false, message: 'cancelled' });
  let stepIndex = 0;
  const step = async (
    s: FfmpegStep,
  ): Promise<{ ok: true; stderrTail: string } | { ok: false; outcome: RenderRunOutcome }> => {
    if (signal.aborted) return { ok: false, outcome: stop() };
    const at = stepIndex;
    const run = await ffmpeg.run(
      s.args,
      (t) => onPercent(renderPercent(plan, at, t)),
      signal,
      onSpawn && ((pid) => onSpawn(pid, s.label)),
    );
    if (!run.ok)
      return {
        ok: false,
        outcome: run.cancelled
          ? stop()
          : { ok: false, cancelled: false, permanent: run.permanent, message: `${s.label}: ${run.message}` },
      };
    stepIndex++;
    return { ok: true, stderrTail: run.stderrTail };
  };

  /** Hands finished outputs over, then frees their space. */
  const hand = async (paths: string[]): Promise<void> => {
    await deps.outputs.publish(paths);
    for (const p of paths) await ffmpeg.removeFile(`${plan.outDir}/${p}`);
  };

  const encodedSegments: number[] = [];
  const keeping: Promise<void>[] = [];
  try {
    await ffmpeg.makeDir(`${plan.outDir}/hls`);
    await ffmpeg.makeDir(`${plan.outDir}/${dirname(plan.files.audioOnly)}`);
    for (const seg of plan.segments) {
      if (signal.aborted) return stop();
      if (cached(seg) && (await cache!.restore(seg))) {
        stepIndex++;
        onPercent(renderPercent(plan, stepIndex, 0));
        continue;
      }
      for (const id of seg.clipIds) await need(id);
      // The next encoded segment's sources download while this one encodes.
      const next = plan.segments.slice(seg.index + 1).find((s) => !cached(s));
      for (const id of next?.clipIds ?? []) void need(id);
      for (const t of seg.texts) await ffmpeg.writeText(t.path, t.content);
      const done = await step(seg);
      if (!done.ok) return done.outcome;
      encodedSegments.push(seg.index);
      // Kept while the next segment encodes (its files stay until its rung's HLS pass).
      if (cache) keeping.push(cache.keep(seg).catch(() => undefined));
      for (const id of seg.clipIds) {
        if (lastUse.get(id) === seg.index && id !== plan.musicClipId) {
          await ffmpeg.removeFile(sourcePath(workDir, id));
          fetches.delete(id);
        }
      }
    }

    await Promise.all(keeping);
    for (const list of plan.concatLists) await ffmpeg.writeText(list.path, list.content);
    if (plan.musicClipId) await need(plan.musicClipId);
    const measured = await step(plan.measure);
    if (!measured.ok) return measured.outcome;
    const measurement = parseLoudness(measured.stderrTail);
    const sound = await step(plan.audio(measurement));
    if (!sound.ok) return sound.outcome;
    // The sound-only rendition, written by the sound step, goes first.
    const audioDir = dirname(plan.files.audioOnly);
    await hand((await ffmpeg.listDir(`${plan.outDir}/${audioDir}`)).map((name) => `${audioDir}/${name}`));
    for (const s of [plan.master, plan.poster]) {
      const done = await step(s);
      if (!done.ok) return done.outcome;
    }
    await hand([plan.files.master, plan.files.poster]);
    for (const [i, variant] of plan.files.variants.entries()) {
      const dir = dirname(variant.playlist);
      await ffmpeg.makeDir(`${plan.outDir}/${dir}`);
      const done = await step(plan.hls[i]!);
      if (!done.ok) return done.outcome;
      for (const file of plan.rungSegments[i]!) await ffmpeg.removeFile(file);
      await hand((await ffmpeg.listDir(`${plan.outDir}/${dir}`)).map((name) => `${dir}/${name}`));
    }
    await ffmpeg.removeFile(plan.audioPath);
    await ffmpeg.writeText(`${plan.outDir}/${plan.files.hlsMaster}`, masterPlaylist(plan.files.variants, deps.preset));
    await hand([plan.files.hlsMaster]);
    return {
      ok: true,
      loudness: loudnessFilter(measurement).outcome,
      steps: stepIndex,
      encodedSegments,
      reusedSegments: plan.segments.length - encodedSegments.length,
    };
  } finally {
    // No download keeps writing into the scratch folder after we return (it is removed next).
    await Promise.allSettled([...fetches.values(), ...keeping]);
  }
}
