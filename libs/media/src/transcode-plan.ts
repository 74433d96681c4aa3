import { ClipKind } from '@atelier/contracts';
import { join } from 'node:path';
import { HLS_AUDIO_BITRATE, outputFps, proxySize, renditionLadder, type Rung } from './ladder.js';
import type { MediaInfo } from './probe.js';

/** x264 presets that make sense for a small shared server (see docs/ARCHITECTURE.md, media pipeline). */
export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

export const HLS_SEGMENT_SECONDS = 4;
export const MAX_THUMBNAILS = 10;
const THUMBNAIL_HEIGHT = 90;
const PROXY_AUDIO_BITRATE = 128_000;
const POSTER_MAX_SIDE = 1280;

export interface TranscodeOptions {
  /** The source file on local disk. */
  input: string;
  /** An empty directory for the outputs (file names inside are fixed: see `TranscodePlan.files`). */
  outDir: string;
  preset: X264Preset;
  /** ffmpeg threads; 0 lets ffmpeg decide. */
  threads?: number;
}

/** One ffmpeg output: its options, then its target path. */
export interface PlannedOutput {
  args: string[];
  target: string;
}

/** Output files, relative to `outDir` (also the object keys under `clips/<clipId>/`). */
export interface PlannedFiles {
  proxy: string | null;
  hlsMaster: string | null;
  variants: Array<{ rung: Rung; playlist: string }>;
  poster: string;
  thumbnailStrip: string | null;
  thumbnailCount: number;
}

/**
 * Everything one ffmpeg invocation needs: arguments before the input, the input, one filter graph
 * and the outputs. `commandLine()` flattens it in the order ffmpeg (and fluent-ffmpeg) expect.
 */
export interface TranscodePlan {
  kind: ClipKind;
  /** Where the outputs go (created before ffmpeg runs). */
  outDir: string;
  inputArgs: string[];
  input: string;
  filterComplex: string;
  outputs: PlannedOutput[];
  files: PlannedFiles;
  /** Seconds of media ffmpeg will read (for progress); null for images. */
  durationSeconds: number | null;
}

/** The ffmpeg argument list for a plan, exactly as it is run. */
export function commandLine(plan: TranscodePlan): string[] {
  return [
    ...plan.inputArgs,
    '-i',
    plan.input,
    '-y',
    '-filter_complex',
    plan.filterComplex,
    ...plan.outputs.flatMap((o) => [...o.args, o.target]),
  ];
}

const k = (bps: number): string => `${Math.round(bps / 1000)}k`;

/** No metadata from the source reaches an output: no GPS position, no phone make or model, no dates. */
const STRIP = ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact'];
const JPEG = ['-frames:v', '1', '-q:v', '3', '-update', '1'];

function inputArgs(o: TranscodeOptions): string[] {
  // Rotation: ffmpeg's autorotate (on by default, so not repeated here) turns phone portrait clips
  // upright in the filter graph, and the rotation side data is not copied to the outputs, so players
  // do not turn them a second time. `-stats_period 0.5` paces the progress lines.
  return ['-hide_banner', '-nostdin', '-loglevel', 'info', '-stats_period', '0.5', '-threads', String(o.threads ?? 0)];
}

function thumbnailCount(durationSeconds: number): number {
  return Math.max(1, Math.min(MAX_THUMBNAILS, Math.floor(durationSeconds)));
}

/** Mono, 5.1 or anything else becomes 48 kHz stereo; `async` fills gaps so audio stays in sync. */
const AUDIO_CHAIN = 'aresample=48000:async=1:first_pts=0,aformat=sample_fmts=fltp:channel_layouts=stereo';

