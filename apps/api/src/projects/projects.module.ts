import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ProjectAccess } from './project-access.js';
import { ProjectsController } from './projects.controller.js';
import { RenderService } from './render.service.js';
import { RendersRepository } from './renders.repository.js';
import { TimelineRepository } from './timeline.repository.js';
import { TimelineService } from './timeline.service.js';

/** Group projects' timelines (versioned edit decision lists) and their server renders. */
@Module({
  imports: [AuthModule],
  controllers: [ProjectsController],
  providers: [TimelineRepository, RendersRepository, ProjectAccess, TimelineService, RenderService],
  exports: [RendersRepository],
})
export class ProjectsModule {}
