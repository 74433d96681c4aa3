/** A satisfiable byte range of an object of known size (inclusive ends, as in HTTP). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads an HTTP `Range` header for one range (`bytes=a-b`, `bytes=a-`, `bytes=-n`). Returns null
 * when there is no usable header (serve the whole object) and `'unsatisfiable'` when the range lies
 * outside the object (416). Several ranges are answered with the first one, which players accept.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
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