function videoPlan(info: MediaInfo, o: TranscodeOptions): TranscodePlan {
  const v = info.video!;
  const duration = (info.durationMs ?? 1000) / 1000;
  const fps = outputFps(v.fps);
  const hasAudio = info.audio !== null;
  const ladder = renditionLadder(v.width, v.height, hasAudio);
  const proxy = proxySize(v.width, v.height);
  const thumbs = thumbnailCount(duration);
  const posterAt = Math.min(1, duration / 10).toFixed(3);
  const splits = ['vp', ...ladder.map((_, i) => `v${i}`), 'vposter', 'vthumbs'];
  const graph = [
    // One decode, one rotation, one constant frame rate (VFR phone clips become CFR), then fan out.
    `[0:v:0]fps=${fps},setsar=1,format=yuv420p,split=${splits.length}${splits.map((s) => `[${s}]`).join('')}`,
    `[vp]scale=${proxy.width}:${proxy.height}:flags=bicubic[proxy]`,
    ...ladder.map((r, i) => `[v${i}]scale=${r.width}:${r.height}:flags=bicubic[hls${i}]`),
    `[vposter]trim=start=${posterAt},setpts=PTS-STARTPTS,scale=${proxy.width}:${proxy.height}[poster]`,
    // A sliding strip (each new thumbnail pushes the oldest out; the file is rewritten each time, and
    // the last write holds them all): the output starts at once, so ffmpeg prints progress from the
    // start — a tile emitted only at the end would hold back ffmpeg's stats until the end.
    `[vthumbs]fps=fps=${thumbs}/${duration.toFixed(3)}:round=down,scale=-2:${THUMBNAIL_HEIGHT},tile=${thumbs}x1:overlap=${thumbs - 1}:init_padding=${thumbs - 1}[thumbs]`,
  ];
  if (hasAudio)
    graph.push(`[0:a:0]${AUDIO_CHAIN},asplit=${ladder.length + 1}[ap]${ladder.map((_, i) => `[a${i}]`).join('')}`);

  const x264 = ['-c:v', 'libx264', '-preset', o.preset, '-pix_fmt', 'yuv420p', '-profile:v', 'high'];
  const gop = String(fps * HLS_SEGMENT_SECONDS);
  const outputs: PlannedOutput[] = [
    {
      args: [
        '-map',
        '[proxy]',
        ...(hasAudio ? ['-map', '[ap]'] : []),
        ...STRIP,
        ...x264,
        '-crf',
        '23',
        '-maxrate',
        '4000k',
        '-bufsize',
        '8000k',
        '-g',
        String(fps * 2),
        ...(hasAudio ? ['-c:a', 'aac', '-b:a', k(PROXY_AUDIO_BITRATE), '-ac', '2'] : []),
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
      ],
      target: join(o.outDir, 'proxy.mp4'),
    },
    {
      args: [
        ...ladder.flatMap((_, i) => ['-map', `[hls${i}]`, ...(hasAudio ? ['-map', `[a${i}]`] : [])]),
        ...STRIP,
        ...x264,
        ...ladder.flatMap((r, i) => [
          `-b:v:${i}`,
          k(r.videoBitrate),
          `-maxrate:v:${i}`,
          k(r.videoBitrate * 1.1),
          `-bufsize:v:${i}`,
          k(r.videoBitrate * 2),
        ]),
        // Key frames exactly every segment, so every rung cuts its segments at the same instants.
        '-g',
        gop,
        '-keyint_min',
        gop,
        '-sc_threshold',
        '0',
        ...(hasAudio ? ['-c:a', 'aac', '-b:a', k(HLS_AUDIO_BITRATE), '-ac', '2'] : []),
        '-f',
        'hls',
        '-hls_time',
        String(HLS_SEGMENT_SECONDS),
        '-hls_playlist_type',
        'vod',
        '-hls_flags',
        'independent_segments',
        '-hls_segment_type',
        'mpegts',
        '-hls_segment_filename',
        join(o.outDir, 'hls', '%v', 'seg_%05d.ts'),
        '-master_pl_name',
        'master.m3u8',
        '-var_stream_map',
        ladder.map((r, i) => `v:${i}${hasAudio ? `,a:${i}` : ''},name:${r.name}`).join(' '),
      ],
      target: join(o.outDir, 'hls', '%v', 'index.m3u8'),
    },
    { args: ['-map', '[poster]', ...STRIP, ...JPEG], target: join(o.outDir, 'poster.jpg') },
    { args: ['-map', '[thumbs]', ...STRIP, '-q:v', '4', '-update', '1'], target: join(o.outDir, 'thumbs.jpg') },
  ];
  return {
    kind: ClipKind.Video,
    outDir: o.outDir,
    inputArgs: inputArgs(o),
    input: o.input,
    filterComplex: graph.join(';'),
    outputs,
    files: {
      proxy: 'proxy.mp4',
      hlsMaster: 'hls/master.m3u8',
      variants: ladder.map((rung) => ({ rung, playlist: `hls/${rung.name}/index.m3u8` })),
      poster: 'poster.jpg',
      thumbnailStrip: 'thumbs.jpg',
      thumbnailCount: thumbs,
    },
    durationSeconds: duration,
  };
}

