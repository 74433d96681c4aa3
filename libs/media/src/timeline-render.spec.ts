import type { TimelineDocument, TimelineSegment } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import type { MediaInfo } from './probe.js';
import { RENDER_GOP, RenderPlanError } from './render-common.js';
import { planRender, renderPercent, renderSteps, wrapTitle } from './timeline-render.js';

const info = (o: { w?: number; h?: number; audio?: boolean; still?: boolean; video?: boolean } = {}): MediaInfo => ({
  formatName: 'mov,mp4',
  durationMs: 10_000,
  video:
    o.video === false
      ? null
      : { codec: 'h264', width: o.w ?? 1920, height: o.h ?? 1080, rotation: 0, fps: 30, still: o.still ?? false },
  audio: o.audio === false ? null : { codec: 'aac', channels: 2, sampleRate: 48000 },
});
const sources = new Map<string, MediaInfo>([
  ['v1', info()],
  ['mute', info({ w: 720, h: 1280, audio: false })],
  ['img', info({ still: true, audio: false, w: 1600, h: 1200 })],
  ['song', info({ video: false })],
]);
const fonts = { latin: '/fonts/NotoSans_700Bold.ttf', arabic: '/fonts/NotoSansArabic_700Bold.ttf' };
const opts = { workDir: '/tmp/render-1', preset: 'veryfast' as const, fonts };
const clip = (id: string, clipId: string, inMs: number, outMs: number, fadeIn = false): TimelineSegment => ({
  id,
  kind: 'clip',
  clipId,
  inMs,
  outMs,
  fadeIn,
});
const doc = (segments: TimelineSegment[], o: Partial<TimelineDocument> = {}): TimelineDocument => ({
  target: '1080p',
  segments,
  music: null,
  fadeOutAtEnd: false,
  ...o,
});
const after = (args: string[], flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));

