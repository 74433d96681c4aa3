import { ClipFailure, ClipKind, ClipStatus, JobName } from '@atelier/contracts';
import type { MediaRepository } from '@atelier/media';
import type { Delivery, JobsRepository } from '@atelier/queue';
import type { StorageRepository } from '@atelier/storage';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import type { ClipForProcessing, ClipsRepository } from './clips.repository.js';
import { ProbeClipHandler } from './probe-clip.handler.js';

const clip: ClipForProcessing = {
  id: 'c1',
  organisationId: 'o1',
  projectId: 'p1',
  status: ClipStatus.Processing,
  sourceKey: 'uploads/c1',
  kind: null,
  probe: null,
  originalKept: true,
  keepOriginals: true,
};
const delivery = (lastAttempt = false): Delivery => ({
  jobId: 'j',
  retryCount: lastAttempt ? 3 : 0,
  lastAttempt,
  signal: new AbortController().signal,
});

function newTestService() {
  const mocks = {
    clips: strictMock<ClipsRepository>('clips'),
    storage: strictMock<StorageRepository>('storage'),
    media: strictMock<MediaRepository>('media'),
    jobs: strictMock<JobsRepository>('jobs'),
  };
  mocks.media.makeScratch.mockResolvedValue('/scratch/x');
  mocks.media.removeScratch.mockResolvedValue(undefined);
  const sut = new ProbeClipHandler(
    mocks.clips as unknown as ClipsRepository,
    mocks.storage as unknown as StorageRepository,
    mocks.media as unknown as MediaRepository,
    mocks.jobs as unknown as JobsRepository,
  );
  return { sut, mocks };
}

describe(ProbeClipHandler.name, () => {
  it('records a video and hands it to transcode', async () => {
    const { sut, mocks } = newTestService();
    mocks.clips.find.mockResolvedValue(clip);
    mocks.storage.stat.mockResolvedValue({ size: 10, contentType: 'video/mp4' });
    mocks.storage.download.mockResolvedValue(undefined);
    mocks.media.sizeOf.mockResolvedValue(10);
    mocks.media.probe.mockResolvedValue({
      output: {
        format: { format_name: 'mov,mp4', duration: '2.0' },
        streams: [
          { index: 0, codec_type: 'video', codec_name: 'h264', width: 640, height: 360, avg_frame_rate: '30/1' },
        ],
      },
    });
    mocks.clips.recordProbe.mockResolvedValue(true);
    mocks.jobs.enqueue.mockResolvedValue('job-2');
    expect(await sut.handle({ clipId: 'c1' }, delivery())).toEqual({
      status: 'done',
      result: { clipId: 'c1', kind: ClipKind.Video, failure: null },
    });
    expect(mocks.storage.download).toHaveBeenCalledWith('uploads/c1', '/scratch/x/source');
    expect(mocks.clips.recordProbe).toHaveBeenCalledWith('c1', expect.objectContaining({ kind: ClipKind.Video }));
    expect(mocks.jobs.enqueue).toHaveBeenCalledWith(JobName.TranscodeClip, { clipId: 'c1' });
    expect(mocks.media.removeScratch).toHaveBeenCalledWith('/scratch/x');
  });

  it('fails a file that is not media for good, with the reason, and removes its scratch files', async () => {
    const { sut, mocks } = newTestService();
    mocks.clips.find.mockResolvedValue(clip);
    mocks.storage.stat.mockResolvedValue({ size: 10, contentType: 'video/mp4' });
    mocks.storage.download.mockResolvedValue(undefined);
    mocks.media.sizeOf.mockResolvedValue(10);
    mocks.media.probe.mockResolvedValue({ error: 'Invalid data found when processing input' });
    mocks.clips.markFailed.mockResolvedValue(true);
    expect(await sut.handle({ clipId: 'c1' }, delivery())).toMatchObject({ status: 'failed', retry: false });
    expect(mocks.clips.markFailed).toHaveBeenCalledWith(
      'c1',
      ClipFailure.NotMedia,
      expect.stringContaining('not a video'),
    );
    expect(mocks.media.removeScratch).toHaveBeenCalledWith('/scratch/x');
  });

  it('asks for a retry when storage fails, and records processing_error on the last attempt', async () => {
    const { sut, mocks } = newTestService();
    mocks.clips.find.mockResolvedValue(clip);
    mocks.storage.stat.mockRejectedValue(new Error('connect ECONNREFUSED'));
    expect(await sut.handle({ clipId: 'c1' }, delivery())).toEqual({
      status: 'failed',
      reason: 'connect ECONNREFUSED',
      retry: true,
    });
    mocks.clips.markFailed.mockResolvedValue(true);
    expect(await sut.handle({ clipId: 'c1' }, delivery(true))).toMatchObject({ status: 'failed', retry: false });
    expect(mocks.clips.markFailed).toHaveBeenCalledWith('c1', ClipFailure.ProcessingError, expect.any(String));
  });

  it('does nothing for a clip that is no longer processing (deleted, or done by an earlier delivery)', async () => {
    const { sut, mocks } = newTestService();
    mocks.clips.find.mockResolvedValue({ ...clip, status: ClipStatus.Ready, kind: ClipKind.Video });
    expect(await sut.handle({ clipId: 'c1' }, delivery())).toEqual({
      status: 'done',
      result: { clipId: 'c1', kind: ClipKind.Video, failure: null },
    });
    mocks.clips.find.mockResolvedValue(null);
    expect(await sut.handle({ clipId: 'c1' }, delivery())).toMatchObject({ status: 'failed', retry: false });
  });
});
