import { ClipKind, ClipStatus, ErrorCode, Role, type ClipRenditions } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { type StorageRepository } from '@atelier/storage';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection, staff, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type ClipRepository, type StoredClip } from './clip.repository.js';
import { ClipsService } from './clips.service.js';
import { type MediaAccess } from './media-access.js';
import { MediaFiles } from '../storage/media-files.js';
import { SmallImages } from '../storage/small-images.js';
import { type UploadStoreRepository } from './upload-store.repository.js';

const ID = 'c1a1b2c3-0000-4000-8000-0000000000aa';
const amina = staff({ userId: 'u-amina', role: Role.Participant, sessionKind: 'device' });
const bilal = staff({ userId: 'u-bilal', role: Role.Participant, sessionKind: 'device' });
const trainer = staff({ userId: 'u-trainer', role: Role.Trainer });

const renditions: ClipRenditions = {
  proxyKey: `clips/${ID}/proxy.mp4`,
  hlsMasterKey: `clips/${ID}/hls/master.m3u8`,
  variants: [{ height: 360, width: 640, bandwidth: 800_000, playlistKey: `clips/${ID}/hls/360p/index.m3u8` }],
  posterKey: `clips/${ID}/poster.jpg`,
  thumbnailStripKey: null,
  thumbnailCount: 0,
};

function clip(over: Partial<StoredClip> = {}): StoredClip {
  return {
    id: ID,
    projectId: 'p-1',
    organisationId: 'org-1',
    title: 'Market',
    originalFilename: 'market.mp4',
    uploadedBy: { id: 'u-amina', displayName: 'Amina' },
    uploadedById: 'u-amina',
    kind: ClipKind.Video,
    status: ClipStatus.Ready,
    progress: 100,
    failure: null,
    waitingFor: null,
    tags: [],
    sizeBytes: 1000,
    durationMs: 2000,
    width: 640,
    height: 360,
    originalAvailable: true,
    createdAt: '2025-03-10T09:00:00.000Z',
    readyAt: '2025-03-10T09:01:00.000Z',
    sourceKey: `clips/${ID}/source`,
    declaredType: 'video/mp4',
    renditions,
    ...over,
  };
}

function newTestService() {
  const mocks = {
    access: strictMock<MediaAccess>('access'),
    clips: strictMock<ClipRepository>('clips'),
    storage: strictMock<StorageRepository>('storage'),
    uploads: strictMock<UploadStoreRepository>('uploads'),
  };
  const sut = new ClipsService(
    testConfig(),
    as(mocks.access),
    as(mocks.clips),
    as(mocks.storage),
    new MediaFiles(as(mocks.storage), new SmallImages(as(mocks.storage))),
    as(mocks.uploads),
  );
  return { sut, mocks };
}

describe(ClipsService.name, () => {
  describe('delete', () => {
    it('lets a participant delete their own clip: the row, then every object under its folder', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip());
      mocks.clips.delete.mockResolvedValue(true);
      mocks.storage.removePrefix.mockResolvedValue(7);

      await sut.delete(amina, ID);

      expect(mocks.clips.delete).toHaveBeenCalledWith(ID);
      expect(mocks.storage.removePrefix).toHaveBeenCalledWith(`clips/${ID}/`);
    });

    it('refuses a participant another member’s clip', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip());
      expect((await rejection(sut.delete(bilal, ID))).code).toBe(ErrorCode.Forbidden);
      expect(mocks.clips.delete).not.toHaveBeenCalled();
    });

    it('aborts the multipart upload of a clip still uploading', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip({ status: ClipStatus.Uploading, renditions: null }));
      mocks.uploads.abort.mockResolvedValue(undefined);
      mocks.clips.delete.mockResolvedValue(true);
      mocks.storage.removePrefix.mockResolvedValue(1);

      await sut.delete(trainer, ID);

      expect(mocks.uploads.abort).toHaveBeenCalledWith(`clips/${ID}/source`);
    });
  });

  describe('playback and media', () => {
    it('gives the authorising addresses of a ready clip, laid out as in storage', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip());
      expect(await sut.playback(amina, ID)).toEqual({
        clipId: ID,
        kind: ClipKind.Video,
        hlsUrl: `/api/clips/${ID}/media/hls/master.m3u8`,
        proxyUrl: `/api/clips/${ID}/media/proxy.mp4`,
        posterUrl: `/api/clips/${ID}/media/poster.jpg`,
        thumbnailStripUrl: null,
        thumbnailCount: 0,
      });
    });

    it('answers 409 clip_not_ready while processing', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip({ status: ClipStatus.Processing, renditions: null }));
      expect(await rejection(sut.playback(amina, ID))).toMatchObject({ code: ErrorCode.ClipNotReady });
    });

    it('serves segments of the ladder with byte ranges, but never the original or paths outside the outputs', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip());
      mocks.storage.stat.mockResolvedValue({ size: 1000, contentType: 'application/octet-stream' });
      const body = Readable.from([Buffer.alloc(10)]);
      mocks.storage.getRange.mockResolvedValue(body);

      const served = await sut.openOutput(amina, ID, 'hls/360p/seg_001.ts', 'bytes=0-9');
      expect(served).toMatchObject({
        status: 206,
        headers: { 'Content-Type': 'video/mp2t', 'Content-Range': 'bytes 0-9/1000', 'Content-Length': '10' },
        body,
      });
      expect(mocks.storage.getRange).toHaveBeenCalledWith(`clips/${ID}/hls/360p/seg_001.ts`, 0, 10);

      for (const path of ['source', 'source.info', 'hls/../source', 'other.mp4']) {
        expect((await rejection(sut.openOutput(amina, ID, path, undefined))).code).toBe(ErrorCode.NotFound);
      }
    });

    it('gives the original only to staff, and says so when the organisation does not keep originals', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip());
      expect((await rejection(sut.openOriginal(amina, ID, undefined))).code).toBe(ErrorCode.Forbidden);
      mocks.access.clip.mockResolvedValue(clip({ originalAvailable: false }));
      expect(await rejection(sut.openOriginal(trainer, ID, undefined))).toMatchObject({
        code: ErrorCode.OriginalNotKept,
      });
    });

    it('keeps the original back while the clip is processed (until then it still has its location and phone)', async () => {
      const { sut, mocks } = newTestService();
      for (const status of [ClipStatus.Uploading, ClipStatus.Processing]) {
        mocks.access.clip.mockResolvedValue(clip({ status }));
        expect(await rejection(sut.openOriginal(trainer, ID, undefined))).toMatchObject({
          code: ErrorCode.ClipNotReady,
        });
      }
    });
  });

  describe('retry', () => {
    it('re-queues a failed clip for trainers, and refuses one that has not failed', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip({ status: ClipStatus.Failed }));
      mocks.clips.retryFailed.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
      await sut.retry(trainer, ID);
      expect(mocks.clips.retryFailed).toHaveBeenCalledWith(ID);
      expect(await rejection(sut.retry(trainer, ID))).toMatchObject({ code: ErrorCode.ClipNotFailed });
      expect((await rejection(sut.retry(amina, ID))).code).toBe(ErrorCode.Forbidden);
    });
  });
});