describe('planRender', () => {
  const d = doc([
    clip('a', 'v1', 1000, 3500, true),
    clip('b', 'mute', 0, 2000),
    {
      id: 't',
      kind: 'title',
      text: 'Nos voix — أصواتنا',
      colour: '#203040',
      imageClipId: null,
      durationMs: 2000,
      fadeIn: true,
    },
    { id: 's', kind: 'still', clipId: 'img', durationMs: 1500, fadeIn: false },
  ]);
  const plan = planRender(d, sources, opts);

  it('has one step per segment, each opening at most two inputs (the source and generated silence)', () => {
    expect(plan.segments).toHaveLength(4);
    for (const s of plan.segments) expect(after(s.args, '-i').length).toBeLessThanOrEqual(2);
    expect(after(plan.segments[0]!.args, '-i')).toEqual(['/tmp/render-1/src/v1']);
    expect(after(plan.segments[1]!.args, '-i')).toEqual(['/tmp/render-1/src/mute', 'anullsrc=r=48000:cl=stereo']);
  });

  it('trims a clip by seeking its input to the in point for out − in seconds', () => {
    const a = plan.segments[0]!.args;
    expect(after(a, '-ss')).toEqual(['1.000']);
    expect(after(a, '-t')).toEqual(['2.500']);
    expect(after(a, '-frames:v')).toEqual(['75', '75', '75']); // the target and both lower rungs
  });

  it('counts the film in whole frames at 30 fps and audio in samples that match them', () => {
    expect(plan.segments.map((s) => s.frames)).toEqual([75, 60, 60, 45]);
    expect(plan.segments.map((s) => s.startFrame)).toEqual([0, 75, 135, 195]);
    expect(plan.totalFrames).toBe(240);
    expect(plan.durationSeconds).toBe(8);
    expect(plan.segments[0]!.args.join(' ')).toContain(`apad=whole_len=${75 * 1600},atrim=end_sample=${75 * 1600}`);
  });

  it('letterboxes every source to 1920×1080 yuv420p, square pixels, 30 fps', () => {
    for (const s of plan.segments) {
      const graph = after(s.args, '-filter_complex')[0]!;
      expect(`${graph} ${after(s.args, '-i').join(' ')}`).toMatch(
        /scale=1920:1080:force_original_aspect_ratio=decrease.*pad=1920:1080|color=.*:s=1920x1080/,
      );
      expect(graph).toContain('format=yuv420p');
    }
    expect(after(plan.segments[0]!.args, '-filter_complex')[0]).toContain('fps=30');
  });

  it('forces key frames on the film’s clock so the HLS rungs cut at the same instants', () => {
    expect(new Set(after(plan.segments[1]!.args, '-force_key_frames'))).toEqual(
      new Set([`expr:eq(mod(n+75,${RENDER_GOP}),0)`]),
    );
  });

  it('dips to black between segments: fade out before a segment that fades in, fade in at its start', () => {
    const b = after(plan.segments[1]!.args, '-filter_complex')[0]!;
    expect(b).toContain('fade=t=out:s=45:n=15');
    expect(b).toContain('afade=t=out:st=1.500:d=0.500');
    const t = after(plan.segments[2]!.args, '-filter_complex')[0]!;
    expect(t).toContain('fade=t=in:s=0:n=15');
    expect(after(plan.segments[0]!.args, '-filter_complex')[0]).toContain('fade=t=in:s=0:n=15');
    expect(after(plan.segments[3]!.args, '-filter_complex')[0]).not.toContain('fade=');
  });

  it('writes title text through text files with the Arabic font for Arabic lines and no % expansion', () => {
    const t = plan.segments[2]!;
    expect(t.texts.map((x) => x.content)).toEqual(['Nos voix — أصواتنا']);
    const graph = after(t.args, '-filter_complex')[0]!;
    expect(graph).toContain(`textfile=${t.texts[0]!.path}`);
    expect(graph).toContain('fontfile=/fonts/NotoSansArabic_700Bold.ttf');
    expect(graph).toContain('expansion=none');
    expect(after(t.args, '-i')[0]).toBe('color=c=0x203040:s=1920x1080:r=30:d=2.000');
  });

  it('loops a still image for its duration', () => {
    const s = plan.segments[3]!.args;
    expect(s.slice(s.indexOf('-loop'), s.indexOf('-loop') + 6)).toEqual([
      '-loop',
      '1',
      '-framerate',
      '30',
      '-t',
      '1.500',
    ]);
  });

  it('encodes segments with the final H.264 settings and PCM sound into Matroska', () => {
    const a = plan.segments[0]!.args;
    expect(after(a, '-c:v')).toEqual(['libx264', 'libx264', 'libx264']);
    expect(new Set(after(a, '-preset'))).toEqual(new Set(['veryfast']));
    expect(new Set(after(a, '-pix_fmt'))).toEqual(new Set(['yuv420p']));
    expect(after(a, '-c:a')).toEqual(['pcm_s16le']);
    expect(after(a, '-crf')).toEqual(['21']);
    expect(a[a.indexOf('pcm_s16le') + 7]).toBe('/tmp/render-1/seg_00000.mkv');
  });

  it('lists the segments for the concat demuxer in order, one list per rung', () => {
    expect(plan.concatLists.map((l) => l.path)).toEqual(
      ['1080p', '720p', '360p'].map((r) => `/tmp/render-1/concat_${r}.txt`),
    );
    expect(plan.concatLists[0]!.content.trim().split('\n')).toEqual(
      [0, 1, 2, 3].map((i) => `file '/tmp/render-1/seg_0000${i}.mkv'`),
    );
    expect(plan.concatLists[2]!.content.trim().split('\n')).toEqual(
      [0, 1, 2, 3].map((i) => `file '/tmp/render-1/seg_0000${i}_360p.mkv'`),
    );
  });

  it('decodes each source once: the segment step also encodes the lower HLS rungs, with key frames on the film’s clock', () => {
    const a = plan.segments[1]!.args;
    const graph = after(a, '-filter_complex')[0]!;
    // Each lower rung is scaled from the one above it, not from the full picture.
    expect(graph).toContain(
      '[vf]split=2[v][l0];[l0]scale=1280:720:flags=bilinear,setsar=1,split=2[r0][l1];[l1]scale=640:360:flags=bilinear,setsar=1[r1]',
    );
    expect(after(a, '-map')).toEqual(['[v]', '[a]', '[r0]', '[r1]']);
    expect(a).toContain('/tmp/render-1/seg_00001_720p.mkv');
    expect(after(a, '-force_key_frames')).toEqual(Array(3).fill(`expr:eq(mod(n+75,${RENDER_GOP}),0)`));
    expect(after(a, '-b:v')).toEqual(['2800k', '800k']);
  });

  it('mixes music from its in point, delayed to its start on the film, with its gain, stopping with the film', () => {
    const p = planRender(
      doc([clip('a', 'v1', 0, 4000)], {
        music: { clipId: 'song', inMs: 2000, outMs: 12_000, startMs: 1500, gainDb: -6 },
      }),
      sources,
      opts,
    );
    const a = p.measure.args;
    expect(after(a, '-i')).toEqual(['/tmp/render-1/concat_1080p.txt', '/tmp/render-1/src/song']);
    expect(after(p.audio(null).args, '-i')).toEqual(['/tmp/render-1/concat_1080p.txt', '/tmp/render-1/src/song']);
    expect(after(a, '-ss')).toEqual(['2.000']);
    const g = after(a, '-filter_complex')[0]!;
    expect(g).toContain('adelay=1500:all=1,volume=-6dB');
    expect(g).toContain('amix=inputs=2:duration=first:dropout_transition=0:normalize=0');
  });

  it('renders 720p with a 360p rung below it', () => {
    const p = planRender(doc([clip('a', 'v1', 0, 4000)], { target: '720p' }), sources, opts);
    expect(after(p.segments[0]!.args, '-filter_complex')[0]).toContain('scale=1280:720:');
    expect(p.files.variants.map((v) => v.name)).toEqual(['720p', '360p']);
  });

  it('refuses an empty timeline, a missing source, music without sound and paths that would need escaping', () => {
    expect(() => planRender(doc([]), sources, opts)).toThrow(RenderPlanError);
    expect(() => planRender(doc([clip('a', 'nope', 0, 1000)]), sources, opts)).toThrow(/no source/);
    expect(() =>
      planRender(
        doc([clip('a', 'v1', 0, 1000)], { music: { clipId: 'mute', inMs: 0, outMs: 1000, startMs: 0, gainDb: 0 } }),
        sources,
        opts,
      ),
    ).toThrow(/no sound/);
    expect(() => planRender(doc([clip('a', 'v1', 0, 1000)]), sources, { ...opts, workDir: "/tmp/it's here" })).toThrow(
      RenderPlanError,
    );
  });

  it('streams a 40-minute film of 60 clips: 60 small steps of at most two inputs, then passes reading one file per rung at a time', () => {
    const long = doc(Array.from({ length: 60 }, (_, i) => clip(`s${i}`, 'v1', 0, 40_000)));
    const p = planRender(long, sources, opts);
    expect(p.durationSeconds).toBe(2400);
    expect(Math.max(...p.segments.map((s) => after(s.args, '-i').length))).toBeLessThanOrEqual(2);
    expect(after(p.audio(null).args, '-i').every((i) => i.endsWith('.txt'))).toBe(true);
    expect(after(p.master.args, '-i')).toEqual([p.concatLists[0]!.path, '/tmp/render-1/audio.m4a']);
    expect(p.hls.map((h) => after(h.args, '-i'))).toEqual(
      p.concatLists.map((l) => [l.path, '/tmp/render-1/audio.m4a']),
    );
    expect(after(p.poster.args, '-i')).toEqual(['/tmp/render-1/out/master.mp4']);
  });
});

