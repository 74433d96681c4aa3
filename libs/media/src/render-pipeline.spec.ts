import type { TimelineDocument } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import type { MediaInfo } from './probe.js';
import { executeRenderPlan } from './render-pipeline.js';
import type { RenderRepository } from './render.repository.js';
import { planRender } from './timeline-render.js';

const video: MediaInfo = {
  formatName: 'mov,mp4',
  durationMs: 10_000,
  video: { codec: 'h264', width: 1920, height: 1080, rotation: 0, fps: 30, still: false },
  audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
};
const doc: TimelineDocument = {
  target: '1080p',
  segments: [
    { id: 'a', kind: 'clip', clipId: 'v1', inMs: 0, outMs: 4000, fadeIn: false },
    { id: 'b', kind: 'clip', clipId: 'v2', inMs: 0, outMs: 4000, fadeIn: true },
  ],
  music: null,
  fadeOutAtEnd: false,
};
const SUMMARY =
  '[Parsed_ebur128_0 @ 0x1] Summary:\n  Integrated loudness:\n    I:         -24.2 LUFS\n    Threshold: -34.3 LUFS\n  Loudness range:\n    LRA:         7.0 LU\n  True peak:\n    Peak:      -12.8 dBFS';

/**
 * A file system and ffmpeg in memory: each step "writes" the file its last argument names (HLS
 * passes also a segment), and the test reads, at every moment, which files exist.
 */
function fakeDisk() {
  const files = new Set<string>();
  const log: string[] = [];
  const ffmpeg = {
    fonts: () => ({ latin: '/f/l.ttf', arabic: '/f/a.ttf' }),
    writeText: async (path: string) => void files.add(path),
    removeFile: async (path: string) => void files.delete(path),
    makeDir: async () => undefined,
    listDir: async (dir: string) =>
      [...files]
        .filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/'))
        .map((f) => f.slice(dir.length + 1))
        .sort(),
    run: async (args: string[]) => {
      const out = args.at(-1)!;
      if (out !== '-') files.add(out);
      if (out.endsWith('index.m3u8')) files.add(out.replace('index.m3u8', 'seg_00000.ts'));
      // Segment steps write the target rung and the lower rungs (video only).
      for (const a of args) if (/\/seg_\d+(_\w+)?\.mkv$/.test(a)) files.add(a);
      log.push(`run ${out === '-' ? 'measure' : out.split('/').slice(-2).join('/')}`);
      return { ok: true as const, reachedSeconds: 0, stderrTail: out === '-' ? SUMMARY : '' };
    },
  };
  return { files, log, ffmpeg: ffmpeg as unknown as RenderRepository };
}

const twoClipPlan = () =>
  planRender(
    doc,
    new Map([
      ['v1', video],
      ['v2', video],
    ]),
    { workDir: '/w', preset: 'veryfast', fonts: { latin: '/f/l.ttf', arabic: '/f/a.ttf' } },
  );

describe('executeRenderPlan', () => {
  it('hands each output over as soon as it is written, and frees each rung’s segments once its HLS pass is done', async () => {
    const plan = twoClipPlan();
    const disk = fakeDisk();
    const handed: string[][] = [];
    const onDiskAtHandover: string[][] = [];
    const outcome = await executeRenderPlan(
      plan,
      '/w',
      {
        ffmpeg: disk.ffmpeg,
        preset: 'veryfast',
        sources: { fetch: async (_id, path) => void disk.files.add(path) },
        outputs: {
          publish: async (paths) => {
            handed.push(paths);
            onDiskAtHandover.push([...disk.files].filter((f) => f.startsWith('/w/out/')).sort());
          },
        },
      },
      () => undefined,
      new AbortController().signal,
    );

    expect(outcome).toMatchObject({ ok: true, loudness: { mode: 'linear' } });
    expect(handed).toEqual([
      ['hls/audio/index.m3u8', 'hls/audio/seg_00000.ts'],
      ['master.mp4', 'poster.jpg'],
      ['hls/1080p/index.m3u8', 'hls/1080p/seg_00000.ts'],
      ['hls/720p/index.m3u8', 'hls/720p/seg_00000.ts'],
      ['hls/360p/index.m3u8', 'hls/360p/seg_00000.ts'],
      ['hls/master.m3u8'],
    ]);
    // Only what is being handed over is in the output folder at that moment: one output at a time.
    expect(onDiskAtHandover).toEqual(handed.map((paths) => paths.map((p) => `/w/out/${p}`).sort()));
    // Each rung's segments are gone before the next rung's HLS pass; the sound too at the end.
    expect(plan.rungSegments.map((r) => r.length)).toEqual([2, 2, 2]);
    expect(handed.length).toBe(6);
    for (const f of [...plan.rungSegments.flat(), plan.audioPath]) expect(disk.files.has(f)).toBe(false);
    expect(disk.log).toEqual([
      ...plan.segments.map((s) => `run ${s.args.at(-1)!.split('/').slice(-2).join('/')}`),
      'run measure',
      'run audio/index.m3u8',
      'run out/master.mp4',
      'run out/poster.jpg',
      'run 1080p/index.m3u8',
      'run 720p/index.m3u8',
      'run 360p/index.m3u8',
    ]);
  });

  it('keeps nothing handed over when a pass fails, and says which pass', async () => {
    const plan = twoClipPlan();
    const disk = fakeDisk();
    const run = disk.ffmpeg.run.bind(disk.ffmpeg);
    (disk.ffmpeg as { run: RenderRepository['run'] }).run = async (args, onTime) =>
      args.at(-1)!.endsWith('720p/index.m3u8')
        ? { ok: false as const, cancelled: false, permanent: false, message: 'No space left on device' }
        : run(args, onTime);
    const handed: string[][] = [];
    const outcome = await executeRenderPlan(
      plan,
      '/w',
      {
        ffmpeg: disk.ffmpeg,
        preset: 'veryfast',
        sources: { fetch: async (_id, path) => void disk.files.add(path) },
        outputs: { publish: async (p) => void handed.push(p) },
      },
      () => undefined,
      new AbortController().signal,
    );
    expect(outcome).toEqual({
      ok: false,
      cancelled: false,
      permanent: false,
      message: 'HLS 720p: No space left on device',
    });
    expect(handed.flat()).not.toContain('hls/master.m3u8');
  });

  it('restores kept segments instead of encoding them (their sources not even fetched), and keeps the fresh ones', async () => {
    const plan = twoClipPlan();
    const disk = fakeDisk();
    const fetched: string[] = [];
    const kept: number[] = [];
    const outcome = await executeRenderPlan(
      plan,
      '/w',
      {
        ffmpeg: disk.ffmpeg,
        preset: 'veryfast',
        sources: {
          fetch: async (id, path) => {
            fetched.push(id);
            disk.files.add(path);
          },
        },
        outputs: { publish: async () => undefined },
        cache: {
          has: (seg) => seg.index === 0,
          restore: async (seg) => {
            for (const f of [seg.output, ...Object.values(seg.rungOutputs)]) disk.files.add(f);
            return true;
          },
          keep: async (seg) => void kept.push(seg.index),
        },
      },
      () => undefined,
      new AbortController().signal,
    );
    expect(outcome).toMatchObject({ ok: true, encodedSegments: [1], reusedSegments: 1 });
    expect(fetched).toEqual(['v2']);
    expect(kept).toEqual([1]);
    expect(disk.log.filter((l) => l.includes('seg_'))).toEqual(['run w/seg_00001_360p.mkv']);
  });
});
