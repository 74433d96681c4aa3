import type { TimelineDocument } from '@atelier/contracts';
import { join } from 'node:path';
import {
  AUDIO_RATE,
  BASE_ARGS,
  RENDER_FPS,
  RENDER_SEGMENT_SECONDS,
  RenderPlanError,
  safe,
  secs,
  sourcePath,
  STEREO,
  STRIP,
  type FfmpegStep,
  type RenderOptions,
  type RenderSources,
} from './render-common.js';
import type { X264Preset } from './transcode-plan.js';

/**
 * What happens once every segment is encoded (see `timeline-render.ts` for the segments):
 *
 *  1. loudness measure: the concat demuxer reads every segment's sound in order (+ the music,
 *     trimmed, delayed, gained and mixed); `ebur128` (EBU R128, true peak) prints the film's
 *     integrated loudness, loudness range and true peak.
 *  2. sound: the same mix, normalised (see `loudnessFilter`), encoded ONCE to AAC (`audio.m4a`)
 *     and, in the same run, to the audio-only HLS rendition (AAC 64 kb/s, `hls/audio/`) that
 *     people on a weak or prepaid connection can choose ("sound only").
 *  3. outputs: one concat per rung, all video copied, the one AAC track copied beside it — the
 *     master MP4 (faststart) and every HLS rung: nothing is decoded or encoded twice.
 *  4. poster: one frame of the master, seeked to.
 */

/** EBU R128 target for films watched on phones and laptops (streaming practice: −16 LUFS). */
export const LOUDNESS_TARGET = { integrated: -16, truePeak: -1.5, range: 11 } as const;
/** One AAC encode serves the master and every HLS rung. */
export const AUDIO_BITRATE_K = 160;
/**
 * The audio-only rendition: AAC-LC 64 kb/s stereo — speech stays clear, and a 10-minute film costs
 * about 5 MB instead of about 60 MB for its smallest video rung.
 */
export const AUDIO_ONLY_BITRATE_K = 64;
/** Its playlist, relative to the render's folder (the master playlist lists it as `audio/index.m3u8`). */
export const AUDIO_ONLY_PLAYLIST = 'hls/audio/index.m3u8';

export interface LoudnessMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
}

/** How the film's sound was normalised, stored with the render. */
export interface LoudnessOutcome extends LoudnessMeasurement {
  /** `linear`: one gain for the whole film; `dynamic`: loudnorm's dynamic mode; `none`: silent film. */
  mode: 'linear' | 'dynamic' | 'none';
  gainDb: number | null;
}

export interface Rendition {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
  playlist: string;
}

const loudnormBase = `loudnorm=I=${LOUDNESS_TARGET.integrated}:TP=${LOUDNESS_TARGET.truePeak}:LRA=${LOUDNESS_TARGET.range}`;

/**
 * The normalisation a measurement calls for. `loudnorm`'s own second pass decides the same way —
 * one gain when it reaches the target without pushing the true peak over its ceiling and the
 * range is within the target's — but always resamples to 192 kHz and back; a plain gain costs a
 * fraction of that. A film whose peaks would clip goes through loudnorm's dynamic mode. A silent
 * film (only titles and stills) stays silent.
 */
export function loudnessFilter(m: LoudnessMeasurement | null): { filter: string; outcome: LoudnessOutcome | null } {
  if (!m || !Number.isFinite(m.inputI) || m.inputI <= -70) {
    return { filter: '', outcome: m && { ...m, mode: 'none', gainDb: null } };
  }
  const gain = Math.round((LOUDNESS_TARGET.integrated - m.inputI) * 100) / 100;
  const peakAfter = Number.isFinite(m.inputTp) ? m.inputTp + gain : Number.NEGATIVE_INFINITY;
  if (peakAfter <= LOUDNESS_TARGET.truePeak && m.inputLra <= LOUDNESS_TARGET.range) {
    return { filter: `,volume=${gain}dB`, outcome: { ...m, mode: 'linear', gainDb: gain } };
  }
  const tp = Number.isFinite(m.inputTp) ? m.inputTp : -99;
  return {
    filter: `,${loudnormBase}:measured_I=${m.inputI}:measured_TP=${tp}:measured_LRA=${m.inputLra}:measured_thresh=${m.inputThresh}:linear=true:print_format=summary,aresample=${AUDIO_RATE}`,
    outcome: { ...m, mode: 'dynamic', gainDb: null },
  };
}

