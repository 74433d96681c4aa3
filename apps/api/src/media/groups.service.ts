import { ErrorCode, isStaff, type CreateMediaGroupRequest, type MediaGroup } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { GroupRepository } from './group.repository.js';

/**
 * Groups of participants filming together. Staff create them in a video course (or outside any
 * course) and choose the members; each group gets its media project. Participants see only the
 * groups they are in; anything of another organisation is "not found".
 */
@Injectable()
export class GroupsService {
  constructor(private readonly groups: GroupRepository) {}

  async create(who: AuthUser, dto: CreateMediaGroupRequest): Promise<MediaGroup> {
    const programmeId = dto.programmeId ?? null;
    if (programmeId) {
      const kind = await this.groups.programmeKind(who.organisationId, programmeId);
      if (kind === null) throw DomainError.notFound('This programme');
      if (kind !== 'video_course') {
        throw new DomainError(
          ErrorCode.NotVideoCourse,
          'Groups with clips belong to a video course: choose a video course, or no programme.',
          { kind },
        );
      }
    }
    return this.groups.create(who.organisationId, dto.name.trim(), programmeId);
  }

  list(who: AuthUser, programmeId?: string): Promise<MediaGroup[]> {
    if (isStaff(who.role)) return this.groups.list(who.organisationId, programmeId);
    return this.groups.listForParticipant(who.organisationId, who.userId);
  }

  async get(who: AuthUser, id: string): Promise<MediaGroup> {
    const group = await this.groups.find(who.organisationId, id);
    if (!group) throw DomainError.notFound('This group');
    if (!isStaff(who.role) && !group.members.some((m) => m.participantId === who.userId))
      throw DomainError.notFound('This group');
    return group;
  }

  async rename(who: AuthUser, id: string, name: string): Promise<MediaGroup> {
    if (!(await this.groups.rename(who.organisationId, id, name.trim()))) throw DomainError.notFound('This group');
    return (await this.groups.find(who.organisationId, id))!;
  }

  async addMember(who: AuthUser, id: string, participantId: string): Promise<MediaGroup> {
    const group = await this.groups.find(who.organisationId, id);
    if (!group) throw DomainError.notFound('This group');
    if (!(await this.groups.isParticipant(who.organisationId, participantId))) {
      throw new DomainError(
        ErrorCode.NotAParticipant,
        'Only participants of your organisation can be put in a group.',
        { participantId },
      );
    }
    await this.groups.addMember(id, participantId);
    return (await this.groups.find(who.organisationId, id))!;
  }

  async removeMember(who: AuthUser, id: string, participantId: string): Promise<MediaGroup> {
    const group = await this.groups.find(who.organisationId, id);
    if (!group) throw DomainError.notFound('This group');
    await this.groups.removeMember(id, participantId);
    return (await this.groups.find(who.organisationId, id))!;
  }
}
