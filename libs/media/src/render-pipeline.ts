import { dirname } from 'node:path';
import type { RenderRepository } from './render.repository.js';
import { masterPlaylist, parseLoudnorm, renderPercent, sourcePath, type LoudnessMeasurement, type RenderPlan } from './timeline-render.js';
import type { X264Preset } from './transcode-plan.js';

/** Where the pipeline gets a clip's file from (the worker: object storage; the benchmark: local files). */
export interface RenderSourceFetcher {
  fetch(clipId: string, path: string): Promise<void>;
}

export type RenderRunOutcome =
  | { ok: true; loudness: LoudnessMeasurement | null; steps: number }
  | { ok: false; cancelled: boolean; permanent: boolean; message: string };

/**
 * Runs a render plan step by step. A source is fetched just before the first segment that needs
 * it and deleted after the last one (the music stays until the end), so the scratch disk holds
 * at most one or two sources plus the encoded segments and the outputs. `onPercent` gets the
 * overall progress (0–99) as ffmpeg advances; cancelling `signal` kills the running ffmpeg.
 */
export async function executeRenderPlan(
  plan: RenderPlan,
  workDir: string,
  deps: { ffmpeg: RenderRepository; sources: RenderSourceFetcher; preset: X264Preset },
  onPercent: (percent: number) => void,
  signal: AbortSignal,
  onSpawn?: (pid: number, label: string) => void,
): Promise<RenderRunOutcome> {
  const { ffmpeg, sources } = deps;
  const lastUse = new Map<string, number>();
  plan.segments.forEach((s) => s.clipIds.forEach((id) => lastUse.set(id, s.index)));
  const fetched = new Set<string>();
  const need = async (clipId: string): Promise<void> => {
    if (fetched.has(clipId)) return;
    const path = sourcePath(workDir, clipId);
    await ffmpeg.makeDir(dirname(path));
    await sources.fetch(clipId, path);
    fetched.add(clipId);
  };
  const stop = (): RenderRunOutcome => ({ ok: false, cancelled: true, permanent: false, message: 'cancelled' });

  await ffmpeg.makeDir(`${plan.outDir}/hls`);
  let stepIndex = 0;
  for (const step of plan.segments) {
    if (signal.aborted) return stop();
    for (const id of step.clipIds) await need(id);
    for (const t of step.texts) await ffmpeg.writeText(t.path, t.content);
    const at = stepIndex;
    const run = await ffmpeg.run(step.args, (t) => onPercent(renderPercent(plan, at, t)), signal, onSpawn && ((pid) => onSpawn(pid, step.label)));
    if (!run.ok) return run.cancelled ? stop() : { ok: false, cancelled: false, permanent: run.permanent, message: `${step.label}: ${run.message}` };
    for (const id of step.clipIds) {
      if (lastUse.get(id) === step.index && id !== plan.musicClipId) {
        await ffmpeg.removeFile(sourcePath(workDir, id));
        fetched.delete(id);
      }
    }
    stepIndex++;
  }

  if (signal.aborted) return stop();
  for (const list of plan.concatLists) await ffmpeg.writeText(list.path, list.content);
  if (plan.musicClipId) await need(plan.musicClipId);
  const measured = await ffmpeg.run(plan.measure.args, (t) => onPercent(renderPercent(plan, stepIndex, t)), signal, onSpawn && ((pid) => onSpawn(pid, plan.measure.label)));
  if (!measured.ok) return measured.cancelled ? stop() : { ok: false, cancelled: false, permanent: measured.permanent, message: `${plan.measure.label}: ${measured.message}` };
  const loudness = parseLoudnorm(measured.stderrTail);
  stepIndex++;

  if (signal.aborted) return stop();
  const final = plan.final(loudness);
  const done = await ffmpeg.run(final.args, (t) => onPercent(renderPercent(plan, stepIndex, t)), signal, onSpawn && ((pid) => onSpawn(pid, final.label)));
  if (!done.ok) return done.cancelled ? stop() : { ok: false, cancelled: false, permanent: done.permanent, message: `${final.label}: ${done.message}` };
  stepIndex++;
  const poster = await ffmpeg.run(plan.poster.args, () => undefined, signal, onSpawn && ((pid) => onSpawn(pid, plan.poster.label)));
  if (!poster.ok) return poster.cancelled ? stop() : { ok: false, cancelled: false, permanent: false, message: `${plan.poster.label}: ${poster.message}` };
  await ffmpeg.writeText(`${plan.outDir}/${plan.files.hlsMaster}`, masterPlaylist(plan, deps.preset));
  return { ok: true, loudness, steps: stepIndex + 1 };
}
