import type { AppConfig } from '@atelier/config';
import { ClipFailure, ClipKind, ClipStatus } from '@atelier/contracts';
import type { MediaInfo, MediaRepository, TranscodeOutcome } from '@atelier/media';
import type { Delivery } from '@atelier/queue';
import type { StorageRepository } from '@atelier/storage';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import type { ClipForProcessing, ClipsRepository } from './clips.repository.js';
import { TranscodeClipHandler } from './transcode-clip.handler.js';

const info: MediaInfo = {
  formatName: 'mov,mp4',
  durationMs: 10_000,
  video: { codec: 'h264', width: 854, height: 480, rotation: 0, fps: 30, still: false },
  audio: null,
};
const clip: ClipForProcessing = {
  id: 'c1',
  organisationId: 'o1',
  projectId: 'p1',
  status: ClipStatus.Processing,
  sourceKey: 'uploads/c1',
  kind: ClipKind.Video,
  probe: info,
  originalKept: true,
  keepOriginals: true,
};
const delivery = (): Delivery => ({
  jobId: 'j',
  retryCount: 0,
  lastAttempt: false,
  signal: new AbortController().signal,
});
const OUTPUTS = [
  'proxy.mp4',
  'hls/master.m3u8',
  'hls/360p/index.m3u8',
  'hls/360p/seg_00000.ts',
  'hls/480p/index.m3u8',
  'hls/480p/seg_00000.ts',
  'poster.jpg',
  'thumbs.jpg',
];

function newTestService(c: ClipForProcessing, ffmpeg: (onTime: (s: number) => void) => TranscodeOutcome) {
  const mocks = {
    clips: strictMock<ClipsRepository>('clips'),
    storage: strictMock<StorageRepository>('storage'),
    media: strictMock<MediaRepository>('media'),
  };
  mocks.clips.find.mockResolvedValue(c);
  mocks.media.makeScratch.mockResolvedValue('/scratch/t');
  mocks.media.removeScratch.mockResolvedValue(undefined);
  mocks.storage.download.mockResolvedValue(undefined);
  mocks.clips.setProgress.mockResolvedValue(true);
  mocks.media.transcode.mockImplementation(async (_plan, onTime) => ffmpeg(onTime));
  const sut = new TranscodeClipHandler(
    { x264Preset: 'veryfast' } as AppConfig,
    mocks.clips as unknown as ClipsRepository,
    mocks.storage as unknown as StorageRepository,
    mocks.media as unknown as MediaRepository,
  );
  return { sut, mocks };
}

/** The kept original's metadata-free remux succeeds, and its probe shows `rotation`. */
function keptOriginalRemuxes(mocks: ReturnType<typeof newTestService>['mocks'], rotation: number): void {
  mocks.media.remux.mockResolvedValue({ ok: true });
  const matrix = rotation === 0 ? {} : { side_data_list: [{ side_data_type: 'Display Matrix', rotation: -rotation }] };
  mocks.media.probe.mockResolvedValue({
    output: {
      format: { format_name: 'mov,mp4' },
      streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', width: 854, height: 480, ...matrix }],
    },
  });
  mocks.storage.stat.mockResolvedValue({ size: 10, contentType: 'video/quicktime' });
}

function succeeds(mocks: ReturnType<typeof newTestService>['mocks']): void {
  mocks.media.listFiles.mockResolvedValue(OUTPUTS.map((path) => ({ path, size: 10 })));
  mocks.storage.putFile.mockResolvedValue(undefined);
  mocks.storage.list.mockResolvedValue([]);
  mocks.storage.removeMany.mockResolvedValue(undefined);
  mocks.clips.markReady.mockResolvedValue(true);
}

