import { ClipStatus, ErrorCode, Role } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection, staff, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type ClipRepository, type ProjectRecord, type StoredClip } from './clip.repository.js';
import { type MediaAccess } from './media-access.js';
import { type UploadStoreRepository } from './upload-store.repository.js';
import { humanBytes, UploadsService } from './uploads.service.js';

const MB = 1024 * 1024;
const PROJECT = 'c1a1b2c3-0000-4000-8000-000000000001';
const CLIP = 'c1a1b2c3-0000-4000-8000-0000000000aa';
const amina = staff({ userId: 'u-amina', role: Role.Participant, sessionKind: 'device' });
const trainer = staff({ userId: 'u-trainer', role: Role.Trainer });

function newTestService(env: Record<string, string> = {}) {
  const mocks = {
    access: strictMock<MediaAccess>('access'),
    clips: strictMock<ClipRepository>('clips'),
    uploads: strictMock<UploadStoreRepository>('uploads'),
  };
  const sut = new UploadsService(
    testConfig({ MAX_UPLOAD_BYTES: String(100 * MB), PROJECT_QUOTA_BYTES: String(500 * MB), ...env }),
    as(mocks.access),
    as(mocks.clips),
    as(mocks.uploads),
  );
  return { sut, mocks };
}

const project: ProjectRecord = {
  id: PROJECT,
  organisationId: 'org-1',
  groupId: 'g-1',
  title: 'Group A',
  quotaBytes: null,
};
const meta = (over: Record<string, string> = {}) => ({
  projectId: PROJECT,
  filename: 'Interview.MP4',
  filetype: 'video/mp4',
  ...over,
});

