import { ErrorCode, Role, type TimelineDocument } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection, staff } from '../../../../tests/support/unit-fixtures.js';
import { type MediaFiles } from '../storage/media-files.js';
import { ProjectAccess } from './project-access.js';
import { type TimelineRepository, type ProjectClip, type StoredVersion } from './timeline.repository.js';
import { TimelineService } from './timeline.service.js';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const CLIP = '22222222-2222-4222-8222-222222222222';

function newTestService() {
  const mocks = {
    timelines: strictMock<TimelineRepository>('timelines'),
    files: strictMock<MediaFiles>('files'),
  };
  const access = new ProjectAccess(as<TimelineRepository>(mocks.timelines));
  const sut = new TimelineService(access, as<TimelineRepository>(mocks.timelines), as<MediaFiles>(mocks.files));
  mocks.timelines.findProject.mockResolvedValue({ id: PROJECT, organisationId: 'org-1', title: 'Nos voix' });
  return { sut, mocks };
}

const trainer = staff({ userId: 'u-trainer', organisationId: 'org-1', role: Role.Trainer });
const participant = staff({ userId: 'u-amina', organisationId: 'org-1', role: Role.Participant });
const clip: ProjectClip = {
  id: CLIP,
  title: 'Marché',
  kind: 'video',
  status: 'ready',
  durationMs: 10_000,
  width: 1920,
  height: 1080,
  renditions: null,
};
const doc = (outMs = 4000): TimelineDocument => ({
  target: '1080p',
  music: null,
  fadeOutAtEnd: false,
  segments: [{ id: 'a', kind: 'clip', clipId: CLIP, inMs: 0, outMs, fadeIn: false }],
});
const version = (n: number, by = 'Amina'): StoredVersion => ({
  projectId: PROJECT,
  version: n,
  document: doc(),
  durationMs: 4000,
  changes: [],
  author: { id: 'u-x', displayName: by },
  createdAt: new Date('2026-11-23T20:00:00Z'),
});

describe(TimelineService.name, () => {
  it('refuses an edit based on an older version with 409 timeline_stale naming who saved last, and stores nothing', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(version(3, 'Youssef'));

    const e = await rejection(sut.save(trainer, PROJECT, { baseVersion: 2, document: doc() }));

    expect(e.code).toBe(ErrorCode.TimelineStale);
    expect(e.message).toContain('Youssef changed the timeline');
    expect(e.details).toMatchObject({ currentVersion: 3, changedBy: 'Youssef' });
    expect(mocks.timelines.insertVersion).not.toHaveBeenCalled();
  });

  it('stores the next version with its author and what changed', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(version(1));
    mocks.timelines.clips.mockResolvedValue([clip]);
    mocks.timelines.displayName.mockResolvedValue('Trainer Tess');
    mocks.timelines.insertVersion.mockImplementation(async (v) => ({ ...v, createdAt: new Date() }));

    const saved = await sut.save(trainer, PROJECT, { baseVersion: 1, document: doc(6000) });

    expect(mocks.timelines.insertVersion).toHaveBeenCalledWith(
      expect.objectContaining({
        version: 2,
        durationMs: 6000,
        author: { id: 'u-trainer', displayName: 'Trainer Tess' },
        changes: [{ kind: 'trimmed', segmentKind: 'clip', count: 1 }],
      }),
    );
    expect(saved).toMatchObject({ version: 2, durationMs: 6000, issues: [] });
  });

  it('answers 409 when another save took the version between reading and writing', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValueOnce(version(1)).mockResolvedValueOnce(version(2, 'Youssef'));
    mocks.timelines.clips.mockResolvedValue([clip]);
    mocks.timelines.displayName.mockResolvedValue('Trainer Tess');
    mocks.timelines.insertVersion.mockResolvedValue(null);

    const e = await rejection(sut.save(trainer, PROJECT, { baseVersion: 1, document: doc() }));

    expect([e.code, e.details?.['currentVersion']]).toEqual([ErrorCode.TimelineStale, 2]);
  });

  it('refuses an out point past the end of the clip with 400 timeline_invalid listing the issue', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.current.mockResolvedValue(null);
    mocks.timelines.clips.mockResolvedValue([clip]);

    const e = await rejection(sut.save(trainer, PROJECT, { baseVersion: 0, document: doc(12_000) }));

    expect(e.code).toBe(ErrorCode.TimelineInvalid);
    expect(e.details?.['issues']).toEqual([expect.objectContaining({ code: 'out_past_end', segmentIndex: 0 })]);
  });

  it('refuses a document that is not well formed, naming the field', async () => {
    const { sut } = newTestService();

    const e = await rejection(
      sut.save(trainer, PROJECT, { baseVersion: 0, document: { target: '4k' } as unknown as TimelineDocument }),
    );

    expect(e.code).toBe(ErrorCode.ValidationFailed);
    expect(e.message).toContain('document.target');
  });

  it('hides the project from a participant who is not in its group (404)', async () => {
    const { sut, mocks } = newTestService();
    mocks.timelines.isMember.mockResolvedValue(false);

    const e = await rejection(sut.get(participant, PROJECT));

    expect(e.code).toBe(ErrorCode.NotFound);
  });
});
