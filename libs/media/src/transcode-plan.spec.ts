import { ClipKind } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import type { MediaInfo } from './probe.js';
import { commandLine, planTranscode } from './transcode-plan.js';

const video = (
  o: Partial<NonNullable<MediaInfo['video']>> = {},
  audio: MediaInfo['audio'] = { codec: 'aac', channels: 1, sampleRate: 44100 },
): MediaInfo => ({
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationMs: 60_000,
  video: { codec: 'h264', width: 1920, height: 1080, rotation: 0, fps: 29.97, still: false, ...o },
  audio,
});
const opts = { input: '/tmp/in/source', outDir: '/tmp/out', preset: 'veryfast' as const };

function valueAfter(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('planTranscode (video)', () => {
  const plan = planTranscode(ClipKind.Video, video(), opts);
  const args = commandLine(plan);

  it('is one ffmpeg invocation with one input and four outputs', () => {
    expect(valueAfter(args, '-i')).toEqual(['/tmp/in/source']);
    expect(plan.outputs.map((o) => o.target)).toEqual([
      '/tmp/out/proxy.mp4',
      '/tmp/out/hls/%v/index.m3u8',
      '/tmp/out/poster.jpg',
      '/tmp/out/thumbs.jpg',
    ]);
    expect(args.indexOf('-i')).toBeLessThan(args.indexOf('-filter_complex'));
  });

  it('makes an H.264/AAC yuv420p faststart MP4 proxy at 720p from a 1080p source', () => {
    const proxy = plan.outputs[0]!.args;
    expect(valueAfter(proxy, '-c:v')).toEqual(['libx264']);
    expect(valueAfter(proxy, '-pix_fmt')).toEqual(['yuv420p']);
    expect(valueAfter(proxy, '-c:a')).toEqual(['aac']);
    expect(valueAfter(proxy, '-ac')).toEqual(['2']);
    expect(valueAfter(proxy, '-movflags')).toEqual(['+faststart']);
    expect(valueAfter(proxy, '-preset')).toEqual(['veryfast']);
    expect(plan.filterComplex).toContain('[vp]scale=1280:720');
  });

  it('strips metadata from every output', () => {
    for (const o of plan.outputs) {
      expect(valueAfter(o.args, '-map_metadata')).toEqual(['-1']);
      expect(valueAfter(o.args, '-map_chapters')).toEqual(['-1']);
    }
  });

  it('builds an HLS ladder no higher than the source, 4 s segments, key frames aligned, with a master playlist', () => {
    const hls = plan.outputs[1]!.args;
    expect(valueAfter(hls, '-var_stream_map')).toEqual(['v:0,a:0,name:360p v:1,a:1,name:480p v:2,a:2,name:720p']);
    expect(valueAfter(hls, '-hls_time')).toEqual(['4']);
    expect(valueAfter(hls, '-master_pl_name')).toEqual(['master.m3u8']);
    expect(valueAfter(hls, '-g')).toEqual(['120']);
    expect(valueAfter(hls, '-sc_threshold')).toEqual(['0']);
    expect(plan.files.variants.map((v) => v.playlist)).toEqual([
      'hls/360p/index.m3u8',
      'hls/480p/index.m3u8',
      'hls/720p/index.m3u8',
    ]);
    const small = planTranscode(ClipKind.Video, video({ width: 854, height: 480 }), opts);
    expect(valueAfter(small.outputs[1]!.args, '-var_stream_map')).toEqual(['v:0,a:0,name:360p v:1,a:1,name:480p']);
  });

  it('turns variable frame rate into a constant one and any audio layout into stereo', () => {
    expect(plan.filterComplex).toMatch(/^\[0:v:0\]fps=30,/);
    expect(plan.filterComplex).toContain('aformat=sample_fmts=fltp:channel_layouts=stereo');
    expect(plan.filterComplex).toContain('asplit=4[ap][a0][a1][a2]');
  });

  it('keeps portrait clips upright at 720×1280 (ffmpeg autorotates; never turned off)', () => {
    const portrait = planTranscode(ClipKind.Video, video({ width: 1080, height: 1920, rotation: 90 }), opts);
    expect(commandLine(portrait)).not.toContain('-noautorotate');
    expect(portrait.filterComplex).toContain('[vp]scale=720:1280');
    expect(portrait.files.variants.map((v) => [v.rung.width, v.rung.height])).toEqual([
      [360, 640],
      [480, 854],
      [720, 1280],
    ]);
  });

  it('makes no audio outputs for a silent clip', () => {
    const silent = planTranscode(ClipKind.Video, video({}, null), opts);
    expect(silent.filterComplex).not.toContain('[0:a:0]');
    expect(valueAfter(silent.outputs[1]!.args, '-var_stream_map')).toEqual([
      'v:0,name:360p v:1,name:480p v:2,name:720p',
    ]);
    expect(commandLine(silent)).not.toContain('-c:a');
  });

  it('takes one thumbnail per second for short clips and ten at most', () => {
    expect(plan.files.thumbnailCount).toBe(10);
    const short = planTranscode(ClipKind.Video, { ...video(), durationMs: 3_400 }, opts);
    expect(short.files.thumbnailCount).toBe(3);
    expect(short.filterComplex).toContain('tile=3x1');
  });
});

describe('planTranscode (audio and images)', () => {
  it('turns audio into an AAC m4a proxy, HLS audio and a waveform poster', () => {
    const plan = planTranscode(
      ClipKind.Audio,
      { formatName: 'mov', durationMs: 5000, video: null, audio: { codec: 'aac', channels: 6, sampleRate: 48000 } },
      opts,
    );
    expect(plan.outputs.map((o) => o.target)).toEqual([
      '/tmp/out/proxy.m4a',
      '/tmp/out/hls/%v/index.m3u8',
      '/tmp/out/poster.jpg',
    ]);
    expect(plan.filterComplex).toContain('showwavespic');
    expect(commandLine(plan)).not.toContain('libx264');
    expect(plan.files).toMatchObject({ proxy: 'proxy.m4a', hlsMaster: 'hls/master.m3u8', thumbnailStrip: null });
  });

  it('scales a photo down to a JPEG poster and makes nothing else', () => {
    const plan = planTranscode(
      ClipKind.Image,
      {
        formatName: 'image2',
        durationMs: null,
        video: { codec: 'mjpeg', width: 4000, height: 3000, rotation: 0, fps: null, still: true },
        audio: null,
      },
      opts,
    );
    expect(plan.filterComplex).toContain('scale=1280:960');
    expect(plan.outputs).toHaveLength(1);
    expect(plan.files).toMatchObject({ proxy: null, hlsMaster: null, variants: [], poster: 'poster.jpg' });
  });

  it('refuses a plan that does not match the streams', () => {
    expect(() =>
      planTranscode(
        ClipKind.Video,
        { formatName: 'mp3', durationMs: 1000, video: null, audio: { codec: 'mp3', channels: 2, sampleRate: 44100 } },
        opts,
      ),
    ).toThrow(/video stream/);
  });
});
