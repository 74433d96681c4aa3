import type {
  TimelineChange,
  TimelineDocument,
  TimelineIssue,
  TimelineIssueCode,
  TimelineSegment,
  TimelineSegmentKind,
} from '@atelier/contracts';

/**
 * The timeline model: rules about an edit decision list, with no I/O. The API validates a save
 * with it, the worker plans a render from it, the web client shows the same durations.
 *
 * Decision (issue 6): a request that is wrong in itself (in = out, out past the clip's end, a clip
 * that is not in the project) is REFUSED when saving; a clip that was fine when placed and later
 * deleted or that is still processing is FLAGGED — the timeline keeps the segment (nothing a member
 * did is lost) but a render is refused until the segment is removed or the clip is ready.
 */

/** What the model needs to know about a clip of the project. */
export interface ClipFacts {
  kind: 'video' | 'audio' | 'image' | null;
  status: 'uploading' | 'processing' | 'ready' | 'failed';
  durationMs: number | null;
  /** The clip was deleted after the timeline referenced it (the API remembers ids it saw). */
  deleted?: boolean;
}

export const TIMELINE_LIMITS = {
  maxSegments: 400,
  /** Shortest piece of anything: one frame at 30 fps would be unwatchable; a third of a second is a flash cut. */
  minSegmentMs: 300,
  maxHeldMs: 60_000,
  maxTextLength: 200,
  /** A film longer than this is surely a mistake (issue 6 speaks of 40 minutes). */
  maxTotalMs: 3 * 3600_000,
  minGainDb: -30,
  maxGainDb: 10,
} as const;

/** Length of the fade at each side of a dip to black. */
export const FADE_MS = 500;
const COLOUR = /^#[0-9a-f]{6}$/i;

export function segmentDurationMs(s: TimelineSegment): number {
  return s.kind === 'clip' ? Math.max(0, s.outMs - s.inMs) : Math.max(0, s.durationMs);
}

export function timelineDurationMs(doc: TimelineDocument): number {
  return doc.segments.reduce((sum, s) => sum + segmentDurationMs(s), 0);
}

/** Clips a timeline refers to (segments, title backgrounds, music), each once. */
export function referencedClipIds(doc: TimelineDocument): string[] {
  const ids = new Set<string>();
  for (const s of doc.segments) {
    if (s.kind === 'title') {
      if (s.imageClipId) ids.add(s.imageClipId);
    } else ids.add(s.clipId);
  }
  if (doc.music) ids.add(doc.music.clipId);
  return [...ids];
}

const issue = (
  code: TimelineIssueCode,
  severity: 'error' | 'flag',
  index: number | null,
  id: string | null,
  message: string,
): TimelineIssue => ({
  code,
  severity,
  segmentIndex: index,
  segmentId: id,
  message,
});

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Every problem of a timeline given what is known about its clips (a clip missing from `clips`
 * was never in this project: an error; one marked `deleted`: a flag).
 */
