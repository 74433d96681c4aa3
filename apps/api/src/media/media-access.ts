import { isStaff } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { ClipRepository, type ProjectRecord, type StoredClip } from './clip.repository.js';

/**
 * Who may see a project's bin: staff of its organisation and the members of its group. Everyone
 * else — another group, another organisation — is told "not found", so ids reveal nothing.
 */
@Injectable()
export class MediaAccess {
  constructor(private readonly clips: ClipRepository) {}

  async project(who: AuthUser, projectId: string): Promise<ProjectRecord> {
    const project = await this.clips.findProject(who.organisationId, projectId);
    if (!project) throw DomainError.notFound('This project');
    if (!isStaff(who.role) && !(await this.clips.isMember(project.id, who.userId)))
      throw DomainError.notFound('This project');
    return project;
  }

  async clip(who: AuthUser, clipId: string): Promise<StoredClip> {
    const clip = await this.clips.find(who.organisationId, clipId);
    if (!clip) throw DomainError.notFound('This clip');
    if (!isStaff(who.role) && !(await this.clips.isMember(clip.projectId, who.userId)))
      throw DomainError.notFound('This clip');
    return clip;
  }
}
