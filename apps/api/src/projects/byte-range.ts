import type { Readable } from 'node:stream';

/** An object ready to be streamed to the browser (whole, or the requested byte range). */
export interface ServedFile {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/**
 * Reads an HTTP `Range` header for one range (`bytes=a-b`, `bytes=a-`, `bytes=-n`): null to serve
 * the whole object, `'unsatisfiable'` for a 416. (Same rule as the clip player's media route.)
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
