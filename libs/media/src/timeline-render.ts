import type { RenderTarget, TimelineDocument, TimelineSegment } from '@atelier/contracts';
import { join } from 'node:path';
import type { MediaInfo } from './probe.js';
import { FADE_MS, segmentDurationMs } from './timeline.js';
import type { X264Preset } from './transcode-plan.js';

/**
 * The ffmpeg command lines that turn a timeline into the documentary — streamed in chunks, so a
 * 40-minute film from 60 clips never has more than one source open, one source on disk, or a
 * filter graph with more than two inputs:
 *
 *  1. one invocation per segment: trim (input seek), scale + letterbox to the target, 30 fps,
 *     yuv420p, fades, title text, decoded ONCE and encoded into every rung: H.264 at the target
 *     with PCM audio (`seg_NNNNN.mkv`: the master's video is these encodes, copied) and each lower
 *     HLS rung (`seg_NNNNN_<rung>.mkv`). Key frames are forced at every multiple of the HLS
 *     segment length on the FILM's clock (frame numbers, exact), so every rung's concatenation
 *     cuts into HLS segments at the same instants.
 *  2. loudness measure: the concat demuxer reads every segment's audio in order (+ the music,
 *     trimmed, delayed, gained and mixed), `loudnorm` pass one prints its measurements.
 *  3. final pass: one concat per rung; the audio mix goes through `loudnorm` pass two (linear, so
 *     the film keeps its dynamics); all video is copied (master MP4 with faststart, HLS ladder):
 *     nothing is decoded or encoded twice.
 *  4. poster: one frame of the master, seeked to.
 */

export const RENDER_FPS = 30;
export const RENDER_SEGMENT_SECONDS = 4;
/** HLS/key-frame interval in frames. */
export const RENDER_GOP = RENDER_FPS * RENDER_SEGMENT_SECONDS;
export const AUDIO_RATE = 48_000;
const SAMPLES_PER_FRAME = AUDIO_RATE / RENDER_FPS;
/** EBU R128 loudnorm target for films watched on phones and laptops (streaming practice: −16 LUFS). */
export const LOUDNESS_TARGET = { integrated: -16, truePeak: -1.5, range: 11 } as const;
export const TITLE_MAX_LINE_CHARS = 28;

interface TargetSpec {
  width: number;
  height: number;
  maxrateK: number;
  lowerRungs: Array<{ name: string; width: number; height: number; bitrateK: number }>;
}

export const TARGETS: Record<RenderTarget, TargetSpec> = {
  '1080p': {
    width: 1920,
    height: 1080,
    maxrateK: 8000,
    lowerRungs: [
      { name: '720p', width: 1280, height: 720, bitrateK: 2800 },
      { name: '360p', width: 640, height: 360, bitrateK: 800 },
    ],
  },
  '720p': { width: 1280, height: 720, maxrateK: 5000, lowerRungs: [{ name: '360p', width: 640, height: 360, bitrateK: 800 }] },
};

export interface RenderFonts {
  latin: string;
  arabic: string;
}

export interface RenderOptions {
  /** Scratch directory of this render (sources under `src/`, segments, outputs under `out/`). */
  workDir: string;
  preset: X264Preset;
  threads?: number;
  fonts: RenderFonts;
}

/** What the planner knows about each clip the timeline uses (probe of the file that will be read). */
export type RenderSources = ReadonlyMap<string, MediaInfo>;

export interface FfmpegStep {
  label: string;
  args: string[];
  /** Seconds of output this step writes (for progress). */
  seconds: number;
  /** Share of the whole render's work, relative (seconds × cost factor). */
  weight: number;
}

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

export interface LoudnessMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

export interface RenderPlan {
  width: number;
  height: number;
  totalFrames: number;
  durationSeconds: number;
  segments: SegmentStep[];
  /** One concat list per rung (the target rung first: it carries the sound). */
  concatLists: Array<{ path: string; content: string }>;
  musicClipId: string | null;
  measure: FfmpegStep;
  final: (m: LoudnessMeasurement | null) => FfmpegStep;
  poster: FfmpegStep;
  /** Output files, relative to `outDir` (also the object keys under `renders/<renderId>/`). */
  files: { master: string; hlsMaster: string; variants: Array<{ name: string; width: number; height: number; bandwidth: number; playlist: string }>; poster: string };
  outDir: string;
}

export class RenderPlanError extends Error {}

const SAFE_PATH = /^[A-Za-z0-9_./@+-]+$/;
function safe(path: string): string {
  // Paths go into filter graphs unquoted: refuse anything that would need escaping.
  if (!SAFE_PATH.test(path)) throw new RenderPlanError(`path not usable in an ffmpeg filter graph: ${path}`);
  return path;
}

