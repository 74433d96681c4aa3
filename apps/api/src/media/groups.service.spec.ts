import { ErrorCode, Role, type MediaGroup } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection, staff } from '../../../../tests/support/unit-fixtures.js';
import { type GroupRepository } from './group.repository.js';
import { GroupsService } from './groups.service.js';

const trainer = staff({ userId: 'u-trainer', role: Role.Trainer });
const amina = staff({ userId: 'u-amina', role: Role.Participant, sessionKind: 'device' });
const group: MediaGroup = {
  id: 'g-1',
  organisationId: 'org-1',
  programmeId: 'prog-1',
  name: 'Group A',
  projectId: 'p-1',
  members: [{ participantId: 'u-amina', displayName: 'Amina' }],
  createdAt: '2025-03-10T09:00:00.000Z',
};

function newTestService() {
  const mocks = { groups: strictMock<GroupRepository>('groups') };
  return { sut: new GroupsService(as(mocks.groups)), mocks };
}

describe(GroupsService.name, () => {
  it('creates a group (with its project) in a video course of the organisation', async () => {
    const { sut, mocks } = newTestService();
    mocks.groups.programmeKind.mockResolvedValue('video_course');
    mocks.groups.create.mockResolvedValue(group);
    expect(await sut.create(trainer, { name: '  Group A ', programmeId: 'prog-1' })).toBe(group);
    expect(mocks.groups.create).toHaveBeenCalledWith('org-1', 'Group A', 'prog-1');
  });

  it('refuses a programme that is not a video course, and one of another organisation as not found', async () => {
    const { sut, mocks } = newTestService();
    mocks.groups.programmeKind.mockResolvedValueOnce('pathway').mockResolvedValueOnce(null);
    expect(await rejection(sut.create(trainer, { name: 'A', programmeId: 'prog-2' }))).toMatchObject({
      code: ErrorCode.NotVideoCourse,
    });
    expect((await rejection(sut.create(trainer, { name: 'A', programmeId: 'prog-3' }))).code).toBe(ErrorCode.NotFound);
    expect(mocks.groups.create).not.toHaveBeenCalled();
  });

  it('shows a participant only the groups they are in', async () => {
    const { sut, mocks } = newTestService();
    mocks.groups.listForParticipant.mockResolvedValue([group]);
    mocks.groups.find.mockResolvedValue(group);
    expect(await sut.list(amina)).toEqual([group]);
    expect(mocks.groups.listForParticipant).toHaveBeenCalledWith('org-1', 'u-amina');
    expect((await rejection(sut.get(staff({ userId: 'u-bilal', role: Role.Participant }), 'g-1'))).code).toBe(
      ErrorCode.NotFound,
    );
  });

  it('adds only participants of the organisation', async () => {
    const { sut, mocks } = newTestService();
    mocks.groups.find.mockResolvedValue(group);
    mocks.groups.isParticipant.mockResolvedValue(false);
    expect(await rejection(sut.addMember(trainer, 'g-1', 'u-admin'))).toMatchObject({
      code: ErrorCode.NotAParticipant,
    });
    expect(mocks.groups.addMember).not.toHaveBeenCalled();
  });
});
