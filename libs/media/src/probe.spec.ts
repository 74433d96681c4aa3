import { ClipFailure, ClipKind } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { outputFps } from './ladder.js';
import { classify, parseProbe, type FfprobeOutput } from './probe.js';

const phone = (o: { rotation?: number; audio?: boolean } = {}): FfprobeOutput => ({
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.480000', size: '1000' },
  streams: [
    {
      index: 0,
      codec_type: 'video',
      codec_name: 'h264',
      width: 1920,
      height: 1080,
      avg_frame_rate: '30000/1001',
      nb_frames: '374',
      ...(o.rotation === undefined
        ? {}
        : { side_data_list: [{ side_data_type: 'Display Matrix', rotation: o.rotation }] }),
    },
    ...(o.audio === false
      ? []
      : [{ index: 1, codec_type: 'audio', codec_name: 'aac', channels: 6, sample_rate: '48000' }]),
  ],
});

describe('parseProbe', () => {
  it('reads duration, size, frame rate and audio layout', () => {
    const info = parseProbe(phone());
    expect(info).toEqual({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationMs: 12480,
      video: { codec: 'h264', width: 1920, height: 1080, rotation: 0, fps: 30000 / 1001, still: false },
      audio: { codec: 'aac', channels: 6, sampleRate: 48000 },
    });
  });

  it('keeps the nominal rate of a variable-frame-rate phone clip, not its average (the output caps it at 30)', () => {
    const vfr = (avg: string, r: string) => ({
      ...phone(),
      streams: [{ ...phone().streams![0]!, avg_frame_rate: avg, r_frame_rate: r }],
    });
    expect(parseProbe(vfr('1800/100', '30/1')).video!.fps).toBe(30);
    expect(outputFps(parseProbe(vfr('2400/100', '60/1')).video!.fps)).toBe(30);
    // A container time scale is not a camera rate: the average stands.
    expect(parseProbe(vfr('25/1', '600/1')).video!.fps).toBe(25);
    expect(parseProbe(vfr('25/1', '25/1')).video!.fps).toBe(25);
  });

  it('swaps width and height of a portrait phone clip (display matrix -90 or 90)', () => {
    for (const rotation of [-90, 90, 270]) {
      const v = parseProbe(phone({ rotation })).video!;
      expect([v.width, v.height]).toEqual([1080, 1920]);
    }
    expect(parseProbe(phone({ rotation: 180 })).video).toMatchObject({ width: 1920, height: 1080, rotation: 180 });
  });
});

describe('classify', () => {
  it('accepts a video with and without sound', () => {
    expect(classify(1000, { output: phone() })).toMatchObject({ ok: true, kind: ClipKind.Video });
    expect(classify(1000, { output: phone({ audio: false }) })).toMatchObject({
      ok: true,
      kind: ClipKind.Video,
      info: { audio: null },
    });
  });

  it('accepts audio-only and still pictures, by content', () => {
    const m4a: FfprobeOutput = {
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '5.0' },
      streams: [{ index: 0, codec_type: 'audio', codec_name: 'aac', channels: 1, sample_rate: '44100' }],
    };
    expect(classify(10, { output: m4a })).toMatchObject({ ok: true, kind: ClipKind.Audio });
    const jpeg: FfprobeOutput = {
      format: { format_name: 'image2' },
      streams: [{ index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 4000, height: 3000 }],
    };
    expect(classify(10, { output: jpeg })).toMatchObject({
      ok: true,
      kind: ClipKind.Image,
      info: { durationMs: null },
    });
    // An MP3 with cover art is audio, not a picture.
    const mp3: FfprobeOutput = {
      format: { format_name: 'mp3', duration: '3.2' },
      streams: [
        { index: 0, codec_type: 'audio', codec_name: 'mp3', channels: 2, sample_rate: '44100' },
        {
          index: 1,
          codec_type: 'video',
          codec_name: 'mjpeg',
          width: 500,
          height: 500,
          disposition: { attached_pic: 1 },
        },
      ],
    };
    expect(classify(10, { output: mp3 })).toMatchObject({ ok: true, kind: ClipKind.Audio });
  });

  it('rejects an empty file before anything else', () => {
    expect(classify(0, { output: phone() })).toMatchObject({ ok: false, failure: ClipFailure.Empty });
  });

  it('tells a cut-off MP4 from a file that is not media at all', () => {
    expect(
      classify(500, {
        error: '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found\nx.mp4: Invalid data found when processing input',
      }),
    ).toMatchObject({
      ok: false,
      failure: ClipFailure.Truncated,
      message: expect.stringContaining('cut off'),
    });
    expect(classify(500, { error: 'x.mp4: Invalid data found when processing input' })).toMatchObject({
      ok: false,
      failure: ClipFailure.NotMedia,
      message: expect.stringContaining('not a video'),
    });
  });

  it('does not take text that ffprobe guessed as ANSI art for media', () => {
    const tty: FfprobeOutput = {
      format: { format_name: 'tty', duration: '0.4' },
      streams: [{ index: 0, codec_type: 'video', codec_name: 'ansi', width: 640, height: 400 }],
    };
    expect(classify(10, { output: tty })).toMatchObject({ ok: false, failure: ClipFailure.NotMedia });
  });

  it('calls a container with streams but nothing decodable undecodable', () => {
    const odd: FfprobeOutput = {
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '3' },
      streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', width: 0, height: 0 }],
    };
    expect(classify(10, { output: odd })).toMatchObject({ ok: false, failure: ClipFailure.Undecodable });
  });
});
