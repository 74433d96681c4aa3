/**
 * The rendition ladder. Rungs are named by the picture's short side (360p, 480p, 720p), so a
 * portrait phone clip gets 720×1280 for "720p". Nothing is ever scaled up: a source smaller than
 * a rung does not get that rung, and a source smaller than the lowest rung gets one rung at its
 * own size.
 */
export interface Rung {
  /** The rung's name, e.g. `720p` (also its folder in the HLS output). */
  name: string;
  width: number;
  height: number;
  /** Target video bitrate in bits per second (capped with maxrate/bufsize for steady streaming). */
  videoBitrate: number;
  /** Bits per second announced in the master playlist (video + audio, with headroom). */
  bandwidth: number;
}

export const LADDER_SHORT_SIDES = [360, 480, 720] as const;
/** The proxy (MP4 download and HLS fallback) is never larger than this short side. */
export const PROXY_SHORT_SIDE = 720;
/** Video bitrates per short side, for talking heads and handheld phone footage at ≤ 30 fps. */
const VIDEO_BITRATES: Record<number, number> = { 360: 800_000, 480: 1_400_000, 720: 2_800_000 };
export const HLS_AUDIO_BITRATE = 96_000;

const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

/** Scales (width, height) so that its short side becomes `shortSide` (rounded to even numbers). */
export function fitShortSide(width: number, height: number, shortSide: number): { width: number; height: number } {
  if (width >= height) return { width: even((width * shortSide) / height), height: even(shortSide) };
  return { width: even(shortSide), height: even((height * shortSide) / width) };
}

export function renditionLadder(width: number, height: number, hasAudio: boolean): Rung[] {
  const short = Math.min(width, height);
  const sides: number[] = LADDER_SHORT_SIDES.filter((s) => s <= short);
  if (sides.length === 0) sides.push(even(short));
  return sides.map((side) => {
    const size = fitShortSide(width, height, side);
    // Below 360p, scale the bitrate with the number of pixels.
    const videoBitrate =
      VIDEO_BITRATES[side] ??
      Math.max(150_000, Math.round((VIDEO_BITRATES[360]! * (size.width * size.height)) / (640 * 360)));
    return {
      name: `${side}p`,
      ...size,
      videoBitrate,
      bandwidth: Math.round((videoBitrate * 1.1 + (hasAudio ? HLS_AUDIO_BITRATE : 0)) / 1000) * 1000,
    };
  });
}

/** The MP4 proxy's size: 720p, or the source's own size (rounded to even) when it is smaller. */
export function proxySize(width: number, height: number): { width: number; height: number } {
  if (Math.min(width, height) <= PROXY_SHORT_SIDE) return { width: even(width), height: even(height) };
  return fitShortSide(width, height, PROXY_SHORT_SIDE);
}

/** Output frame rate: the source's rate rounded, capped at 30 (phones record VFR around 30). */
export function outputFps(sourceFps: number | null): number {
  if (sourceFps === null || !Number.isFinite(sourceFps) || sourceFps <= 0) return 30;
  return Math.min(30, Math.max(1, Math.round(sourceFps)));
}
