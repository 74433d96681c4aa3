import type { TimelineDocument, TimelineSegment } from '@atelier/contracts';
import { join } from 'node:path';
import type { MediaInfo } from './probe.js';
import {
  AUDIO_RATE,
  BASE_ARGS,
  RENDER_FPS,
  RENDER_GOP,
  RenderPlanError,
  safe,
  secs,
  sourcePath,
  STEREO,
  STRIP,
  TARGETS,
  type FfmpegStep,
  type RenderFonts,
  type RenderOptions,
  type RenderSources,
  type TargetSpec,
} from './render-common.js';
import { AUDIO_ONLY_PLAYLIST, planFinish, type FinishPlan, type Rendition } from './render-finish.js';
import { FADE_MS, segmentDurationMs } from './timeline.js';

/**
 * The ffmpeg command lines that turn a timeline into the documentary — streamed in chunks, so a
 * 40-minute film from 60 clips never has more than one source open, one or two sources on disk,
 * or a filter graph with more than two inputs:
 *
 *  1. one invocation per segment (this file): trim (input seek), scale + letterbox to the target,
 *     30 fps, yuv420p, fades, title text, decoded ONCE and encoded into every rung: H.264 at the
 *     target with PCM audio (`seg_NNNNN.mkv`: the master's video is these encodes, copied) and each
 *     lower HLS rung (`seg_NNNNN_<rung>.mkv`, scaled from the rung above it). Key frames are forced
 *     at every multiple of the HLS segment length on the FILM's clock (frame numbers, exact), so
 *     every rung's concatenation cuts into HLS segments at the same instants.
 *  2. then `render-finish.ts`: loudness measure, the sound normalised and encoded once, every
 *     output by copying (master MP4, HLS ladder), the poster.
 */

const SAMPLES_PER_FRAME = AUDIO_RATE / RENDER_FPS;
export const TITLE_MAX_LINE_CHARS = 28;

export interface SegmentStep extends FfmpegStep {
  index: number;
  /** The target rung with the segment's sound (the master's video). */
  output: string;
  /** The lower HLS rungs of this segment (video only), by rung name. */
  rungOutputs: Record<string, string>;
  /** Clips this step reads (downloaded to `sourcePath()` before it runs). */
  clipIds: string[];
  frames: number;
  startFrame: number;
  /** Text files drawtext reads (written before the step runs). */
  texts: Array<{ path: string; content: string }>;
}

export interface RenderPlan extends Omit<FinishPlan, 'variants'> {
  width: number;
  height: number;
  totalFrames: number;
  durationSeconds: number;
  segments: SegmentStep[];
  /** One concat list per rung (the target rung first: it carries the sound). */
  concatLists: Array<{ path: string; content: string }>;
  /** The segment files of each rung, in the same order (deleted once the rung's outputs are written). */
  rungSegments: string[][];
  musicClipId: string | null;
  /** Output files, relative to `outDir` (also the object keys under `renders/<renderId>/`). */
  files: { master: string; hlsMaster: string; variants: Rendition[]; audioOnly: string; poster: string };
  outDir: string;
}

const framesOf = (ms: number): number => Math.max(1, Math.round((ms * RENDER_FPS) / 1000));
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;

/** Splits a title into lines of at most `max` characters (words kept whole unless longer than a line). */
export function wrapTitle(text: string, max = TITLE_MAX_LINE_CHARS): string[] {
  const lines: string[] = [];
  for (const paragraph of text.trim().split(/\r?\n/)) {
    let line = '';
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (word.length > max) {
        if (line) lines.push(line);
        line = '';
        lines.push(word.slice(0, max));
        word = word.slice(max);
      }
      if (!word) continue;
      if (!line) line = word;
      else if (line.length + 1 + word.length <= max) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

/**
 * Key frames on the film's clock: every RENDER_GOP frames counted from the film's first frame. Only
 * the segment's start modulo the GOP matters — so a segment that moves by whole GOPs keeps its
 * command line, and its cached encodes (segment-cache.ts).
 */
const keyFramesOnFilmClock = (startFrame: number): string =>
  `expr:eq(mod(n+${startFrame % RENDER_GOP},${RENDER_GOP}),0)`;

function videoEncode(spec: TargetSpec, o: RenderOptions, startFrame: number, frames: number): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    o.preset,
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-crf',
    '21',
    '-maxrate',
    `${spec.maxrateK}k`,
    '-bufsize',
    `${spec.maxrateK * 2}k`,
    '-g',
    String(RENDER_GOP * 2),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    keyFramesOnFilmClock(startFrame),
    '-frames:v',
    String(frames),
  ];
}

