import type { TimelineDocument, TimelineSegment, TimelineSource } from '@atelier/contracts';

/**
 * Pure edits of a timeline document, as the editor makes them: each returns a new document (the
 * editor keeps the last saved one to know whether there is something to save).
 */
export const DEFAULT_HOLD_MS = 3000;
export const DEFAULT_TITLE_COLOUR = '#1d3557';

export function newSegmentId(): string {
  return crypto.randomUUID();
}

export function segmentMs(s: TimelineSegment): number {
  return s.kind === 'clip' ? Math.max(0, s.outMs - s.inMs) : s.durationMs;
}

export function totalMs(doc: TimelineDocument): number {
  return doc.segments.reduce((sum, s) => sum + segmentMs(s), 0);
}

/** A clip of the bin added at the end: a video whole, a photo held 3 s. Sound clips become the music. */
export function addSource(doc: TimelineDocument, source: TimelineSource): TimelineDocument {
  if (source.kind === 'audio') {
    return {
      ...doc,
      music: { clipId: source.clipId, inMs: 0, outMs: source.durationMs ?? 0, startMs: 0, gainDb: -12 },
    };
  }
  const segment: TimelineSegment =
    source.kind === 'image'
      ? { id: newSegmentId(), kind: 'still', clipId: source.clipId, durationMs: DEFAULT_HOLD_MS, fadeIn: false }
      : {
          id: newSegmentId(),
          kind: 'clip',
          clipId: source.clipId,
          inMs: 0,
          outMs: source.durationMs ?? 0,
          fadeIn: false,
        };
  return { ...doc, segments: [...doc.segments, segment] };
}

export function addTitle(doc: TimelineDocument, text: string): TimelineDocument {
  const segment: TimelineSegment = {
    id: newSegmentId(),
    kind: 'title',
    text,
    colour: DEFAULT_TITLE_COLOUR,
    imageClipId: null,
    durationMs: DEFAULT_HOLD_MS,
    fadeIn: true,
  };
  return { ...doc, segments: [...doc.segments, segment] };
}

export function move(doc: TimelineDocument, from: number, to: number): TimelineDocument {
  if (to < 0 || to >= doc.segments.length || from === to) return doc;
  const segments = [...doc.segments];
  const [s] = segments.splice(from, 1);
  segments.splice(to, 0, s!);
  return { ...doc, segments };
}

export function remove(doc: TimelineDocument, index: number): TimelineDocument {
  return { ...doc, segments: doc.segments.filter((_, i) => i !== index) };
}

export function update(doc: TimelineDocument, index: number, patch: Partial<TimelineSegment>): TimelineDocument {
  return { ...doc, segments: doc.segments.map((s, i) => (i === index ? ({ ...s, ...patch } as TimelineSegment) : s)) };
}

/** "1:05.3" — minutes, seconds and tenths (digits read the same way in every language here). */
export function clock(ms: number): string {
  const tenths = Math.round(ms / 100);
  const m = Math.floor(tenths / 600);
  const s = Math.floor((tenths % 600) / 10);
  return `${m}:${String(s).padStart(2, '0')}.${tenths % 10}`;
}
