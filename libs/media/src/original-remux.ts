import { ClipKind } from '@atelier/contracts';
import type { MediaInfo } from './probe.js';

/**
 * The ffmpeg arguments that rewrite a kept original without its metadata — GPS position, phone
 * make and model, creation dates, chapters — by stream copy (no re-encode: same pictures, same
 * sound, seconds of work). Only the video and audio streams are kept (phones add timed-metadata
 * tracks). The rotation survives: it is the stream's display matrix (side data, not a tag), which
 * stream copy carries over — the worker probes the result to make sure. Same container family.
 * Pictures are not remuxed (their EXIF is part of the JPEG data): null.
 */
export function planOriginalRemux(kind: ClipKind, info: MediaInfo, input: string, output: string): string[] | null {
  if (kind === ClipKind.Image || info.video?.still) return null;
  const maps = kind === ClipKind.Audio ? ['-map', '0:a'] : ['-map', '0:v:0', '-map', '0:a?'];
  return [
    '-v',
    'error',
    '-y',
    '-i',
    input,
    ...maps,
    '-c',
    'copy',
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    '-fflags',
    '+bitexact',
    '-f',
    containerOf(info.formatName),
    output,
  ];
}

/** ffmpeg's muxer for a probed format ("mov,mp4,m4a,3gp,3g2,mj2" → mov; "matroska,webm" → matroska). */
export function containerOf(formatName: string): string {
  if (/(^|,)mov(,|$)/.test(formatName)) return 'mov';
  if (/(^|,)matroska(,|$)/.test(formatName)) return 'matroska';
  return formatName.split(',')[0] || 'matroska';
}