function lowerRungEncode(
  r: TargetSpec['lowerRungs'][number],
  o: RenderOptions,
  startFrame: number,
  frames: number,
): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    o.preset,
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    `${r.bitrateK}k`,
    '-maxrate',
    `${Math.round(r.bitrateK * 1.1)}k`,
    '-bufsize',
    `${r.bitrateK * 2}k`,
    '-g',
    String(RENDER_GOP * 2),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    keyFramesOnFilmClock(startFrame),
    '-frames:v',
    String(frames),
  ];
}

function fit(spec: TargetSpec): string {
  return `scale=${spec.width}:${spec.height}:force_original_aspect_ratio=decrease:flags=bicubic,pad=${spec.width}:${spec.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p`;
}

function fades(
  s: TimelineSegment,
  next: TimelineSegment | undefined,
  lastFadeOut: boolean,
  frames: number,
): { video: string; audio: string } {
  const fadeFrames = Math.min(Math.round((FADE_MS * RENDER_FPS) / 1000), Math.floor(frames / 2));
  const v: string[] = [];
  const a: string[] = [];
  const d = (fadeFrames / RENDER_FPS).toFixed(3);
  if (s.fadeIn && fadeFrames > 0) {
    v.push(`fade=t=in:s=0:n=${fadeFrames}`);
    a.push(`afade=t=in:ss=0:d=${d}`);
  }
  const fadeOut = next ? next.fadeIn : lastFadeOut;
  if (fadeOut && fadeFrames > 0) {
    v.push(`fade=t=out:s=${frames - fadeFrames}:n=${fadeFrames}`);
    a.push(`afade=t=out:st=${((frames - fadeFrames) / RENDER_FPS).toFixed(3)}:d=${d}`);
  }
  return { video: v.map((f) => `,${f}`).join(''), audio: a.map((f) => `,${f}`).join('') };
}

function titleFilters(
  text: string,
  spec: TargetSpec,
  fonts: RenderFonts,
  textPath: (line: number) => string,
): { filters: string; texts: Array<{ path: string; content: string }> } {
  const lines = wrapTitle(text);
  const size = Math.round(Math.min(spec.height / 14, (spec.height * 0.8) / (lines.length * 1.5)));
  const lineHeight = Math.round(size * 1.5);
  const top = Math.round((spec.height - lines.length * lineHeight) / 2);
  const texts = lines.map((content, i) => ({ path: textPath(i), content }));
  const filters = texts
    .map(
      (t, i) =>
        `drawtext=fontfile=${safe(ARABIC.test(t.content) ? fonts.arabic : fonts.latin)}:textfile=${safe(t.path)}:expansion=none:fontsize=${size}:fontcolor=white` +
        `:box=1:boxcolor=black@0.45:boxborderw=${Math.round(size / 4)}:x=(w-text_w)/2:y=${top + i * lineHeight}+(${lineHeight}-text_h)/2`,
    )
    .join(',');
  return { filters: filters ? `,${filters}` : '', texts };
}

