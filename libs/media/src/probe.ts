import { ClipFailure, ClipKind } from '@atelier/contracts';

/** The parts of `ffprobe -show_format -show_streams -of json` this pipeline reads. */
export interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  channels?: number;
  channel_layout?: string;
  sample_rate?: string;
  duration?: string;
  nb_frames?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; size?: string; bit_rate?: string; nb_streams?: number };
}

/** What the pipeline knows about a source after probing, with rotation already applied to width/height. */
export interface MediaInfo {
  formatName: string;
  durationMs: number | null;
  video: {
    codec: string;
    /** Display size: width and height swapped when the phone recorded in portrait. */
    width: number;
    height: number;
    /** Clockwise degrees the player must turn the coded picture (0, 90, 180, 270). */
    rotation: number;
    /** Average frame rate (frames per second), or null when the container does not say. */
    fps: number | null;
    /** The stream is a still picture (a photo, a single-frame image). */
    still: boolean;
  } | null;
  audio: { codec: string; channels: number; sampleRate: number } | null;
}

export type Classification =
  { ok: true; kind: ClipKind; info: MediaInfo } | { ok: false; failure: ClipFailure; message: string };

/** Formats ffprobe guesses for any bytes at all (text, ANSI art, raw data): never media for us. */
const NOT_MEDIA_FORMATS = new Set([
  'tty',
  'txt',
  'data',
  'bin',
  'srt',
  'ass',
  'webvtt',
  'subviewer',
  'microdvd',
  'jacosub',
  'mpl2',
  'pjs',
  'realtext',
  'sami',
  'stl',
  'vplayer',
  'lrc',
  'ffmetadata',
]);
const NOT_MEDIA_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf', 'text', 'none']);
const IMAGE_FORMATS =
  /(^|,)(image2|png_pipe|jpeg_pipe|webp_pipe|bmp_pipe|tiff_pipe|gif|gif_pipe|heif|avif|jpegxl_pipe|pgm_pipe|ppm_pipe|svg_pipe)(,|$)/;
const IMAGE_CODECS = new Set(['mjpeg', 'png', 'webp', 'bmp', 'tiff', 'gif', 'jpegxl', 'pgm', 'ppm', 'jpeg2000', 'svg']);

/** ffprobe's messages for a container whose end is missing (the upload was cut off). */
const TRUNCATED =
  /moov atom not found|partial file|truncat|end of file|EBML header parsing failed|Invalid frame dimensions 0x0/i;

export const FAILURE_MESSAGES: Record<ClipFailure, string> = {
  [ClipFailure.NotMedia]: 'This file is not a video, a sound recording or a picture.',
  [ClipFailure.Empty]: 'The file is empty: nothing arrived. Upload it again.',
  [ClipFailure.Truncated]: 'The file is cut off: part of it is missing. Upload it again from the phone.',
  [ClipFailure.Undecodable]:
    'The file looks like a video but cannot be played. Try exporting it again, or upload another copy.',
  [ClipFailure.ProcessingError]: 'Processing failed several times. A trainer can try again.',
  [ClipFailure.Interrupted]:
    'Processing was interrupted several times (the server stopped or ran out of time). A trainer can try again.',
};

function rational(v: string | undefined): number | null {
  if (!v) return null;
  const [n, d] = v.split('/').map(Number);
  if (!Number.isFinite(n) || !n) return null;
  const fps = d ? n / d : n;
  return Number.isFinite(fps) && fps > 0 && fps < 1000 ? fps : null;
}

/** Above this, `r_frame_rate` is a container's time scale (600, 1000…) rather than a camera's rate. */
const MAX_NOMINAL_FPS = 120;

/**
 * The rate the camera recorded at. A variable-frame-rate phone clip (30 fps that drops frames in
 * dim light) averages far less — 18 fps — and encoding at the average would stretch its judder over
 * the whole clip, so the nominal rate (`r_frame_rate`) wins when it is a plausible camera rate.
 */