describe(UploadsService.name, () => {
  describe('declare', () => {
    it('records an uploading clip titled after the file, within the quota, keeping the original as the organisation says', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.project.mockResolvedValue(project);
      mocks.clips.keepsOriginals.mockResolvedValue(false);
      mocks.clips.insertWithinQuota.mockResolvedValue({ inserted: true, usedBytes: 10 * MB });

      await sut.declare(amina, CLIP, 40 * MB, meta());

      expect(mocks.access.project).toHaveBeenCalledWith(amina, PROJECT);
      expect(mocks.clips.insertWithinQuota).toHaveBeenCalledWith(
        expect.objectContaining({
          id: CLIP,
          projectId: PROJECT,
          uploadedBy: 'u-amina',
          title: 'Interview',
          originalFilename: 'Interview.MP4',
          declaredType: 'video/mp4',
          sizeBytes: 40 * MB,
          sourceKey: `clips/${CLIP}/source`,
        }),
        500 * MB,
        false,
      );
    });

    it('refuses a file over the size limit at once, saying by how much, and records nothing', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.project.mockResolvedValue(project);

      const err = await rejection(sut.declare(amina, CLIP, 130 * MB, meta()));

      expect(err).toMatchObject({
        code: ErrorCode.UploadTooLarge,
        details: { overBytes: 30 * MB, maxFileBytes: 100 * MB },
      });
      expect(err.message).toBe('"Interview.MP4" is 130 MB: that is 30 MB over the 100 MB allowed for one file.');
      expect(mocks.clips.insertWithinQuota).not.toHaveBeenCalled();
    });

    it('refuses an empty (0-byte) file at once with advice that helps, and records nothing', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.project.mockResolvedValue(project);

      const err = await rejection(sut.declare(amina, CLIP, 0, meta()));

      expect(err).toMatchObject({
        code: ErrorCode.UploadEmpty,
        details: { filename: 'Interview.MP4', sizeBytes: 0 },
      });
      expect(err.message).toContain('check that it plays, then choose it again');
      expect(mocks.clips.insertWithinQuota).not.toHaveBeenCalled();
    });

    it('refuses a file that does not fit what is left of the project quota (its own quota first)', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.project.mockResolvedValue({ ...project, quotaBytes: 50 * MB });
      mocks.clips.keepsOriginals.mockResolvedValue(true);
      mocks.clips.insertWithinQuota.mockResolvedValue({ inserted: false, usedBytes: 30 * MB });

      const err = await rejection(sut.declare(amina, CLIP, 40 * MB, meta()));

      expect(err).toMatchObject({
        code: ErrorCode.QuotaExceeded,
        details: { quotaBytes: 50 * MB, usedBytes: 30 * MB, overBytes: 20 * MB },
      });
      expect(err.message).toContain('20 MB of 50 MB is free, it is 20 MB too big');
    });

    it.each([
      ['a text file', { filename: 'notes.txt', filetype: 'text/plain' }],
      ['a nameless type with an unknown ending', { filename: 'setup.exe', filetype: '' }],
    ])('refuses %s with 415 naming the accepted kinds', async (_, over) => {
      const { sut, mocks } = newTestService();
      mocks.access.project.mockResolvedValue(project);

      const err = await rejection(sut.declare(amina, CLIP, MB, meta(over)));

      expect(err).toMatchObject({
        code: ErrorCode.UnsupportedMediaType,
        details: { acceptedTypes: ['video/', 'audio/', 'image/'] },
      });
    });

    it('accepts a phone file without a declared type when its ending is a known media one', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.project.mockResolvedValue(project);
      mocks.clips.keepsOriginals.mockResolvedValue(true);
      mocks.clips.insertWithinQuota.mockResolvedValue({ inserted: true, usedBytes: 0 });

      await sut.declare(amina, CLIP, MB, meta({ filename: 'VID_2024.3gp', filetype: '' }));

      expect(mocks.clips.insertWithinQuota).toHaveBeenCalledTimes(1);
    });

    it('requires the size up front and a project', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.project.mockResolvedValue(project);
      expect(await rejection(sut.declare(amina, CLIP, undefined, meta()))).toMatchObject({
        code: ErrorCode.UploadLengthRequired,
      });
      expect(await rejection(sut.declare(amina, CLIP, MB, meta({ projectId: '' })))).toMatchObject({
        code: ErrorCode.ValidationFailed,
      });
    });
  });

  describe('authorise', () => {
    const clip = {
      id: CLIP,
      uploadedById: 'u-amina',
      status: ClipStatus.Uploading,
      sourceKey: `clips/${CLIP}/source`,
    } as StoredClip;

    it('lets the uploader and staff continue an upload, and nobody else in the group', async () => {
      const { sut, mocks } = newTestService();
      mocks.access.clip.mockResolvedValue(clip);
      await expect(sut.authorise(amina, CLIP)).resolves.toBe(clip);
      await expect(sut.authorise(trainer, CLIP)).resolves.toBe(clip);
      const other = await rejection(sut.authorise(staff({ userId: 'u-bilal', role: Role.Participant }), CLIP));
      expect(other.code).toBe(ErrorCode.NotFound);
    });

    it('finishes an upload whose bytes are all stored but which was never marked uploaded', async () => {
      const { sut, mocks } = newTestService();
      mocks.uploads.progress.mockResolvedValue({ offset: 5 * MB, size: 5 * MB });
      mocks.clips.markUploadedAndEnqueueProbe.mockResolvedValue(null);

      await sut.resume(clip);

      expect(mocks.clips.markUploadedAndEnqueueProbe).toHaveBeenCalledWith(CLIP);
    });

    it('leaves a half-sent upload alone', async () => {
      const { sut, mocks } = newTestService();
      mocks.uploads.progress.mockResolvedValue({ offset: 2 * MB, size: 5 * MB });
      await sut.resume(clip);
      expect(mocks.clips.markUploadedAndEnqueueProbe).not.toHaveBeenCalled();
    });
  });
});

describe(humanBytes.name, () => {
  it('writes sizes as people read them', () => {
    expect(humanBytes(2 * 1024 * MB)).toBe('2 GB');
    expect(humanBytes(1.5 * 1024 * MB)).toBe('1.5 GB');
    expect(humanBytes(350 * MB)).toBe('350 MB');
    expect(humanBytes(12 * 1024)).toBe('12 KB');
  });
});
