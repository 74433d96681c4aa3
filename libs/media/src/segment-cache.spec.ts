import type { TimelineDocument, TimelineSegment } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import type { MediaInfo } from './probe.js';
import { RENDER_GOP } from './render-common.js';
import type { X264Preset } from './transcode-plan.js';
import { segmentContentKey } from './segment-cache.js';
import { planRender } from './timeline-render.js';

const video: MediaInfo = {
  formatName: 'mov,mp4',
  durationMs: 60_000,
  video: { codec: 'h264', width: 1920, height: 1080, rotation: 0, fps: 30, still: false },
  audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
};
const fonts = { latin: '/f/l.ttf', arabic: '/f/a.ttf' };
const clip = (id: string, inMs: number, outMs: number, fadeIn = false): TimelineSegment => ({
  id,
  kind: 'clip',
  clipId: 'v1',
  inMs,
  outMs,
  fadeIn,
});
const title = (text: string): TimelineSegment => ({
  id: 't',
  kind: 'title',
  text,
  colour: '#000000',
  imageClipId: null,
  durationMs: 2000,
  fadeIn: false,
});

/** The content key of every segment of `segments`, planned in `workDir`. */
function keys(
  segments: TimelineSegment[],
  o: { workDir?: string; preset?: X264Preset; source?: string; encoder?: string; target?: '720p' | '1080p' } = {},
): string[] {
  const doc: TimelineDocument = { target: o.target ?? '720p', music: null, fadeOutAtEnd: false, segments };
  const workDir = o.workDir ?? '/tmp/render-a';
  const plan = planRender(doc, new Map([['v1', video]]), { workDir, preset: o.preset ?? 'veryfast', fonts });
  return plan.segments.map((s) =>
    segmentContentKey(s, workDir, () => o.source ?? 'uploads/v1 probe-1', o.encoder ?? 'ffmpeg version 7'),
  );
}

describe(segmentContentKey.name, () => {
  const film = [clip('a', 0, 4000), clip('b', 4000, 8000), clip('c', 8000, 12_000)];

  it('is the same for the same segment in another render: other scratch folder, other position by whole GOPs', () => {
    const [a, b, c] = keys(film);
    expect(keys(film, { workDir: '/tmp/render-b' })).toEqual([a, b, c]);
    // A segment of exactly one GOP (4 s) inserted before: the others keep their key, one index later.
    expect(keys([clip('x', 20_000, 24_000), ...film]).slice(1)).toEqual([a, b, c]);
    expect(RENDER_GOP).toBe(120);
  });

  it('changes with what changes the encode: in/out, fades, preset, size, source, encoder, key frames, title', () => {
    const [a, b] = keys(film);
    const changed = keys([clip('a', 500, 4500), clip('b', 4000, 8000, true), film[2]!]);
    expect(changed[0]).not.toBe(a); // in/out
    expect(changed[1]).not.toBe(b); // its fade-in
    expect(keys(film, { preset: 'medium' })[0]).not.toBe(a);
    expect(keys(film, { target: '1080p' })[0]).not.toBe(a);
    expect(keys(film, { source: 'uploads/v1 probe-2' })[0]).not.toBe(a);
    expect(keys(film, { encoder: 'ffmpeg version 8' })[0]).not.toBe(a);
    // One second inserted before: key frames fall elsewhere in the following segments.
    expect(keys([clip('x', 20_000, 21_000), ...film])[1]).not.toBe(a);
    const [t1] = keys([title('Nos voix')]);
    expect(keys([title('Nos voix')], { workDir: '/tmp/other' })[0]).toBe(t1);
    expect(keys([title('Vos voix')])[0]).not.toBe(t1);
  });

  it('changes when the NEXT segment fades in (this one fades out into it)', () => {
    const [a] = keys(film);
    expect(keys([film[0]!, clip('b', 4000, 8000, true), film[2]!])[0]).not.toBe(a);
  });
});
