import { isStaff } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { TimelineRepository, type ProjectRecord } from './timeline.repository.js';

/**
 * Who may see and edit a project's timeline and renders: staff of its organisation and the members
 * of its group (the same rule as the clip bin). Anyone else is told "not found", so ids reveal nothing.
 */
@Injectable()
export class ProjectAccess {
  constructor(private readonly timelines: TimelineRepository) {}

  async project(who: AuthUser, projectId: string): Promise<ProjectRecord> {
    const project = await this.timelines.findProject(who.organisationId, projectId);
    if (!project) throw DomainError.notFound('This project');
    if (!isStaff(who.role) && !(await this.timelines.isMember(project.id, who.userId)))
      throw DomainError.notFound('This project');
    return project;
  }
}