export const sourcePath = (workDir: string, clipId: string): string => join(workDir, 'src', clipId);
const secs = (ms: number): string => (ms / 1000).toFixed(3);
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

const BASE_ARGS = (o: RenderOptions): string[] => ['-hide_banner', '-nostdin', '-loglevel', 'info', '-stats_period', '0.5', '-threads', String(o.threads ?? 0)];
const STRIP = ['-map_metadata', '-1', '-map_chapters', '-1'];
const STEREO = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;

function videoEncode(spec: TargetSpec, o: RenderOptions, startFrame: number, frames: number): string[] {
  return [
    '-c:v', 'libx264', '-preset', o.preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-crf', '21', '-maxrate', `${spec.maxrateK}k`, '-bufsize', `${spec.maxrateK * 2}k`,
    '-g', String(RENDER_GOP * 2), '-sc_threshold', '0',
    // Key frames on the film's clock: every RENDER_GOP frames counted from the film's first frame.
    '-force_key_frames', `expr:eq(mod(n+${startFrame},${RENDER_GOP}),0)`,
    '-frames:v', String(frames),
  ];
}

function lowerRungEncode(r: TargetSpec['lowerRungs'][number], o: RenderOptions, startFrame: number, frames: number): string[] {
  return [
    '-c:v', 'libx264', '-preset', o.preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-b:v', `${r.bitrateK}k`, '-maxrate', `${Math.round(r.bitrateK * 1.1)}k`, '-bufsize', `${r.bitrateK * 2}k`,
    '-g', String(RENDER_GOP * 2), '-sc_threshold', '0',
    '-force_key_frames', `expr:eq(mod(n+${startFrame},${RENDER_GOP}),0)`,
    '-frames:v', String(frames),
  ];
}

function fit(spec: TargetSpec): string {
  return `scale=${spec.width}:${spec.height}:force_original_aspect_ratio=decrease:flags=bicubic,pad=${spec.width}:${spec.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p`;
}

