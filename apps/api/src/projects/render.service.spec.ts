import { ErrorCode, JobName, RenderStatus, Role, type TimelineDocument } from '@atelier/contracts';
import { type JobsRepository } from '@atelier/queue';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection, staff } from '../../../../tests/support/unit-fixtures.js';
import { type MediaFiles } from '../storage/media-files.js';
import { ProjectAccess } from './project-access.js';
import { RenderService } from './render.service.js';
import { type RendersRepository, type StoredRender } from './renders.repository.js';
import { type TimelineRepository, type StoredVersion } from './timeline.repository.js';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const CLIP = '22222222-2222-4222-8222-222222222222';

function newTestService() {
  const mocks = {
    timelines: strictMock<TimelineRepository>('timelines'),
    renders: strictMock<RendersRepository>('renders'),
    jobs: strictMock<JobsRepository>('jobs'),
    files: strictMock<MediaFiles>('files'),
  };
  const sut = new RenderService(
    new ProjectAccess(as<TimelineRepository>(mocks.timelines)),
    as<TimelineRepository>(mocks.timelines),
    as<RendersRepository>(mocks.renders),
    as<JobsRepository>(mocks.jobs),
    as<MediaFiles>(mocks.files),
  );
  mocks.timelines.findProject.mockResolvedValue({ id: PROJECT, organisationId: 'org-1', title: 'Nos voix' });
  return { sut, mocks };
}

const trainer = staff({ userId: 'u-trainer', organisationId: 'org-1', role: Role.Trainer });
const doc: TimelineDocument = {
  target: '720p',
  music: null,
  fadeOutAtEnd: false,
  segments: [{ id: 'a', kind: 'clip', clipId: CLIP, inMs: 0, outMs: 4000, fadeIn: false }],
};
const v2: StoredVersion = {
  projectId: PROJECT,
  version: 2,
  document: doc,
  durationMs: 4000,
  changes: [],
  author: { id: 'u-x', displayName: 'Youssef' },
  createdAt: new Date(),
};
const readyClip = {
  id: CLIP,
  title: 'Marché',
  kind: 'video' as const,
  status: 'ready' as const,
  durationMs: 10_000,
  width: 1280,
  height: 720,
  renditions: null,
};
const render = (o: Partial<StoredRender> = {}): StoredRender => ({
  id: 'r-1',
  organisationId: 'org-1',
  projectId: PROJECT,
  timelineVersion: 2,
  target: '720p',
  status: RenderStatus.Queued,
  progress: 0,
  durationMs: 4000,
  requestedBy: { id: 'u-trainer', displayName: 'Trainer Tess' },
  failure: null,
  waitingFor: null,
  masterKey: null,
  hlsMasterKey: null,
  posterKey: null,
  sizeBytes: null,
  createdAt: new Date(),
  finishedAt: null,
  ...o,
});

describe(RenderService.name, () => {
  it('refuses to render a version that is no longer the current one', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(v2);

    const e = await rejection(sut.start(trainer, PROJECT, 1));

    expect(e.code).toBe(ErrorCode.TimelineStale);
    expect(e.message).toContain('now version 2 by Youssef');
  });

  it('refuses a timeline whose clip was deleted, saying which segment', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(v2);
    mocks.timelines.clips.mockResolvedValue([]);

    const e = await rejection(sut.start(trainer, PROJECT, 2));

    expect(e.code).toBe(ErrorCode.TimelineNotRenderable);
    expect(e.message).toContain('Segment 1: its clip was deleted');
  });

  it('queues a render of the current version and enqueues its job', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(v2);
    mocks.timelines.clips.mockResolvedValue([readyClip]);
    mocks.timelines.displayName.mockResolvedValue('Trainer Tess');
    mocks.renders.active.mockResolvedValue(null);
    mocks.renders.create.mockResolvedValue(render());
    mocks.jobs.enqueue.mockResolvedValue('job-1');

    const r = await sut.start(trainer, PROJECT, 2);

    expect(r).toMatchObject({ id: 'r-1', status: RenderStatus.Queued, hlsUrl: null });
    expect(mocks.jobs.enqueue).toHaveBeenCalledWith(JobName.Render, { renderId: 'r-1' });
  });

  it('answers the running render when the same version is asked again, and refuses another version while it runs', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(v2);
    mocks.timelines.clips.mockResolvedValue([readyClip]);
    mocks.renders.active.mockResolvedValue(render({ status: RenderStatus.Rendering, progress: 40 }));

    expect(await sut.start(trainer, PROJECT, 2)).toMatchObject({ id: 'r-1', progress: 40 });
    expect(mocks.jobs.enqueue).not.toHaveBeenCalled();

    mocks.renders.active.mockResolvedValue(render({ timelineVersion: 1, status: RenderStatus.Rendering }));
    const e = await rejection(sut.start(trainer, PROJECT, 2));
    expect(e.code).toBe(ErrorCode.RenderInProgress);
  });

  it('marks the render failed and answers 503 when the queue refuses the job', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(v2);
    mocks.timelines.clips.mockResolvedValue([readyClip]);
    mocks.timelines.displayName.mockResolvedValue('Trainer Tess');
    mocks.renders.active.mockResolvedValue(null);
    mocks.renders.create.mockResolvedValue(render());
    mocks.jobs.enqueue.mockRejectedValue(new Error('connection refused'));
    mocks.renders.markFailed.mockResolvedValue(undefined);

    const e = await rejection(sut.start(trainer, PROJECT, 2));

    expect(e.code).toBe(ErrorCode.WorkerUnavailable);
    expect(mocks.renders.markFailed).toHaveBeenCalledWith('r-1', 'The render could not be queued.');
  });

  it('serves only the files a render writes, and only when it is ready', async () => {
    const { sut, mocks } = newTestService();
    mocks.renders.find.mockResolvedValue(render({ status: RenderStatus.Ready }));
    mocks.files.serve.mockResolvedValue({ status: 200, headers: {}, body: null });

    await sut.openFile(trainer, 'r-1', 'hls/720p/seg_00003.ts', undefined);
    expect(mocks.files.serve).toHaveBeenCalledWith('renders/r-1/hls/720p/seg_00003.ts', undefined, {});
    for (const bad of ['../../clips/x/original', 'hls/720p/../../x', 'secret.txt']) {
      expect((await rejection(sut.openFile(trainer, 'r-1', bad, undefined))).code).toBe(ErrorCode.NotFound);
    }
    mocks.renders.find.mockResolvedValue(render({ status: RenderStatus.Rendering }));
    expect((await rejection(sut.openFile(trainer, 'r-1', 'master.mp4', undefined))).code).toBe(
      ErrorCode.RenderNotReady,
    );
  });

  it('says there is nothing to cancel when the render already finished', async () => {
    const { sut, mocks } = newTestService();
    mocks.renders.find.mockResolvedValue(render({ status: RenderStatus.Ready }));
    mocks.renders.cancel.mockResolvedValue(null);

    const e = await rejection(sut.cancel(trainer, 'r-1'));

    expect(e.code).toBe(ErrorCode.RenderNotActive);
  });
});