describe('wrapTitle', () => {
  it('wraps on words at 28 characters, keeps line breaks, cuts words longer than a line', () => {
    expect(wrapTitle('Les voisines solidaires de Molenbeek racontent leur quartier')).toEqual([
      'Les voisines solidaires de',
      'Molenbeek racontent leur',
      'quartier',
    ]);
    expect(wrapTitle('Un\nDeux')).toEqual(['Un', 'Deux']);
    expect(wrapTitle('x'.repeat(30))).toEqual(['x'.repeat(28), 'xx']);
  });
});

describe('renderPercent', () => {
  const p = planRender(doc([clip('a', 'v1', 0, 4000), clip('b', 'v1', 0, 4000)]), sources, opts);
  it('grows from 0 through the steps and never reaches 100 before the outputs are stored', () => {
    const last = renderSteps(p).length;
    expect(last).toBe(2 + 4 + 3); // segments, measure, sound, master, poster, one HLS pass per rung
    const values = [
      renderPercent(p, 0, 0),
      renderPercent(p, 0, 2),
      renderPercent(p, 1, 0),
      renderPercent(p, 2, 4),
      renderPercent(p, 3, 8),
      renderPercent(p, 4, 8),
      renderPercent(p, 6, 4),
      renderPercent(p, last, 0),
    ];
    expect(values[0]).toBe(0);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(values.at(-1)).toBe(99);
  });
});