export function validateTimeline(doc: TimelineDocument, clips: ReadonlyMap<string, ClipFacts>): TimelineIssue[] {
  const found: TimelineIssue[] = [];
  const L = TIMELINE_LIMITS;
  if (doc.segments.length > L.maxSegments)
    found.push(issue('too_many_segments', 'error', null, null, `A timeline holds at most ${L.maxSegments} segments.`));

  /** Checks a clip reference; returns its facts when it can be used. */
  const clipRef = (
    clipId: string,
    want: Array<'video' | 'audio' | 'image'>,
    index: number | null,
    id: string | null,
    what: string,
  ): ClipFacts | null => {
    const c = clips.get(clipId);
    if (!c) {
      found.push(issue('unknown_clip', 'error', index, id, `${what}: this clip is not in the project.`));
      return null;
    }
    if (c.deleted) {
      found.push(
        issue('clip_missing', 'flag', index, id, `${what}: its clip was deleted. Remove it or choose another clip.`),
      );
      return null;
    }
    if (c.kind !== null && !want.includes(c.kind)) {
      found.push(
        issue(
          'wrong_kind',
          'error',
          index,
          id,
          `${what}: a ${c.kind} clip cannot be used here (needs ${want.join(' or ')}).`,
        ),
      );
      return null;
    }
    if (c.status !== 'ready') {
      found.push(
        issue(
          'clip_not_ready',
          'flag',
          index,
          id,
          `${what}: its clip is ${c.status === 'failed' ? 'broken' : 'not ready yet'}.`,
        ),
      );
      return null;
    }
    return c;
  };

  const range = (
    inMs: number,
    outMs: number,
    facts: ClipFacts | null,
    index: number | null,
    id: string | null,
    what: string,
  ): void => {
    if (!Number.isInteger(inMs) || !Number.isInteger(outMs) || inMs < 0 || outMs < 0) {
      found.push(
        issue('negative_time', 'error', index, id, `${what}: in and out must be whole milliseconds, not negative.`),
      );
      return;
    }
    if (outMs <= inMs) {
      found.push(
        issue(
          'empty_range',
          'error',
          index,
          id,
          `${what}: the out point (${seconds(outMs)}) must come after the in point (${seconds(inMs)}).`,
        ),
      );
      return;
    }
    if (outMs - inMs < L.minSegmentMs)
      found.push(issue('too_short', 'error', index, id, `${what}: keep at least ${seconds(L.minSegmentMs)}.`));
    if (facts?.durationMs != null && outMs > facts.durationMs) {
      found.push(
        issue(
          'out_past_end',
          'error',
          index,
          id,
          `${what}: the out point (${seconds(outMs)}) is past the end of the clip (${seconds(facts.durationMs)}).`,
        ),
      );
    }
  };

  const held = (ms: number, index: number, id: string, what: string): void => {
    if (!Number.isInteger(ms) || ms < L.minSegmentMs || ms > L.maxHeldMs) {
      found.push(
        issue(
          ms < L.minSegmentMs ? 'too_short' : 'too_long',
          'error',
          index,
          id,
          `${what}: hold it between ${seconds(L.minSegmentMs)} and ${seconds(L.maxHeldMs)}.`,
        ),
      );
    }
  };

  const ids = new Set<string>();
  doc.segments.forEach((s, i) => {
    const what = `Segment ${i + 1}`;
    if (ids.has(s.id)) found.push(issue('duplicate_id', 'error', i, s.id, `${what}: two segments have the same id.`));
    ids.add(s.id);
    if (s.kind === 'clip') {
      const facts = clipRef(s.clipId, ['video'], i, s.id, what);
      range(s.inMs, s.outMs, facts, i, s.id, what);
    } else if (s.kind === 'still') {
      clipRef(s.clipId, ['image'], i, s.id, what);
      held(s.durationMs, i, s.id, what);
    } else {
      const text = s.text.trim();
      if (text.length === 0)
        found.push(issue('text_empty', 'error', i, s.id, `${what}: a title card needs some text.`));
      if (s.text.length > L.maxTextLength)
        found.push(
          issue('text_too_long', 'error', i, s.id, `${what}: keep the title under ${L.maxTextLength} characters.`),
        );
      if (!COLOUR.test(s.colour))
        found.push(issue('bad_colour', 'error', i, s.id, `${what}: the colour must look like #1a2b3c.`));
      if (s.imageClipId) clipRef(s.imageClipId, ['image'], i, s.id, what);
      held(s.durationMs, i, s.id, what);
    }
  });

  if (doc.music) {
    const m = doc.music;
    const facts = clipRef(m.clipId, ['audio', 'video'], null, null, 'Music');
    range(m.inMs, m.outMs, facts, null, null, 'Music');
    if (!Number.isInteger(m.startMs) || m.startMs < 0)
      found.push(issue('negative_time', 'error', null, null, 'Music: its start on the film must be 0 or later.'));
    if (!Number.isFinite(m.gainDb) || m.gainDb < L.minGainDb || m.gainDb > L.maxGainDb) {
      found.push(
        issue(
          'too_long',
          'error',
          null,
          null,
          `Music: the gain must be between ${L.minGainDb} and +${L.maxGainDb} dB.`,
        ),
      );
    }
  }
  if (timelineDurationMs(doc) > L.maxTotalMs)
    found.push(issue('too_long', 'error', null, null, `The film may last at most ${L.maxTotalMs / 3600_000} hours.`));
  return found;
}

export const errorsOf = (issues: TimelineIssue[]): TimelineIssue[] => issues.filter((i) => i.severity === 'error');
export const flagsOf = (issues: TimelineIssue[]): TimelineIssue[] => issues.filter((i) => i.severity === 'flag');

/** An empty timeline for a project that never saved one. */
export function emptyTimeline(): TimelineDocument {
  return { target: '1080p', segments: [], music: null, fadeOutAtEnd: false };
}

/**
 * What changed between two versions, for "who changed what" in the project's history. Counted per
 * kind of change and kind of segment; the client words it in the reader's language.
 */