function audioPlan(info: MediaInfo, o: TranscodeOptions): TranscodePlan {
  const duration = (info.durationMs ?? 1000) / 1000;
  const graph = [
    `[0:a:0]${AUDIO_CHAIN},asplit=3[ap][ah][aw]`,
    // The waveform is the poster: a picture of the whole recording, light on the player's dark background.
    `[aw]showwavespic=s=1280x360:split_channels=0:colors=0x8ab4f8|0x8ab4f8:scale=sqrt,format=yuvj420p[poster]`,
  ];
  const rung: Rung = {
    name: 'audio',
    width: 0,
    height: 0,
    videoBitrate: 0,
    bandwidth: Math.round((HLS_AUDIO_BITRATE * 1.1) / 1000) * 1000,
  };
  return {
    kind: ClipKind.Audio,
    outDir: o.outDir,
    inputArgs: inputArgs(o),
    input: o.input,
    filterComplex: graph.join(';'),
    outputs: [
      {
        args: [
          '-map',
          '[ap]',
          ...STRIP,
          '-c:a',
          'aac',
          '-b:a',
          k(PROXY_AUDIO_BITRATE),
          '-movflags',
          '+faststart',
          '-f',
          'mp4',
        ],
        target: join(o.outDir, 'proxy.m4a'),
      },
      {
        args: [
          '-map',
          '[ah]',
          ...STRIP,
          '-c:a',
          'aac',
          '-b:a',
          k(HLS_AUDIO_BITRATE),
          '-f',
          'hls',
          '-hls_time',
          String(HLS_SEGMENT_SECONDS),
          '-hls_playlist_type',
          'vod',
          '-hls_segment_type',
          'mpegts',
          '-hls_segment_filename',
          join(o.outDir, 'hls', '%v', 'seg_%05d.ts'),
          '-master_pl_name',
          'master.m3u8',
          '-var_stream_map',
          'a:0,name:audio',
        ],
        target: join(o.outDir, 'hls', '%v', 'index.m3u8'),
      },
      { args: ['-map', '[poster]', ...STRIP, ...JPEG], target: join(o.outDir, 'poster.jpg') },
    ],
    files: {
      proxy: 'proxy.m4a',
      hlsMaster: 'hls/master.m3u8',
      variants: [{ rung, playlist: 'hls/audio/index.m3u8' }],
      poster: 'poster.jpg',
      thumbnailStrip: null,
      thumbnailCount: 0,
    },
    durationSeconds: duration,
  };
}

function imagePlan(info: MediaInfo, o: TranscodeOptions): TranscodePlan {
  const v = info.video!;
  const scale = Math.min(1, POSTER_MAX_SIDE / Math.max(v.width, v.height));
  const w = Math.max(2, Math.round((v.width * scale) / 2) * 2);
  const h = Math.max(2, Math.round((v.height * scale) / 2) * 2);
  return {
    kind: ClipKind.Image,
    outDir: o.outDir,
    inputArgs: inputArgs(o),
    input: o.input,
    filterComplex: `[0:v:0]scale=${w}:${h}:flags=lanczos,setsar=1,format=yuvj420p[poster]`,
    outputs: [{ args: ['-map', '[poster]', ...STRIP, ...JPEG], target: join(o.outDir, 'poster.jpg') }],
    files: {
      proxy: null,
      hlsMaster: null,
      variants: [],
      poster: 'poster.jpg',
      thumbnailStrip: null,
      thumbnailCount: 0,
    },
    durationSeconds: null,
  };
}

/** Plans the one ffmpeg invocation that turns a probed source into everything the player needs. */
export function planTranscode(kind: ClipKind, info: MediaInfo, o: TranscodeOptions): TranscodePlan {
  if (kind === ClipKind.Video) {
    if (!info.video) throw new Error('planTranscode: a video needs a video stream');
    return videoPlan(info, o);
  }
  if (kind === ClipKind.Audio) {
    if (!info.audio) throw new Error('planTranscode: an audio clip needs an audio stream');
    return audioPlan(info, o);
  }
  if (!info.video) throw new Error('planTranscode: an image needs a picture');
  return imagePlan(info, o);
}