export function nominalFps(v: Pick<FfprobeStream, 'avg_frame_rate' | 'r_frame_rate'>): number | null {
  const average = rational(v.avg_frame_rate);
  const nominal = rational(v.r_frame_rate);
  if (nominal !== null && nominal <= MAX_NOMINAL_FPS) return Math.max(nominal, average ?? 0);
  return average ?? nominal;
}

function seconds(v: string | undefined): number | null {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Clockwise rotation in degrees, from the display matrix (ffmpeg 5+) or the legacy `rotate` tag. */
export function rotationOf(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find(
    (s) => s.side_data_type === 'Display Matrix' && typeof s.rotation === 'number',
  );
  // The display matrix states the counter-clockwise angle; the legacy tag the clockwise one.
  const degrees = matrix ? -matrix.rotation! : Number(stream.tags?.['rotate'] ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  const normalised = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return normalised;
}

/** Reads ffprobe's JSON into what the pipeline needs. */
export function parseProbe(out: FfprobeOutput): MediaInfo {
  const streams = out.streams ?? [];
  const formatName = out.format?.format_name ?? '';
  const v = streams.find(
    (s) => s.codec_type === 'video' && !s.disposition?.attached_pic && !NOT_MEDIA_CODECS.has(s.codec_name ?? 'none'),
  );
  const a = streams.find((s) => s.codec_type === 'audio' && s.codec_name && s.codec_name !== 'none');
  const duration = seconds(out.format?.duration) ?? seconds(v?.duration) ?? seconds(a?.duration);
  let video: MediaInfo['video'] = null;
  if (v && (v.width ?? 0) > 0 && (v.height ?? 0) > 0) {
    const rotation = rotationOf(v);
    const turned = rotation === 90 || rotation === 270;
    const frames = Number(v.nb_frames ?? NaN);
    const still =
      IMAGE_FORMATS.test(formatName) || (IMAGE_CODECS.has(v.codec_name ?? '') && (frames === 1 || duration === null));
    video = {
      codec: v.codec_name ?? 'unknown',
      width: turned ? v.height! : v.width!,
      height: turned ? v.width! : v.height!,
      rotation,
      fps: nominalFps(v),
      still,
    };
  }
  const audio = a
    ? { codec: a.codec_name!, channels: a.channels ?? 0, sampleRate: Number(a.sample_rate ?? 0) || 0 }
    : null;
  return { formatName, durationMs: duration === null ? null : Math.round(duration * 1000), video, audio };
}

/**
 * Decides what a source is from its size and ffprobe's answer (its JSON, or its error message when
 * it refused the file). The kind comes from the content, never from the file name.
 */
export function classify(sizeBytes: number, probe: { output: FfprobeOutput } | { error: string }): Classification {
  const fail = (failure: ClipFailure): Classification => ({ ok: false, failure, message: FAILURE_MESSAGES[failure] });
  if (sizeBytes === 0) return fail(ClipFailure.Empty);
  if ('error' in probe) return fail(TRUNCATED.test(probe.error) ? ClipFailure.Truncated : ClipFailure.NotMedia);
  const formatName = probe.output.format?.format_name ?? '';
  if (formatName.split(',').some((f) => NOT_MEDIA_FORMATS.has(f))) return fail(ClipFailure.NotMedia);
  const info = parseProbe(probe.output);
  if (info.video?.still) return { ok: true, kind: ClipKind.Image, info: { ...info, durationMs: null, audio: null } };
  if (info.video) {
    if (info.durationMs === null) return fail(ClipFailure.Truncated);
    return { ok: true, kind: ClipKind.Video, info };
  }
  if (info.audio) {
    if (info.durationMs === null) return fail(ClipFailure.Truncated);
    if (info.audio.channels <= 0 || info.audio.sampleRate <= 0) return fail(ClipFailure.Undecodable);
    return { ok: true, kind: ClipKind.Audio, info };
  }
  const hadStreams = (probe.output.streams ?? []).some((s) => s.codec_type === 'video' || s.codec_type === 'audio');
  return fail(hadStreams ? ClipFailure.Undecodable : ClipFailure.NotMedia);
}
