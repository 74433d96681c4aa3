import type { TimelineDocument, TimelineSegment } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import {
  describeChanges,
  errorsOf,
  flagsOf,
  readTimelineDocument,
  referencedClipIds,
  timelineDurationMs,
  validateTimeline,
  type ClipFacts,
} from './timeline.js';

const ready = (kind: ClipFacts['kind'], durationMs: number | null = 10_000): ClipFacts => ({
  kind,
  status: 'ready',
  durationMs,
});
const clips = new Map<string, ClipFacts>([
  ['v1', ready('video', 10_000)],
  ['v2', ready('video', 4_000)],
  ['img', ready('image', null)],
  ['song', ready('audio', 60_000)],
  ['busy', { kind: 'video', status: 'processing', durationMs: null }],
  ['gone', { kind: 'video', status: 'ready', durationMs: 5_000, deleted: true }],
]);
const clip = (id: string, clipId: string, inMs: number, outMs: number): TimelineSegment => ({
  id,
  kind: 'clip',
  clipId,
  inMs,
  outMs,
  fadeIn: false,
});
const doc = (segments: TimelineSegment[], o: Partial<TimelineDocument> = {}): TimelineDocument => ({
  target: '1080p',
  segments,
  music: null,
  fadeOutAtEnd: false,
  ...o,
});
const codes = (d: TimelineDocument) =>
  validateTimeline(d, clips).map((i) => `${i.severity}:${i.code}@${i.segmentIndex}`);

describe('validateTimeline', () => {
  it('accepts clips, a title card on a colour, a title on an image, a still and music', () => {
    const d = doc(
      [
        {
          id: 't',
          kind: 'title',
          text: 'Nos voix',
          colour: '#112233',
          imageClipId: null,
          durationMs: 3000,
          fadeIn: true,
        },
        clip('a', 'v1', 1000, 9000),
        { id: 's', kind: 'still', clipId: 'img', durationMs: 2500, fadeIn: false },
        {
          id: 'u',
          kind: 'title',
          text: 'أصواتنا',
          colour: '#000000',
          imageClipId: 'img',
          durationMs: 2000,
          fadeIn: false,
        },
      ],
      { music: { clipId: 'song', inMs: 0, outMs: 30_000, startMs: 0, gainDb: -8 } },
    );
    expect(validateTimeline(d, clips)).toEqual([]);
    expect(timelineDurationMs(d)).toBe(3000 + 8000 + 2500 + 2000);
  });

  it('refuses in = out and out before in', () => {
    expect(codes(doc([clip('a', 'v1', 2000, 2000), clip('b', 'v1', 3000, 1000)]))).toEqual([
      'error:empty_range@0',
      'error:empty_range@1',
    ]);
  });

  it('refuses an out point past the end of the clip, naming both times', () => {
    const issues = validateTimeline(doc([clip('a', 'v2', 0, 4500)]), clips);
    expect(issues.map((i) => i.code)).toEqual(['out_past_end']);
    expect(issues[0]!.message).toContain('4.5 s');
    expect(issues[0]!.message).toContain('4.0 s');
  });

  it('accepts an out point exactly at the end of the clip', () => {
    expect(validateTimeline(doc([clip('a', 'v2', 0, 4000)]), clips)).toEqual([]);
  });

  it('refuses negative or fractional times and pieces shorter than 0.3 s', () => {
    expect(codes(doc([clip('a', 'v1', -5, 1000), clip('b', 'v1', 0.5, 1000), clip('c', 'v1', 0, 200)]))).toEqual([
      'error:negative_time@0',
      'error:negative_time@1',
      'error:too_short@2',
    ]);
  });

  it('refuses a clip that is not in the project, and a clip of the wrong kind', () => {
    expect(
      codes(
        doc([
          clip('a', 'elsewhere', 0, 1000),
          clip('b', 'img', 0, 1000),
          { id: 's', kind: 'still', clipId: 'v1', durationMs: 1000, fadeIn: false },
        ]),
      ),
    ).toEqual(['error:unknown_clip@0', 'error:wrong_kind@1', 'error:wrong_kind@2']);
  });

  it('flags (does not refuse) a clip deleted after it was placed, and one still processing', () => {
    const issues = validateTimeline(doc([clip('a', 'gone', 0, 1000), clip('b', 'busy', 0, 1000)]), clips);
    expect(errorsOf(issues)).toEqual([]);
    expect(flagsOf(issues).map((i) => [i.code, i.segmentId])).toEqual([
      ['clip_missing', 'a'],
      ['clip_not_ready', 'b'],
    ]);
  });

  it('refuses empty or over-long title text, bad colours and holds outside 0.3–60 s', () => {
    const title = (o: Partial<Extract<TimelineSegment, { kind: 'title' }>>): TimelineSegment => ({
      id: Math.random().toString(),
      kind: 'title',
      text: 'x',
      colour: '#ffffff',
      imageClipId: null,
      durationMs: 2000,
      fadeIn: false,
      ...o,
    });
    expect(
      codes(
        doc([
          title({ text: '   ' }),
          title({ text: 'x'.repeat(201) }),
          title({ colour: 'red' }),
          title({ durationMs: 61_000 }),
          title({ durationMs: 100 }),
        ]),
      ),
    ).toEqual([
      'error:text_empty@0',
      'error:text_too_long@1',
      'error:bad_colour@2',
      'error:too_long@3',
      'error:too_short@4',
    ]);
  });

  it('refuses two segments with the same id', () => {
    expect(codes(doc([clip('a', 'v1', 0, 1000), clip('a', 'v1', 1000, 2000)]))).toEqual(['error:duplicate_id@1']);
  });

  it('checks the music: its range within the clip, a gain between −30 and +10 dB, a picture-only clip refused', () => {
    expect(
      codes(
        doc([clip('a', 'v1', 0, 1000)], { music: { clipId: 'song', inMs: 0, outMs: 70_000, startMs: 0, gainDb: 20 } }),
      ),
    ).toEqual(['error:out_past_end@null', 'error:too_long@null']);
    expect(
      codes(doc([clip('a', 'v1', 0, 1000)], { music: { clipId: 'img', inMs: 0, outMs: 1000, startMs: 0, gainDb: 0 } })),
    ).toEqual(['error:wrong_kind@null']);
  });

  it('lists every clip a timeline refers to once', () => {
    const d = doc(
      [
        clip('a', 'v1', 0, 1000),
        clip('b', 'v1', 1000, 2000),
        { id: 't', kind: 'title', text: 'x', colour: '#000000', imageClipId: 'img', durationMs: 1000, fadeIn: false },
      ],
      {
        music: { clipId: 'song', inMs: 0, outMs: 1000, startMs: 0, gainDb: 0 },
      },
    );
    expect(referencedClipIds(d).sort()).toEqual(['img', 'song', 'v1']);
  });
});

