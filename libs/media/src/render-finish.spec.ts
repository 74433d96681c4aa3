import type { TimelineDocument } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import type { MediaInfo } from './probe.js';
import {
  AUDIO_BITRATE_K,
  AUDIO_ONLY_BITRATE_K,
  AUDIO_ONLY_PLAYLIST,
  loudnessFilter,
  masterPlaylist,
  parseLoudness,
} from './render-finish.js';
import { planRender } from './timeline-render.js';

const video: MediaInfo = {
  formatName: 'mov,mp4',
  durationMs: 10_000,
  video: { codec: 'h264', width: 1920, height: 1080, rotation: 0, fps: 30, still: false },
  audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
};
const song: MediaInfo = { ...video, video: null };
const sources = new Map([
  ['v1', video],
  ['song', song],
]);
const opts = {
  workDir: '/tmp/render-1',
  preset: 'veryfast' as const,
  fonts: { latin: '/f/latin.ttf', arabic: '/f/arabic.ttf' },
};
const doc = (o: Partial<TimelineDocument> = {}): TimelineDocument => ({
  target: '1080p',
  segments: [
    { id: 'a', kind: 'clip', clipId: 'v1', inMs: 0, outMs: 4000, fadeIn: false },
    { id: 'b', kind: 'clip', clipId: 'v1', inMs: 4000, outMs: 8000, fadeIn: true },
  ],
  music: null,
  fadeOutAtEnd: false,
  ...o,
});
const after = (args: string[], flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
const plan = planRender(doc(), sources, opts);
const measurement = { inputI: -24.2, inputTp: -12.8, inputLra: 7, inputThresh: -34.3 };

describe('the loudness measure', () => {
  it('reads only the sound of the target rung’s concatenation, through ebur128 with true peak', () => {
    expect(after(plan.measure.args, '-i')).toEqual(['/tmp/render-1/concat_1080p.txt']);
    expect(after(plan.measure.args, '-filter_complex')[0]).toMatch(/\[mix\]ebur128=peak=true:framelog=verbose\[out\]$/);
    expect(after(plan.measure.args, '-map')).toEqual(['[out]']);
    expect(plan.measure.args.slice(-3)).toEqual(['-f', 'null', '-']);
  });

  it('reads the summary ebur128 prints (as ffmpeg 5.1 writes it)', () => {
    const tail = [
      'size=N/A time=00:03:00.00 bitrate=N/A speed= 260x',
      '[Parsed_ebur128_0 @ 0x556c2e38b5c0] Summary:',
      '  Integrated loudness:',
      '    I:         -24.2 LUFS',
      '    Threshold: -34.3 LUFS',
      '  Loudness range:',
      '    LRA:         7.0 LU',
      '    Threshold: -44.1 LUFS',
      '    LRA low:   -28.0 LUFS',
      '    LRA high:  -21.0 LUFS',
      '  True peak:',
      '    Peak:      -12.8 dBFS',
    ].join('\n');
    expect(parseLoudness(tail)).toEqual(measurement);
  });

  it('reads silence as −70 LUFS and a peak of −inf, and nothing from output without a summary', () => {
    const silent =
      '[Parsed_ebur128_0 @ 0x1] Summary:\n  Integrated loudness:\n    I:         -70.0 LUFS\n    Threshold:   0.0 LUFS\n  Loudness range:\n    LRA:         0.0 LU\n    Threshold:   0.0 LUFS\n  True peak:\n    Peak:       -inf dBFS';
    expect(parseLoudness(silent)).toEqual({
      inputI: -70,
      inputTp: Number.NEGATIVE_INFINITY,
      inputLra: 0,
      inputThresh: 0,
    });
    expect(parseLoudness('I: -20 LUFS but no summary')).toBeNull();
  });
});

describe('loudnessFilter', () => {
  it('applies one gain when the film reaches −16 LUFS with its true peak under −1.5 dBFS and its range within 11 LU', () => {
    expect(loudnessFilter(measurement)).toEqual({
      filter: ',volume=8.2dB',
      outcome: { ...measurement, mode: 'linear', gainDb: 8.2 },
    });
    // Louder than the target: the gain is negative.
    expect(loudnessFilter({ ...measurement, inputI: -10, inputTp: -0.2 }).filter).toBe(',volume=-6dB');
  });

  it('goes through loudnorm’s dynamic mode when the gain would push the peaks over the ceiling or the range is too wide', () => {
    const peaky = loudnessFilter({ ...measurement, inputTp: -3 }); // −3 + 8.2 > −1.5
    expect(peaky.outcome!.mode).toBe('dynamic');
    expect(peaky.filter).toBe(
      ',loudnorm=I=-16:TP=-1.5:LRA=11:measured_I=-24.2:measured_TP=-3:measured_LRA=7:measured_thresh=-34.3:linear=true:print_format=summary,aresample=48000',
    );
    expect(loudnessFilter({ ...measurement, inputLra: 14 }).outcome!.mode).toBe('dynamic');
  });

  it('leaves a silent film, or one that could not be measured, alone', () => {
    expect(loudnessFilter({ inputI: -70, inputTp: Number.NEGATIVE_INFINITY, inputLra: 0, inputThresh: 0 })).toEqual({
      filter: '',
      outcome: expect.objectContaining({ mode: 'none', gainDb: null }),
    });
    expect(loudnessFilter(null)).toEqual({ filter: '', outcome: null });
  });
});

describe('the sound and the outputs', () => {
  it('encodes the normalised mix once, to AAC in the scratch folder and to the sound-only HLS rendition', () => {
    const a = plan.audio(measurement).args;
    expect(after(a, '-filter_complex')[0]).toContain('[mix]anull,volume=8.2dB,aformat=');
    expect(after(a, '-filter_complex')[0]).toMatch(/asplit=2\[out\]\[only\]$/);
    expect(after(a, '-map')).toEqual(['[out]', '[only]']);
    expect(after(a, '-c:a')).toEqual(['aac', 'aac']);
    expect(after(a, '-b:a')).toEqual([`${AUDIO_BITRATE_K}k`, `${AUDIO_ONLY_BITRATE_K}k`]);
    expect(a).toContain('/tmp/render-1/audio.m4a');
    expect(after(a, '-hls_time')).toEqual(['4']);
    expect(after(a, '-hls_segment_filename')).toEqual(['/tmp/render-1/out/hls/audio/seg_%05d.ts']);
    expect(a.at(-1)).toBe(`/tmp/render-1/out/${AUDIO_ONLY_PLAYLIST}`);
    expect(a).not.toContain('libx264');
  });

  it('mixes the music in both the measure and the sound, from the same inputs', () => {
    const p = planRender(
      doc({ music: { clipId: 'song', inMs: 2000, outMs: 12_000, startMs: 1500, gainDb: -6 } }),
      sources,
      opts,
    );
    for (const s of [p.measure, p.audio(null)]) {
      expect(after(s.args, '-i')).toEqual(['/tmp/render-1/concat_1080p.txt', '/tmp/render-1/src/song']);
      expect(after(s.args, '-filter_complex')[0]).toContain('[1:a:0]aresample=48000:async=1:first_pts=0');
    }
  });

  it('writes the master and every HLS rung by copying, each in its own pass: the segments’ video and the one AAC track', () => {
    const m = plan.master.args;
    expect(after(m, '-i')).toEqual(['/tmp/render-1/concat_1080p.txt', '/tmp/render-1/audio.m4a']);
    expect(after(m, '-map')).toEqual(['0:v:0', '1:a:0']);
    expect(after(m, '-c')).toEqual(['copy']);
    expect(m).toEqual(expect.arrayContaining(['-movflags', '+faststart']));
    expect(m.at(-1)).toBe('/tmp/render-1/out/master.mp4');
    expect(plan.hls.map((h) => h.args.at(-1))).toEqual(
      ['1080p', '720p', '360p'].map((r) => `/tmp/render-1/out/hls/${r}/index.m3u8`),
    );
    for (const [i, h] of plan.hls.entries()) {
      const rung = plan.files.variants[i]!.name;
      expect(after(h.args, '-i')).toEqual([`/tmp/render-1/concat_${rung}.txt`, '/tmp/render-1/audio.m4a']);
      expect(after(h.args, '-map')).toEqual(['0:v:0', '1:a:0']);
      expect(after(h.args, '-c')).toEqual(['copy']);
      expect(after(h.args, '-hls_segment_filename')).toEqual([`/tmp/render-1/out/hls/${rung}/seg_%05d.ts`]);
      expect(after(h.args, '-hls_time')).toEqual(['4']);
    }
    for (const s of [plan.master, ...plan.hls]) expect(s.args.some((x) => x === 'libx264' || x === 'aac')).toBe(false);
  });

  it('seeks the poster from the master', () => {
    expect(after(plan.poster.args, '-i')).toEqual(['/tmp/render-1/out/master.mp4']);
  });
});

describe('masterPlaylist', () => {
  it('announces the rungs by bandwidth (video cap + the sound) with their resolution and codecs', () => {
    const m = masterPlaylist(plan.files.variants, 'veryfast');
    expect(m.split('\n').filter((l) => l.endsWith('.m3u8'))).toEqual([
      '360p/index.m3u8',
      '720p/index.m3u8',
      '1080p/index.m3u8',
      'audio/index.m3u8',
    ]);
    expect(m).toContain(`BANDWIDTH=${(Math.round(800 * 1.1) + AUDIO_BITRATE_K) * 1000},RESOLUTION=640x360`);
    expect(m).toContain('RESOLUTION=1920x1080');
    expect(m).toContain('avc1.640028,mp4a.40.2');
    expect(masterPlaylist(plan.files.variants, 'ultrafast')).toContain('avc1.42c028');
  });

  it('lists the sound-only rendition last, with its codec and no resolution', () => {
    const lines = masterPlaylist(plan.files.variants, 'veryfast').trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual([
      `#EXT-X-STREAM-INF:BANDWIDTH=${Math.round(AUDIO_ONLY_BITRATE_K * 1.1) * 1000},CODECS="mp4a.40.2"`,
      'audio/index.m3u8',
    ]);
  });
});
