import type { RenderTarget } from '@atelier/contracts';
import { join } from 'node:path';
import type { MediaInfo } from './probe.js';
import type { X264Preset } from './transcode-plan.js';

/** What the segment planner and the finishing steps of a render share. */

export const RENDER_FPS = 30;
export const RENDER_SEGMENT_SECONDS = 4;
/** HLS/key-frame interval in frames. */
export const RENDER_GOP = RENDER_FPS * RENDER_SEGMENT_SECONDS;
export const AUDIO_RATE = 48_000;

export interface TargetSpec {
  width: number;
  height: number;
  maxrateK: number;
  lowerRungs: Array<{ name: string; width: number; height: number; bitrateK: number }>;
}

/** Each lower rung is scaled from the rung above it, so keep them in decreasing size. */
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
  '720p': {
    width: 1280,
    height: 720,
    maxrateK: 5000,
    lowerRungs: [{ name: '360p', width: 640, height: 360, bitrateK: 800 }],
  },
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

export class RenderPlanError extends Error {}

const SAFE_PATH = /^[A-Za-z0-9_./@+-]+$/;
/** Paths go into filter graphs unquoted: refuses anything that would need escaping. */
export function safe(path: string): string {
  if (!SAFE_PATH.test(path)) throw new RenderPlanError(`path not usable in an ffmpeg filter graph: ${path}`);
  return path;
}

export const secs = (ms: number): string => (ms / 1000).toFixed(3);
export const BASE_ARGS = (o: RenderOptions): string[] => [
  '-hide_banner',
  '-nostdin',
  '-loglevel',
  'info',
  '-stats_period',
  '0.5',
  '-threads',
  String(o.threads ?? 0),
];
export const STRIP = ['-map_metadata', '-1', '-map_chapters', '-1'];
export const STEREO = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
export const sourcePath = (workDir: string, clipId: string): string => join(workDir, 'src', clipId);