function segmentStep(
  doc: TimelineDocument,
  index: number,
  startFrame: number,
  sources: RenderSources,
  spec: TargetSpec,
  o: RenderOptions,
): SegmentStep {
  const s = doc.segments[index]!;
  const frames = framesOf(segmentDurationMs(s));
  const seconds = frames / RENDER_FPS;
  const samples = frames * SAMPLES_PER_FRAME;
  const f = fades(s, doc.segments[index + 1], doc.fadeOutAtEnd, frames);
  const stem = join(o.workDir, `seg_${String(index).padStart(5, '0')}`);
  const output = `${stem}.mkv`;
  const rungOutputs = Object.fromEntries(spec.lowerRungs.map((r) => [r.name, `${stem}_${r.name}.mkv`]));
  // The finished picture [vf] is split: the target rung, and a chain down the lower rungs, each
  // scaled from the one above it (bilinear: downscaling by 1.5 and 2, a third of the CPU of
  // scaling each from the full picture with bicubic, and the encodes cannot tell).
  const lower = spec.lowerRungs;
  const fan =
    lower.length === 0
      ? '[vf]null[v]'
      : `[vf]split=2[v][l0];` +
        lower
          .map(
            (r, i) =>
              `[l${i}]scale=${r.width}:${r.height}:flags=bilinear,setsar=1${i < lower.length - 1 ? `,split=2[r${i}][l${i + 1}]` : `[r${i}]`}`,
          )
          .join(';');
  const silence = ['-f', 'lavfi', '-i', `anullsrc=r=${AUDIO_RATE}:cl=stereo`];
  const audioOf = (input: string, fromSource: boolean): string =>
    `[${input}]${fromSource ? `aresample=${AUDIO_RATE}:async=1:first_pts=0,` : ''}${STEREO},apad=whole_len=${samples},atrim=end_sample=${samples}${f.audio}[a]`;
  let inputs: string[];
  let graph: string;
  let texts: SegmentStep['texts'] = [];
  const clipIds: string[] = [];

  const info = (clipId: string): MediaInfo => {
    const i = sources.get(clipId);
    if (!i) throw new RenderPlanError(`segment ${index + 1}: no source for clip ${clipId}`);
    return i;
  };
  const imageInput = (clipId: string): string[] => [
    '-loop',
    '1',
    '-framerate',
    String(RENDER_FPS),
    '-t',
    seconds.toFixed(3),
    '-i',
    safe(sourcePath(o.workDir, clipId)),
  ];

  if (s.kind === 'clip') {
    const src = info(s.clipId);
    if (!src.video) throw new RenderPlanError(`segment ${index + 1}: the clip has no picture`);
    clipIds.push(s.clipId);
    inputs = [
      '-ss',
      secs(s.inMs),
      '-t',
      secs(s.outMs - s.inMs),
      '-i',
      safe(sourcePath(o.workDir, s.clipId)),
      ...(src.audio ? [] : silence),
    ];
    graph = [
      // tpad: a source a few frames shorter than its probe said still fills the segment exactly.
      `[0:v:0]fps=${RENDER_FPS},${fit(spec)},tpad=stop_mode=clone:stop_duration=2${f.video}[vf]`,
      src.audio ? audioOf('0:a:0', true) : audioOf('1:a', false),
    ].join(';');
  } else if (s.kind === 'still') {
    info(s.clipId);
    clipIds.push(s.clipId);
    inputs = [...imageInput(s.clipId), ...silence];
    graph = [`[0:v:0]fps=${RENDER_FPS},${fit(spec)}${f.video}[vf]`, audioOf('1:a', false)].join(';');
  } else {
    const title = titleFilters(s.text, spec, o.fonts, (line) =>
      join(o.workDir, `title_${String(index).padStart(5, '0')}_${line}.txt`),
    );
    texts = title.texts;
    if (s.imageClipId) {
      info(s.imageClipId);
      clipIds.push(s.imageClipId);
      inputs = [...imageInput(s.imageClipId), ...silence];
      graph = `[0:v:0]fps=${RENDER_FPS},${fit(spec)}${title.filters}${f.video}[vf]`;
    } else {
      inputs = [
        '-f',
        'lavfi',
        '-i',
        `color=c=0x${s.colour.slice(1)}:s=${spec.width}x${spec.height}:r=${RENDER_FPS}:d=${seconds.toFixed(3)}`,
        ...silence,
      ];
      graph = `[0:v:0]setsar=1,format=yuv420p${title.filters}${f.video}[vf]`;
    }
    graph += `;${audioOf('1:a', false)}`;
  }
  graph += `;${fan}`;
  return {
    label: `segment ${index + 1}/${doc.segments.length} (${s.kind})`,
    index,
    output,
    rungOutputs,
    clipIds,
    frames,
    startFrame,
    texts,
    seconds,
    weight:
      seconds * (1 + spec.lowerRungs.reduce((sum, r) => sum + (r.width * r.height) / (spec.width * spec.height), 0)),
    args: [
      ...BASE_ARGS(o),
      ...inputs,
      '-y',
      '-filter_complex',
      graph,
      '-map',
      '[v]',
      '-map',
      '[a]',
      ...STRIP,
      ...videoEncode(spec, o, startFrame, frames),
      '-c:a',
      'pcm_s16le',
      '-ar',
      String(AUDIO_RATE),
      '-ac',
      '2',
      '-f',
      'matroska',
      output,
      ...spec.lowerRungs.flatMap((r, i) => [
        '-map',
        `[r${i}]`,
        ...STRIP,
        ...lowerRungEncode(r, o, startFrame, frames),
        '-an',
        '-f',
        'matroska',
        rungOutputs[r.name]!,
      ]),
    ],
  };
}

