import { Role, type Clip, type ClipPlayback, type UploadLimits } from '@atelier/contracts';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { sendFile } from '../storage/media-files.js';
import { ClipsService } from './clips.service.js';
import { UpdateClipDto } from './dto/media.dto.js';

@ApiTags('media')
@Controller('api')
export class ClipsController {
  constructor(private readonly clips: ClipsService) {}

  @Get('media/projects/:projectId/upload-limits')
  limits(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<UploadLimits> {
    return this.clips.limits(who, projectId);
  }

  @Get('media/projects/:projectId/clips')
  bin(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<Clip[]> {
    return this.clips.listBin(who, projectId);
  }

  @Get('clips/:id')
  get(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Clip> {
    return this.clips.get(who, id);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Patch('clips/:id')
  update(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: UpdateClipDto): Promise<Clip> {
    return this.clips.update(who, id, dto);
  }

  @Delete('clips/:id')
  @HttpCode(204)
  delete(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<void> {
    return this.clips.delete(who, id);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post('clips/:id/retry')
  @HttpCode(200)
  retry(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Clip> {
    return this.clips.retry(who, id);
  }

  @Get('clips/:id/playback')
  playback(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<ClipPlayback> {
    return this.clips.playback(who, id);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Get('clips/:id/original')
  async original(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Headers('range') range: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await sendFile(res, await this.clips.openOriginal(who, id, range));
  }

  /** A ready clip's outputs (HLS playlists and segments, proxy, poster), laid out as in storage so relative playlist URIs just work. */
  @Get('clips/:id/media/*path')
  async media(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Param('path') path: string | string[],
    @Headers('range') range: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const file = Array.isArray(path) ? path.join('/') : path;
    await sendFile(res, await this.clips.openOutput(who, id, file, range, accept));
  }
}