/** The film's mix, ending in `[mix]`: input 0 is the target rung's concatenation, the music (if any) is input `musicInput`. */
function mixGraph(
  doc: TimelineDocument,
  sources: RenderSources,
  samples: number,
  musicInput: number,
): { inputs: (workDir: string) => string[]; graph: string } {
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

export interface FinishPlan {
  measure: FfmpegStep;
  /**
   * The normalised sound, encoded once (`audioPath`), and the audio-only HLS rendition
   * (`AUDIO_ONLY_PLAYLIST`) from the same decoded mix; the filter depends on the measurement.
   */
  audio: (m: LoudnessMeasurement | null) => FfmpegStep;
  audioPath: string;
  /** The master MP4: the target rung's segments and the sound, copied. */
  master: FfmpegStep;
  /** One HLS rendition per rung (same order as `variants`), each copied from its own segments with the same sound. */
  hls: FfmpegStep[];
  poster: FfmpegStep;
  variants: Rendition[];
}

/**
 * Plans the steps after the segments. `concatLists[i]` is rung i's list (the target rung first: its
 * segments carry the sound); `rungs` are the rungs in the same order.
 */
export function planFinish(
  doc: TimelineDocument,
  sources: RenderSources,
  o: RenderOptions,
  film: {
    totalFrames: number;
    concatLists: string[];
    rungs: Array<{ name: string; width: number; height: number; bitrateK: number }>;
    outDir: string;
  },
): FinishPlan {
  const durationSeconds = film.totalFrames / RENDER_FPS;
  const samples = (film.totalFrames * AUDIO_RATE) / RENDER_FPS;
  const concat = (i: number): string[] => ['-f', 'concat', '-safe', '0', '-i', safe(film.concatLists[i]!)];
  const mix = mixGraph(doc, sources, samples, 1);
  const audioPath = join(o.workDir, 'audio.m4a');

  const measure: FfmpegStep = {
    label: 'loudness measure',
    seconds: durationSeconds,
    weight: durationSeconds * 0.01,
    args: [
      ...BASE_ARGS(o),
      ...concat(0),
      ...mix.inputs(o.workDir),
      '-y',
      '-filter_complex',
      `${mix.graph};[mix]ebur128=peak=true:framelog=verbose[out]`,
      '-map',
      '[out]',
      '-f',
      'null',
      '-',
    ],
  };

  const audio = (m: LoudnessMeasurement | null): FfmpegStep => ({
    label: 'sound',
    seconds: durationSeconds,
    weight: durationSeconds * 0.03,
    args: [
      ...BASE_ARGS(o),
      ...concat(0),
      ...mix.inputs(o.workDir),
      '-y',
      '-filter_complex',
      `${mix.graph};[mix]anull${loudnessFilter(m).filter},${STEREO},asplit=2[out][only]`,
      '-map',
      '[out]',
      ...STRIP,
      '-c:a',
      'aac',
      '-b:a',
      `${AUDIO_BITRATE_K}k`,
      '-ac',
      '2',
      '-ar',
      String(AUDIO_RATE),
      '-f',
      'mp4',
      audioPath,
      // Sound only: the same normalised mix at 64 kb/s, cut at the video rungs' segment length.
      '-map',
      '[only]',
      ...STRIP,
      '-c:a',
      'aac',
      '-b:a',
      `${AUDIO_ONLY_BITRATE_K}k`,
      '-ac',
      '2',
      '-ar',
      String(AUDIO_RATE),
      '-f',
      'hls',
      '-hls_time',
      String(RENDER_SEGMENT_SECONDS),
      '-hls_playlist_type',
      'vod',
      '-hls_segment_type',
      'mpegts',
      '-hls_segment_filename',
      join(film.outDir, 'hls', 'audio', 'seg_%05d.ts'),
      join(film.outDir, AUDIO_ONLY_PLAYLIST),
    ],
  });

  const variants: Rendition[] = film.rungs.map((r) => ({
    name: r.name,
    width: r.width,
    height: r.height,
    bandwidth: Math.round(r.bitrateK * 1.1 + AUDIO_BITRATE_K) * 1000,
    playlist: `hls/${r.name}/index.m3u8`,
  }));
  // Each output is its own copy-only pass, so that it can be uploaded and deleted (with the segments
  // it was made from) before the next one is written: the scratch disk never holds all of them at once.
  const master: FfmpegStep = {
    label: 'master',
    seconds: durationSeconds,
    weight: durationSeconds * 0.01,
    args: [
      ...BASE_ARGS(o),
      ...concat(0),
      '-i',
      safe(audioPath),
      '-y',
      // The segments' H.264 and the one AAC track, both copied.
      '-map',
      '0:v:0',
      '-map',
      '1:a:0',
      ...STRIP,
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      join(film.outDir, 'master.mp4'),
    ],
  };
  const hls: FfmpegStep[] = variants.map((v, i) => ({
    label: `HLS ${v.name}`,
    seconds: durationSeconds,
    weight: (durationSeconds * 0.01) / variants.length,
    args: [
      // Every rung copied from its own concatenation with the same sound, cut at the same forced key frames.
      ...BASE_ARGS(o),
      ...concat(i),
      '-i',
      safe(audioPath),
      '-y',
      '-map',
      '0:v:0',
      '-map',
      '1:a:0',
      ...STRIP,
      '-c',
      'copy',
      '-f',
      'hls',
      '-hls_time',
      String(RENDER_SEGMENT_SECONDS),
      '-hls_playlist_type',
      'vod',
      '-hls_flags',
      'independent_segments',
      '-hls_segment_type',
      'mpegts',
      '-hls_segment_filename',
      join(film.outDir, 'hls', v.name, 'seg_%05d.ts'),
      join(film.outDir, 'hls', v.name, 'index.m3u8'),
    ],
  }));

  const posterAt = Math.min(30, durationSeconds / 10).toFixed(3);
  const poster: FfmpegStep = {
    label: 'poster',
    seconds: 0,
    weight: 0,
    args: [
      ...BASE_ARGS(o),
      '-ss',
      posterAt,
      '-i',
      join(film.outDir, 'master.mp4'),
      '-y',
      '-map',
      '0:v:0',
      ...STRIP,
      '-vf',
      'scale=1280:-2',
      '-frames:v',
      '1',
      '-q:v',
      '3',
      '-update',
      '1',
      join(film.outDir, 'poster.jpg'),
    ],
  };
  return { measure, audio, audioPath, master, hls, poster, variants };
}

/**
 * The summary `ebur128` prints at the end of the measure pass:
 *   Integrated loudness:  I: -24.2 LUFS  Threshold: -34.3 LUFS
 *   Loudness range:       LRA: 7.0 LU  Threshold: …  LRA low: …  LRA high: …
 *   True peak:            Peak: -3.1 dBFS
 * Silence reads I −70 and peak −inf (kept: the sound is then left alone). Null when absent.
 */
export function parseLoudness(stderr: string): LoudnessMeasurement | null {
  const at = stderr.lastIndexOf('Summary:');
  if (at < 0) return null;
  const s = stderr.slice(at);
  const num = (re: RegExp): number => {
    const v = re.exec(s)?.[1];
    if (v === undefined) return Number.NaN;
    return v === '-inf' ? Number.NEGATIVE_INFINITY : Number(v);
  };
  const inputI = num(/\bI:\s+(-?[\d.]+|-inf)\s+LUFS/);
  const inputThresh = num(/\bI:[^\n]*\n[^\n]*Threshold:\s+(-?[\d.]+|-inf)\s+LUFS/);
  const inputLra = num(/\bLRA:\s+(-?[\d.]+)\s+LU\b/);
  const inputTp = num(/\bPeak:\s+(-?[\d.]+|-inf)\s+dBFS/);
  if ([inputI, inputLra].some(Number.isNaN)) return null;
  return { inputI, inputTp, inputLra, inputThresh };
}

/**
 * The HLS master playlist, written by us rather than by ffmpeg: ffmpeg cannot know the bitrate
 * and profile of copied streams, and would announce the top rung below the 360p rung, so players
 * would rank the rungs wrongly. Bandwidths are the rungs' caps (maxrate + audio). The audio-only
 * rendition comes last (a player starts with the first variant listed; Apple's HLS guidelines ask
 * for an audio-only variant for weak links); the web player picks it by name when the person asks
 * for sound only or Save-Data is on.
 */
export function masterPlaylist(variants: Rendition[], preset: X264Preset): string {
  // x264's ultrafast has no CABAC nor B-frames: it writes Constrained Baseline whatever -profile says.
  const profile = preset === 'ultrafast' ? '42c0' : '6400';
  const level = (height: number): string => (height >= 1080 ? '28' : height >= 720 ? '1f' : '1e');
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of [...variants].sort((a, b) => a.bandwidth - b.bandwidth)) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},RESOLUTION=${v.width}x${v.height},FRAME-RATE=${RENDER_FPS}.000,CODECS="avc1.${profile}${level(v.height)},mp4a.40.2"`,
    );
    lines.push(v.playlist.replace(/^hls\//, ''));
  }
  lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${Math.round(AUDIO_ONLY_BITRATE_K * 1.1) * 1000},CODECS="mp4a.40.2"`);
  lines.push(AUDIO_ONLY_PLAYLIST.replace(/^hls\//, ''));
  return `${lines.join('\n')}\n`;
}