describe(TranscodeClipHandler.name, () => {
  it('keeps the original only as a stream copy without metadata (GPS, phone, dates), stored over the upload', async () => {
    const { sut, mocks } = newTestService(clip, () => ({ ok: true, reachedSeconds: 10, decodeErrors: 0 }));
    succeeds(mocks);
    keptOriginalRemuxes(mocks, 0);

    await sut.handle({ clipId: 'c1' }, delivery());

    const args = mocks.media.remux.mock.calls[0]![0];
    expect(args).toEqual(expect.arrayContaining(['-c', 'copy', '-map_metadata', '-1', '-map_chapters', '-1']));
    expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2)).toEqual(['-i', '/scratch/t/source']);
    expect(mocks.storage.putFile).toHaveBeenCalledWith('uploads/c1', '/scratch/t/original', 'video/quicktime');
    expect(mocks.clips.markReady).toHaveBeenCalledWith('c1', expect.anything(), true);
  });

  it('does not keep an original whose metadata could not be removed, or that would lose its rotation', async () => {
    const failed = newTestService(clip, () => ({ ok: true, reachedSeconds: 10, decodeErrors: 0 }));
    succeeds(failed.mocks);
    failed.mocks.media.remux.mockResolvedValue({ ok: false, message: 'muxer refused' });
    await failed.sut.handle({ clipId: 'c1' }, delivery());
    expect(failed.mocks.clips.markReady).toHaveBeenCalledWith('c1', expect.anything(), false);
    expect(failed.mocks.storage.removeMany).toHaveBeenLastCalledWith([
      'uploads/c1',
      'uploads/c1.info',
      'uploads/c1.part',
    ]);

    const portrait = { ...clip, probe: { ...info, video: { ...info.video!, rotation: 90 } } };
    const turned = newTestService(portrait, () => ({ ok: true, reachedSeconds: 10, decodeErrors: 0 }));
    succeeds(turned.mocks);
    keptOriginalRemuxes(turned.mocks, 0); // the copy came out upright: not kept
    await turned.sut.handle({ clipId: 'c1' }, delivery());
    expect(turned.mocks.storage.putFile).not.toHaveBeenCalledWith('uploads/c1', expect.anything(), expect.anything());
    expect(turned.mocks.clips.markReady).toHaveBeenCalledWith('c1', expect.anything(), false);
  });

  it('uploads every output under clips/<id>/, records the renditions and marks the clip ready', async () => {
    const { sut, mocks } = newTestService(clip, () => ({ ok: true, reachedSeconds: 10, decodeErrors: 0 }));
    mocks.media.listFiles.mockResolvedValue(OUTPUTS.map((path) => ({ path, size: 10 })));
    mocks.storage.putFile.mockResolvedValue(undefined);
    mocks.storage.list.mockResolvedValue([
      { key: 'clips/c1/hls/360p/seg_00000.ts', size: 1 },
      { key: 'clips/c1/hls/360p/seg_00007.ts', size: 1 },
    ]);
    mocks.storage.removeMany.mockResolvedValue(undefined);
    mocks.clips.markReady.mockResolvedValue(true);
    keptOriginalRemuxes(mocks, 0);
    expect(await sut.handle({ clipId: 'c1' }, delivery())).toEqual({
      status: 'done',
      result: { clipId: 'c1', outputs: OUTPUTS.length },
    });
    expect(mocks.storage.putFile).toHaveBeenCalledWith(
      'clips/c1/hls/master.m3u8',
      '/scratch/t/out/hls/master.m3u8',
      'application/vnd.apple.mpegurl',
    );
    expect(mocks.storage.putFile).toHaveBeenCalledWith('clips/c1/proxy.mp4', '/scratch/t/out/proxy.mp4', 'video/mp4');
    expect(mocks.storage.removeMany).toHaveBeenCalledWith(['clips/c1/hls/360p/seg_00007.ts']); // a leftover of an earlier run
    expect(mocks.clips.markReady).toHaveBeenCalledWith(
      'c1',
      expect.objectContaining({
        proxyKey: 'clips/c1/proxy.mp4',
        hlsMasterKey: 'clips/c1/hls/master.m3u8',
        variants: [expect.objectContaining({ height: 360 }), expect.objectContaining({ height: 480 })],
      }),
      true,
    );
    expect(mocks.media.removeScratch).toHaveBeenCalledWith('/scratch/t');
  });

  it('removes the original after a success when the organisation does not keep originals', async () => {
    const { sut, mocks } = newTestService({ ...clip, keepOriginals: false }, () => ({
      ok: true,
      reachedSeconds: 10,
      decodeErrors: 0,
    }));
    mocks.media.listFiles.mockResolvedValue(OUTPUTS.map((path) => ({ path, size: 10 })));
    mocks.storage.putFile.mockResolvedValue(undefined);
    mocks.storage.list.mockResolvedValue([]);
    mocks.storage.removeMany.mockResolvedValue(undefined);
    mocks.clips.markReady.mockResolvedValue(true);
    await sut.handle({ clipId: 'c1' }, delivery());
    expect(mocks.clips.markReady).toHaveBeenCalledWith('c1', expect.anything(), false);
    expect(mocks.storage.removeMany).toHaveBeenLastCalledWith(['uploads/c1', 'uploads/c1.info', 'uploads/c1.part']);
  });

  it('fails an undecodable source for good, and a cut-off one as truncated', async () => {
    const broken = newTestService(clip, () => ({
      ok: false,
      permanent: true,
      message: 'Invalid data found when processing input',
    }));
    broken.mocks.clips.markFailed.mockResolvedValue(true);
    expect(await broken.sut.handle({ clipId: 'c1' }, delivery())).toMatchObject({ status: 'failed', retry: false });
    expect(broken.mocks.clips.markFailed).toHaveBeenCalledWith('c1', ClipFailure.Undecodable, expect.any(String));

    const cut = newTestService(clip, () => ({ ok: true, reachedSeconds: 4.2, decodeErrors: 3 }));
    cut.mocks.clips.markFailed.mockResolvedValue(true);
    expect(await cut.sut.handle({ clipId: 'c1' }, delivery())).toMatchObject({
      status: 'failed',
      retry: false,
      reason: expect.stringContaining('4.2 s of 10.0 s'),
    });
    expect(cut.mocks.clips.markFailed).toHaveBeenCalledWith(
      'c1',
      ClipFailure.Truncated,
      expect.stringContaining('cut off'),
    );
  });

  it('retries when ffmpeg crashes (a transient failure)', async () => {
    const { sut } = newTestService(clip, () => ({
      ok: false,
      permanent: false,
      message: 'ffmpeg was killed with signal SIGSEGV',
    }));
    expect(await sut.handle({ clipId: 'c1' }, delivery())).toEqual({
      status: 'failed',
      reason: 'ffmpeg was killed with signal SIGSEGV',
      retry: true,
    });
  });

  it('writes progress in order, never repeating a value, throttled', async () => {
    const { sut, mocks } = newTestService(clip, (onTime) => {
      for (let t = 0; t <= 10; t += 0.01) onTime(t); // a thousand stats lines at once: the throttle lets one through
      return { ok: false, permanent: false, message: 'stop here' };
    });
    await sut.handle({ clipId: 'c1' }, delivery());
    const written = mocks.clips.setProgress.mock.calls.map((c) => c[1]);
    expect(written[0]).toBe(0);
    expect(new Set(written).size).toBe(written.length);
    expect(written).toEqual([...written].sort((a, b) => a - b));
    expect(written.length).toBeLessThan(5);
  });
});