export function describeChanges(before: TimelineDocument, after: TimelineDocument): TimelineChange[] {
  const changes = new Map<string, TimelineChange>();
  const add = (kind: TimelineChange['kind'], segmentKind: TimelineSegmentKind | null): void => {
    const key = `${kind}:${segmentKind ?? ''}`;
    const c = changes.get(key) ?? { kind, segmentKind, count: 0 };
    c.count++;
    changes.set(key, c);
  };
  const old = new Map(before.segments.map((s, i) => [s.id, { s, i }]));
  const now = new Map(after.segments.map((s, i) => [s.id, { s, i }]));
  for (const { s } of now.values()) if (!old.has(s.id)) add('added', s.kind);
  for (const { s } of old.values()) if (!now.has(s.id)) add('removed', s.kind);
  // Moved: order of the segments kept by both versions differs.
  const keptBefore = before.segments.filter((s) => now.has(s.id)).map((s) => s.id);
  const keptAfter = after.segments.filter((s) => old.has(s.id)).map((s) => s.id);
  keptAfter.forEach((id, i) => {
    if (keptBefore[i] !== id) add('moved', now.get(id)!.s.kind);
  });
  for (const { s } of now.values()) {
    const was = old.get(s.id)?.s;
    if (!was || was.kind !== s.kind) continue;
    if (
      s.kind === 'clip' &&
      was.kind === 'clip' &&
      (s.inMs !== was.inMs || s.outMs !== was.outMs || s.clipId !== was.clipId)
    )
      add('trimmed', 'clip');
    if (
      s.kind === 'title' &&
      was.kind === 'title' &&
      (s.text !== was.text || s.colour !== was.colour || s.imageClipId !== was.imageClipId)
    )
      add('retitled', 'title');
    if (
      (s.kind === 'title' || s.kind === 'still') &&
      (was.kind === 'title' || was.kind === 'still') &&
      s.durationMs !== was.durationMs
    )
      add('retimed', s.kind);
    if (s.fadeIn !== was.fadeIn) add('fades', s.kind);
  }
  if (before.fadeOutAtEnd !== after.fadeOutAtEnd) add('fades', null);
  if (JSON.stringify(before.music) !== JSON.stringify(after.music)) add('music', null);
  if (before.target !== after.target) add('target', null);
  return [...changes.values()];
}

/**
 * Reads a timeline document from untrusted JSON: checks every field's type and keeps only known
 * fields. Returns the problems as `path: what is wrong` for a 400 answer.
 */
export function readTimelineDocument(
  input: unknown,
): { ok: true; document: TimelineDocument } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const obj = (v: unknown, path: string): Record<string, unknown> | null => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    problems.push(`${path}: must be an object`);
    return null;
  };
  const num = (o: Record<string, unknown>, k: string, path: string): number => {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    problems.push(`${path}.${k}: must be a number`);
    return 0;
  };
  const str = (o: Record<string, unknown>, k: string, path: string, max = 200): string => {
    const v = o[k];
    if (typeof v === 'string' && v.length <= max * 4) return v;
    problems.push(`${path}.${k}: must be text`);
    return '';
  };
  const bool = (o: Record<string, unknown>, k: string, path: string): boolean => {
    const v = o[k];
    if (v === undefined) return false;
    if (typeof v === 'boolean') return v;
    problems.push(`${path}.${k}: must be true or false`);
    return false;
  };
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const id = (o: Record<string, unknown>, k: string, path: string): string => {
    const v = str(o, k, path);
    if (v && !UUID.test(v)) problems.push(`${path}.${k}: must be an id`);
    return v.toLowerCase();
  };
  const segId = (o: Record<string, unknown>, path: string): string => {
    const v = str(o, 'id', path, 64);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(v)) problems.push(`${path}.id: must be 1–64 letters, digits, - or _`);
    return v;
  };

  const root = obj(input, 'document');
  if (!root) return { ok: false, problems };
  const target = root['target'];
  if (target !== '1080p' && target !== '720p') problems.push('document.target: must be 1080p or 720p');
  const segments: TimelineSegment[] = [];
  if (!Array.isArray(root['segments'])) problems.push('document.segments: must be a list');
  else if (root['segments'].length > TIMELINE_LIMITS.maxSegments)
    problems.push(`document.segments: at most ${TIMELINE_LIMITS.maxSegments}`);
  else
    root['segments'].forEach((raw, i) => {
      const path = `document.segments[${i}]`;
      const s = obj(raw, path);
      if (!s) return;
      const common = { id: segId(s, path), fadeIn: bool(s, 'fadeIn', path) };
      if (s['kind'] === 'clip')
        segments.push({
          ...common,
          kind: 'clip',
          clipId: id(s, 'clipId', path),
          inMs: num(s, 'inMs', path),
          outMs: num(s, 'outMs', path),
        });
      else if (s['kind'] === 'still')
        segments.push({
          ...common,
          kind: 'still',
          clipId: id(s, 'clipId', path),
          durationMs: num(s, 'durationMs', path),
        });
      else if (s['kind'] === 'title') {
        const image = s['imageClipId'];
        segments.push({
          ...common,
          kind: 'title',
          text: str(s, 'text', path, TIMELINE_LIMITS.maxTextLength),
          colour: str(s, 'colour', path, 7),
          imageClipId: image === null || image === undefined ? null : id(s, 'imageClipId', path),
          durationMs: num(s, 'durationMs', path),
        });
      } else problems.push(`${path}.kind: must be clip, title or still`);
    });
  let music: TimelineDocument['music'] = null;
  if (root['music'] !== null && root['music'] !== undefined) {
    const m = obj(root['music'], 'document.music');
    if (m)
      music = {
        clipId: id(m, 'clipId', 'document.music'),
        inMs: num(m, 'inMs', 'document.music'),
        outMs: num(m, 'outMs', 'document.music'),
        startMs: num(m, 'startMs', 'document.music'),
        gainDb: num(m, 'gainDb', 'document.music'),
      };
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    document: {
      target: target as TimelineDocument['target'],
      segments,
      music,
      fadeOutAtEnd: bool(root, 'fadeOutAtEnd', 'document'),
    },
  };
}