/** Plans every ffmpeg invocation of a render. Throws `RenderPlanError` for a timeline that cannot render. */
export function planRender(doc: TimelineDocument, sources: RenderSources, o: RenderOptions): RenderPlan {
  if (doc.segments.length === 0) throw new RenderPlanError('the timeline is empty');
  const spec = TARGETS[doc.target];
  safe(o.workDir);
  const segments: SegmentStep[] = [];
  let frame = 0;
  for (let i = 0; i < doc.segments.length; i++) {
    const step = segmentStep(doc, i, frame, sources, spec, o);
    segments.push(step);
    frame += step.frames;
  }
  const totalFrames = frame;
  const rungs = [
    { name: `${spec.height}p`, width: spec.width, height: spec.height, bitrateK: spec.maxrateK },
    ...spec.lowerRungs,
  ];
  // One concat list per rung; the demuxer opens one segment file at a time, so a 60-segment film
  // still has at most one open file per rung.
  const rungSegments = rungs.map((r, i) => segments.map((s) => (i === 0 ? s.output : s.rungOutputs[r.name]!)));
  const concatLists = rungs.map((r, i) => ({
    path: join(o.workDir, `concat_${r.name}.txt`),
    content: rungSegments[i]!.map((file) => `file '${file}'\n`).join(''),
  }));
  const outDir = join(o.workDir, 'out');
  const { variants, ...finish } = planFinish(doc, sources, o, {
    totalFrames,
    concatLists: concatLists.map((l) => l.path),
    rungs,
    outDir,
  });
  return {
    width: spec.width,
    height: spec.height,
    totalFrames,
    durationSeconds: totalFrames / RENDER_FPS,
    segments,
    concatLists,
    rungSegments,
    musicClipId: doc.music?.clipId ?? null,
    ...finish,
    files: {
      master: 'master.mp4',
      hlsMaster: 'hls/master.m3u8',
      variants,
      audioOnly: AUDIO_ONLY_PLAYLIST,
      poster: 'poster.jpg',
    },
    outDir,
  };
}

/** Every ffmpeg step of a render, in the order `executeRenderPlan` runs them. */
export function renderSteps(plan: RenderPlan): FfmpegStep[] {
  return [...plan.segments, plan.measure, plan.audio(null), plan.master, plan.poster, ...plan.hls];
}

/** Overall progress 0–99 from the steps done and the seconds written by the current step. */
export function renderPercent(plan: RenderPlan, stepIndex: number, secondsInStep: number): number {
  const steps: FfmpegStep[] = renderSteps(plan);
  const total = steps.reduce((s, x) => s + x.weight, 0);
  const done = steps.slice(0, stepIndex).reduce((s, x) => s + x.weight, 0);
  const current = steps[stepIndex];
  const partial = current ? current.weight * Math.min(1, secondsInStep / Math.max(current.seconds, 0.001)) : 0;
  return Math.max(0, Math.min(99, Math.floor(((done + partial) / total) * 100)));
}