describe('describeChanges', () => {
  it('says what was added, removed, moved and trimmed', () => {
    const before = doc([clip('a', 'v1', 0, 1000), clip('b', 'v1', 1000, 2000), clip('c', 'v1', 2000, 3000)]);
    const after = doc([
      clip('c', 'v1', 2000, 3000),
      clip('a', 'v1', 0, 1500),
      { id: 't', kind: 'title', text: 'x', colour: '#000000', imageClipId: null, durationMs: 1000, fadeIn: false },
    ]);
    expect(describeChanges(before, after)).toEqual(
      expect.arrayContaining([
        { kind: 'added', segmentKind: 'title', count: 1 },
        { kind: 'removed', segmentKind: 'clip', count: 1 },
        { kind: 'moved', segmentKind: 'clip', count: 2 },
        { kind: 'trimmed', segmentKind: 'clip', count: 1 },
      ]),
    );
  });

  it('notices music, fades and target changes, and nothing when nothing changed', () => {
    const before = doc([clip('a', 'v1', 0, 1000)]);
    expect(describeChanges(before, before)).toEqual([]);
    const after = doc([{ ...clip('a', 'v1', 0, 1000), fadeIn: true }], {
      target: '720p',
      music: { clipId: 'song', inMs: 0, outMs: 1000, startMs: 0, gainDb: 0 },
    });
    expect(
      describeChanges(before, after)
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['fades', 'music', 'target']);
  });
});

describe('readTimelineDocument', () => {
  const id = '0b9a4f2e-8c1d-4e5f-9a7b-123456789abc';
  it('keeps known fields only and fills defaults', () => {
    const r = readTimelineDocument({
      target: '720p',
      segments: [{ id: 's1', kind: 'clip', clipId: id.toUpperCase(), inMs: 0, outMs: 1000, extra: 'x' }],
      music: null,
      evil: true,
    });
    expect(r).toEqual({
      ok: true,
      document: {
        target: '720p',
        segments: [{ id: 's1', kind: 'clip', clipId: id, inMs: 0, outMs: 1000, fadeIn: false }],
        music: null,
        fadeOutAtEnd: false,
      },
    });
  });
  it('names every wrong field', () => {
    const r = readTimelineDocument({
      target: '4k',
      segments: [
        { id: 'a b', kind: 'clip', clipId: 'nope', inMs: '0', outMs: 1 },
        { id: 'x', kind: 'video' },
      ],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      'document.target: must be 1080p or 720p',
      'document.segments[0].id: must be 1–64 letters, digits, - or _',
      'document.segments[0].clipId: must be an id',
      'document.segments[0].inMs: must be a number',
      'document.segments[1].kind: must be clip, title or still',
    ]);
  });
});
