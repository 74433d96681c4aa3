import type { Render, Timeline, TimelineSource, TimelineVersionSummary } from '@atelier/contracts';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { DomainError } from '../common/domain-error.js';
import { sendFile } from '../storage/media-files.js';
import { SaveTimelineDto, StartRenderDto } from './dto/timeline.dto.js';
import { RenderService } from './render.service.js';
import { TimelineService, type SourceFile } from './timeline.service.js';

const SOURCE_FILES: SourceFile[] = ['proxy', 'poster', 'thumbs'];

@ApiTags('projects')
@Controller('api')
export class ProjectsController {
  constructor(
    private readonly timelines: TimelineService,
    private readonly renders: RenderService,
  ) {}

  @Get('projects/:projectId/timeline')
  get(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<Timeline> {
    return this.timelines.get(who, projectId);
  }

  @Put('projects/:projectId/timeline')
  save(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Body() dto: SaveTimelineDto,
  ): Promise<Timeline> {
    return this.timelines.save(who, projectId, dto);
  }

  @Get('projects/:projectId/timeline/versions')
  history(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<TimelineVersionSummary[]> {
    return this.timelines.history(who, projectId);
  }

  @Get('projects/:projectId/timeline/sources')
  sources(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<TimelineSource[]> {
    return this.timelines.sources(who, projectId);
  }

  @Get('projects/:projectId/timeline/clips/:clipId/:file')
  async source(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Param('clipId', ID) clipId: string,
    @Param('file') file: string,
    @Headers('range') range: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!SOURCE_FILES.includes(file as SourceFile)) throw DomainError.notFound('This file');
    await sendFile(res, await this.timelines.openSource(who, projectId, clipId, file as SourceFile, range));
  }

  @Post('projects/:projectId/render')
  @HttpCode(202)
  render(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Body() dto: StartRenderDto,
  ): Promise<Render> {
    return this.renders.start(who, projectId, dto.version);
  }

  @Get('projects/:projectId/renders')
  listRenders(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<Render[]> {
    return this.renders.list(who, projectId);
  }

  @Get('renders/:id')
  getRender(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Render> {
    return this.renders.get(who, id);
  }

  @Post('renders/:id/cancel')
  @HttpCode(200)
  cancel(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Render> {
    return this.renders.cancel(who, id);
  }

  /** A finished render's files, laid out as in storage so the HLS playlists' relative URIs just work. */
  @Get('renders/:id/media/*path')
  async media(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Param('path') path: string | string[],
    @Headers('range') range: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await sendFile(res, await this.renders.openFile(who, id, Array.isArray(path) ? path.join('/') : path, range));
  }
}
