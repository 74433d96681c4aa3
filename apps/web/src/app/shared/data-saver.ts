/**
 * What the browser says about the connection, and how players use it so that a phone on prepaid
 * data pays for as little as it can: the first rendition fits the connection (and the player's
 * size, through hls.js's `capLevelToPlayerSize`), and a documentary starts with sound only when
 * the person turned data saving on (`navigator.connection.saveData`, which is also what makes the
 * browser send `Save-Data: on`, seen by the server).
 */
export interface ConnectionHints {
  saveData?: boolean;
  /** `slow-2g`, `2g`, `3g` or `4g` (the browser's estimate, Chromium only). */
  effectiveType?: string;
  /** Estimated downlink in Mb/s. */
  downlink?: number;
}

export function connectionHints(): ConnectionHints {
  const c = (navigator as Navigator & { connection?: ConnectionHints }).connection;
  return c ? { saveData: c.saveData, effectiveType: c.effectiveType, downlink: c.downlink } : {};
}

const SLOW = new Set(['slow-2g', '2g', '3g']);

/** Whether the connection calls for the smallest rendition first. */
export function isSlowOrSaving(h: ConnectionHints): boolean {
  return !!h.saveData || SLOW.has(h.effectiveType ?? '');
}

/**
 * hls.js settings for the first rendition: the lowest one on a slow or data-saving connection,
 * otherwise hls.js's own choice from a bandwidth estimate seeded with the browser's (hls.js
 * guesses 500 kb/s without it), capped to the player's size. No segment loads before play.
 */
export function hlsStartConfig(h: ConnectionHints): {
  capLevelToPlayerSize: true;
  autoStartLoad: false;
  startLevel: number | undefined;
  abrEwmaDefaultEstimate: number;
} {
  const slow = isSlowOrSaving(h);
  const downlink = typeof h.downlink === 'number' && h.downlink > 0 ? h.downlink * 1_000_000 : 500_000;
  return {
    capLevelToPlayerSize: true,
    autoStartLoad: false,
    startLevel: slow ? 0 : undefined,
    abrEwmaDefaultEstimate: slow ? Math.min(downlink, 300_000) : downlink,
  };
}

/** A film starts with sound only when it has that rendition and the person saves data (or the server saw `Save-Data`). */
export function startsWithSoundOnly(
  doc: { audioOnlyUrl: string | null; startWith: 'video' | 'sound' },
  h: ConnectionHints,
): boolean {
  return !!doc.audioOnlyUrl && (doc.startWith === 'sound' || !!h.saveData);
}