function fades(s: TimelineSegment, next: TimelineSegment | undefined, lastFadeOut: boolean, frames: number): { video: string; audio: string } {
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

function titleFilters(text: string, spec: TargetSpec, fonts: RenderFonts, textPath: (line: number) => string): { filters: string; texts: Array<{ path: string; content: string }> } {
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

function segmentStep(doc: TimelineDocument, index: number, startFrame: number, sources: RenderSources, spec: TargetSpec, o: RenderOptions): SegmentStep {
  const s = doc.segments[index]!;
  const frames = framesOf(segmentDurationMs(s));
  const seconds = frames / RENDER_FPS;
  const samples = frames * SAMPLES_PER_FRAME;
  const f = fades(s, doc.segments[index + 1], doc.fadeOutAtEnd, frames);
  const stem = join(o.workDir, `seg_${String(index).padStart(5, '0')}`);
  const output = `${stem}.mkv`;
  const rungOutputs = Object.fromEntries(spec.lowerRungs.map((r) => [r.name, `${stem}_${r.name}.mkv`]));
  // The finished picture [vf] is split: the target rung, then each lower rung scaled down from it.
  const fan =
    spec.lowerRungs.length === 0
      ? '[vf]null[v]'
      : `[vf]split=${spec.lowerRungs.length + 1}[v]${spec.lowerRungs.map((_, i) => `[l${i}]`).join('')};` +
        spec.lowerRungs.map((r, i) => `[l${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1[r${i}]`).join(';');
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
  const imageInput = (clipId: string): string[] => ['-loop', '1', '-framerate', String(RENDER_FPS), '-t', seconds.toFixed(3), '-i', safe(sourcePath(o.workDir, clipId))];

  if (s.kind === 'clip') {
    const src = info(s.clipId);
    if (!src.video) throw new RenderPlanError(`segment ${index + 1}: the clip has no picture`);
    clipIds.push(s.clipId);
    inputs = ['-ss', secs(s.inMs), '-t', secs(s.outMs - s.inMs), '-i', safe(sourcePath(o.workDir, s.clipId)), ...(src.audio ? [] : silence)];
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
    const title = titleFilters(s.text, spec, o.fonts, (line) => join(o.workDir, `title_${String(index).padStart(5, '0')}_${line}.txt`));
    texts = title.texts;
    if (s.imageClipId) {
      info(s.imageClipId);
      clipIds.push(s.imageClipId);
      inputs = [...imageInput(s.imageClipId), ...silence];
      graph = `[0:v:0]fps=${RENDER_FPS},${fit(spec)}${title.filters}${f.video}[vf]`;
    } else {
      inputs = ['-f', 'lavfi', '-i', `color=c=0x${s.colour.slice(1)}:s=${spec.width}x${spec.height}:r=${RENDER_FPS}:d=${seconds.toFixed(3)}`, ...silence];
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
    weight: seconds * (1 + spec.lowerRungs.reduce((sum, r) => sum + (r.width * r.height) / (spec.width * spec.height), 0)),
    args: [
      ...BASE_ARGS(o), ...inputs, '-y', '-filter_complex', graph,
      '-map', '[v]', '-map', '[a]', ...STRIP, ...videoEncode(spec, o, startFrame, frames),
      '-c:a', 'pcm_s16le', '-ar', String(AUDIO_RATE), '-ac', '2', '-f', 'matroska', output,
      ...spec.lowerRungs.flatMap((r, i) => [
        '-map', `[r${i}]`, ...STRIP, ...lowerRungEncode(r, o, startFrame, frames), '-an', '-f', 'matroska', rungOutputs[r.name]!,
      ]),
    ],
  };
}

/** The audio graph shared by the measure and final passes, ending in `[mix]`; the music is input `musicInput`. */
function mixGraph(doc: TimelineDocument, sources: RenderSources, samples: number, musicInput: number): { inputs: (workDir: string) => string[]; graph: string } {
  const m = doc.music;
  const main = `[0:a:0]aresample=${AUDIO_RATE}:async=1,${STEREO}`;
  if (!m) return { inputs: () => [], graph: `${main}[mix]` };
  const info = sources.get(m.clipId);
  if (!info) throw new RenderPlanError(`no source for the music clip ${m.clipId}`);
  if (!info.audio) throw new RenderPlanError('the music clip has no sound');
  const musicSamples = Math.round(((m.outMs - m.inMs) * AUDIO_RATE) / 1000);
  return {
    inputs: (workDir) => ['-ss', secs(m.inMs), '-t', secs(m.outMs - m.inMs), '-i', safe(sourcePath(workDir, m.clipId))],
    graph: [
      `${main}[main]`,
      `[${musicInput}:a:0]aresample=${AUDIO_RATE}:async=1:first_pts=0,${STEREO},atrim=end_sample=${musicSamples},adelay=${m.startMs}:all=1,volume=${m.gainDb}dB[music]`,
      // duration=first: the music stops with the film; normalize=0: the gains are the editor's, not halved.
      `[main][music]amix=inputs=2:duration=first:dropout_transition=0:normalize=0,atrim=end_sample=${samples}[mix]`,
    ].join(';'),
  };
}

const loudnormBase = `loudnorm=I=${LOUDNESS_TARGET.integrated}:TP=${LOUDNESS_TARGET.truePeak}:LRA=${LOUDNESS_TARGET.range}`;

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
  const durationSeconds = totalFrames / RENDER_FPS;
  const samples = totalFrames * SAMPLES_PER_FRAME;
  const rungs = spec.lowerRungs;
  const top = { name: `${spec.height}p`, width: spec.width, height: spec.height, bitrateK: spec.maxrateK };
  // One concat list per rung; the demuxer opens one segment file at a time, so a 60-segment film
  // still has at most one open file per rung.
  const concatLists = [top, ...rungs].map((r, i) => ({
    path: join(o.workDir, `concat_${r.name}.txt`),
    content: segments.map((s) => `file '${i === 0 ? s.output : s.rungOutputs[r.name]!}'\n`).join(''),
  }));
  const concat = (i: number): string[] => ['-f', 'concat', '-safe', '0', '-i', safe(concatLists[i]!.path)];
  const outDir = join(o.workDir, 'out');
  const measureMix = mixGraph(doc, sources, samples, 1);

  const measure: FfmpegStep = {
    label: 'loudness measure',
    seconds: durationSeconds,
    weight: durationSeconds * 0.05,
    args: [...BASE_ARGS(o), ...concat(0), ...measureMix.inputs(o.workDir), '-y', '-filter_complex', `${measureMix.graph};[mix]${loudnormBase}:print_format=json[out]`, '-map', '[out]', '-f', 'null', '-'],
  };

  const variants = [top, ...rungs].map((r) => ({
    name: r.name,
    width: r.width,
    height: r.height,
    bandwidth: Math.round(r.bitrateK * 1.1 + 128) * 1000,
    playlist: `hls/${r.name}/index.m3u8`,
  }));
  const audioBranches = variants.length + 1; // master + every rung
  const finalMix = mixGraph(doc, sources, samples, variants.length);

  const final = (m: LoudnessMeasurement | null): FfmpegStep => {
    // A silent film (only title cards and stills) has no loudness to measure: it stays silent.
    const norm =
      m && Number.isFinite(m.inputI) && m.inputI > -70
        ? `,${loudnormBase}:measured_I=${m.inputI}:measured_TP=${m.inputTp}:measured_LRA=${m.inputLra}:measured_thresh=${m.inputThresh}:offset=${m.targetOffset}:linear=true:print_format=summary`
        : '';
    const graph = `${finalMix.graph};[mix]anull${norm},aresample=${AUDIO_RATE},${STEREO},asplit=${audioBranches}[am]${variants.map((_, i) => `[ah${i}]`).join('')}`;
    return {
      label: 'master and HLS ladder',
      seconds: durationSeconds,
      weight: durationSeconds * 0.1,
      args: [
        ...BASE_ARGS(o), ...variants.flatMap((_, i) => concat(i)), ...finalMix.inputs(o.workDir), '-y', '-filter_complex', graph,
        // Master: the segments' H.264 copied as is, the normalised mix in AAC.
        '-map', '0:v:0', '-map', '[am]', ...STRIP, '-c:v', 'copy', '-c:a', 'aac', '-b:a', '192k', '-ac', '2', '-movflags', '+faststart', '-f', 'mp4', join(outDir, 'master.mp4'),
        // HLS: every rung copied from its own concatenation; all cut at the same forced key frames.
        ...variants.flatMap((_, i) => ['-map', `${i}:v:0`, '-map', `[ah${i}]`]), ...STRIP,
        '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
        '-f', 'hls', '-hls_time', String(RENDER_SEGMENT_SECONDS), '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
        '-hls_segment_type', 'mpegts', '-hls_segment_filename', join(outDir, 'hls', '%v', 'seg_%05d.ts'), '-master_pl_name', 'master.m3u8',
        '-var_stream_map', variants.map((v, i) => `v:${i},a:${i},name:${v.name}`).join(' '),
        join(outDir, 'hls', '%v', 'index.m3u8'),
      ],
    };
  };

  const posterAt = Math.min(30, durationSeconds / 10).toFixed(3);
  const poster: FfmpegStep = {
    label: 'poster',
    seconds: 0,
    weight: 0,
    args: [...BASE_ARGS(o), '-ss', posterAt, '-i', join(outDir, 'master.mp4'), '-y', '-map', '0:v:0', ...STRIP, '-vf', 'scale=1280:-2', '-frames:v', '1', '-q:v', '3', '-update', '1', join(outDir, 'poster.jpg')],
  };

  return {
    width: spec.width,
    height: spec.height,
    totalFrames,
    durationSeconds,
    segments,
    concatLists,
    musicClipId: doc.music?.clipId ?? null,
    measure,
    final,
    poster,
    files: { master: 'master.mp4', hlsMaster: 'hls/master.m3u8', variants, poster: 'poster.jpg' },
    outDir,
  };
}

/**
 * The HLS master playlist, written by us rather than by ffmpeg: ffmpeg cannot know the bitrate
 * and profile of the copied top rung, and would announce it below the 360p rung, so players
 * would rank the rungs wrongly. Bandwidths are the rungs' caps (maxrate + audio).
 */
export function masterPlaylist(plan: RenderPlan, preset: X264Preset): string {
  // x264's ultrafast has no CABAC nor B-frames: it writes Constrained Baseline whatever -profile says.
  const profile = preset === 'ultrafast' ? '42c0' : '6400';
  const level = (height: number): string => (height >= 1080 ? '28' : height >= 720 ? '1f' : '1e');
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of [...plan.files.variants].sort((a, b) => a.bandwidth - b.bandwidth)) {
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},RESOLUTION=${v.width}x${v.height},FRAME-RATE=${RENDER_FPS}.000,CODECS="avc1.${profile}${level(v.height)},mp4a.40.2"`);
    lines.push(v.playlist.replace(/^hls\//, ''));
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON block `loudnorm … print_format=json` prints at the end of pass one. */
export function parseLoudnorm(stderr: string): LoudnessMeasurement | null {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  try {
    const j = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
    const n = (k: string): number => Number(j[k]);
    const m = { inputI: n('input_i'), inputTp: n('input_tp'), inputLra: n('input_lra'), inputThresh: n('input_thresh'), targetOffset: n('target_offset') };
    // "-inf" (silence) parses as NaN: keep it, the final pass then leaves the audio alone.
    return Object.values(m).every((v) => typeof v === 'number') ? m : null;
  } catch {
    return null;
  }
}

/** Overall progress 0–99 from the steps done and the seconds written by the current step. */
export function renderPercent(plan: RenderPlan, stepIndex: number, secondsInStep: number): number {
  const steps: FfmpegStep[] = [...plan.segments, plan.measure, plan.final(null), plan.poster];
  const total = steps.reduce((s, x) => s + x.weight, 0);
  const done = steps.slice(0, stepIndex).reduce((s, x) => s + x.weight, 0);
  const current = steps[stepIndex];
  const partial = current ? current.weight * Math.min(1, secondsInStep / Math.max(current.seconds, 0.001)) : 0;
  return Math.max(0, Math.min(99, Math.floor(((done + partial) / total) * 100)));
}
