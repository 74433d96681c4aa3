import type { AppConfig } from '@atelier/config';
import { RenderStatus, type TimelineDocument } from '@atelier/contracts';
import { type MediaRepository, type RenderRepository, type MediaInfo } from '@atelier/media';
import type { Delivery } from '@atelier/queue';
import { type StorageRepository } from '@atelier/storage';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as } from '../../../../tests/support/unit-fixtures.js';
import type { RenderSegmentCache } from './render-segment-cache.js';
import { RenderHandler, renderSourceOf } from './render.handler.js';
import { type RendersRepository, type RenderClip } from './renders.repository.js';

const CLIP = '22222222-2222-4222-8222-222222222222';
const info: MediaInfo = {
  formatName: 'mov,mp4',
  durationMs: 10_000,
  video: { codec: 'h264', width: 720, height: 1280, rotation: 90, fps: 30, still: false },
  audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
};
const clip = (o: Partial<RenderClip> = {}): RenderClip => ({
  id: CLIP,
  kind: 'video',
  status: 'ready',
  sourceKey: `uploads/${CLIP}`,
  originalKept: true,
  probe: info,
  renditions: {
    proxyKey: `clips/${CLIP}/proxy.mp4`,
    hlsMasterKey: null,
    variants: [],
    posterKey: `clips/${CLIP}/poster.jpg`,
    thumbnailStripKey: null,
    thumbnailCount: 0,
  },
  ...o,
});
const doc: TimelineDocument = {
  target: '720p',
  music: null,
  fadeOutAtEnd: false,
  segments: [{ id: 'a', kind: 'clip', clipId: CLIP, inMs: 0, outMs: 4000, fadeIn: false }],
};
const delivery: Delivery = { jobId: 'j', retryCount: 0, lastAttempt: false, signal: new AbortController().signal };

function newTestHandler() {
  const mocks = {
    renders: strictMock<RendersRepository>('renders'),
    storage: strictMock<StorageRepository>('storage'),
    media: strictMock<MediaRepository>('media'),
    ffmpeg: strictMock<RenderRepository>('ffmpeg'),
    segmentCache: strictMock<RenderSegmentCache>('segmentCache'),
  };
  const sut = new RenderHandler(
    { x264Preset: 'veryfast' } as AppConfig,
    as<RendersRepository>(mocks.renders),
    as<StorageRepository>(mocks.storage),
    as<MediaRepository>(mocks.media),
    as<RenderRepository>(mocks.ffmpeg),
    as<RenderSegmentCache>(mocks.segmentCache),
  );
  return { sut, mocks };
}

describe('renderSourceOf', () => {
  it('reads the original when it was kept (best quality)', () => {
    expect(renderSourceOf(clip())).toEqual({ key: `uploads/${CLIP}`, info });
  });

  it('reads the proxy when the original was not kept, already upright', () => {
    expect(renderSourceOf(clip({ originalKept: false }))).toEqual({
      key: `clips/${CLIP}/proxy.mp4`,
      info: { ...info, video: { ...info.video!, rotation: 0 } },
    });
  });

  it('reads the poster of a photo whose original was not kept, and nothing for a clip that is not ready', () => {
    expect(renderSourceOf(clip({ kind: 'image', originalKept: false }))?.key).toBe(`clips/${CLIP}/poster.jpg`);
    expect(renderSourceOf(clip({ status: 'processing' }))).toBeNull();
  });
});

describe(RenderHandler.name, () => {
  it('does nothing for a render an earlier delivery finished', async () => {
    const { sut, mocks } = newTestHandler();
    mocks.renders.find.mockResolvedValue({
      id: 'r',
      organisationId: 'o',
      projectId: 'p',
      status: RenderStatus.Ready,
      document: doc,
    });

    expect(await sut.handle({ renderId: 'r' }, delivery)).toEqual({
      status: 'done',
      result: { renderId: 'r', status: RenderStatus.Ready, outputs: 0 },
    });
  });

  it('stops at once when the render was cancelled before it started', async () => {
    const { sut, mocks } = newTestHandler();
    mocks.renders.find.mockResolvedValue({
      id: 'r',
      organisationId: 'o',
      projectId: 'p',
      status: RenderStatus.Queued,
      document: doc,
    });
    mocks.renders.start.mockResolvedValue(false);

    expect(await sut.handle({ renderId: 'r' }, delivery)).toEqual({
      status: 'done',
      result: { renderId: 'r', status: RenderStatus.Cancelled, outputs: 0 },
    });
  });

  it('fails for good, saying why, when a clip of the timeline was deleted meanwhile', async () => {
    const { sut, mocks } = newTestHandler();
    mocks.renders.find.mockResolvedValue({
      id: 'r',
      organisationId: 'o',
      projectId: 'p',
      status: RenderStatus.Queued,
      document: doc,
    });
    mocks.renders.start.mockResolvedValue(true);
    mocks.renders.clips.mockResolvedValue([]);
    mocks.renders.markFailed.mockResolvedValue(true);
    mocks.storage.list.mockResolvedValue([]);
    mocks.storage.removeMany.mockResolvedValue(undefined);

    const outcome = await sut.handle({ renderId: 'r' }, delivery);

    expect(outcome).toMatchObject({ status: 'failed', retry: false });
    expect(mocks.renders.markFailed).toHaveBeenCalledWith('r', expect.stringContaining('was deleted or is not ready'));
    // Outputs go up as they are written, so a failed render clears whatever it had uploaded.
    expect(mocks.storage.list).toHaveBeenCalledWith('renders/r/');
  });

  it('fails without retry when the render no longer exists', async () => {
    const { sut, mocks } = newTestHandler();
    mocks.renders.find.mockResolvedValue(null);

    expect(await sut.handle({ renderId: 'r' }, delivery)).toMatchObject({ status: 'failed', retry: false });
  });
});
