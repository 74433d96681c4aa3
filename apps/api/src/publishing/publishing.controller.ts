import {
  Role,
  type ConsentHistoryEntry,
  type Documentary,
  type PublishingOverview,
  type PublishingProjectSummary,
  type SubtitleTrack,
} from '@atelier/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { CreditsDto, DocumentaryDto, PaperConsentDto, PublishDto } from './dto/publishing.dto.js';
import { PublishingService } from './publishing.service.js';

/** Staff: a project's documentary, credits, consent (paper), subtitles and publishing. */
@ApiTags('publishing')
@Roles(Role.Admin, Role.Trainer)
@Controller('api/publishing/projects')
export class PublishingController {
  constructor(private readonly publishing: PublishingService) {}

  @Get()
  projects(@Auth() who: AuthUser): Promise<PublishingProjectSummary[]> {
    return this.publishing.projects(who);
  }

  @Get(':projectId')
  overview(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<PublishingOverview> {
    return this.publishing.overview(who, projectId);
  }

  @Put(':projectId/documentary')
  save(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Body() dto: DocumentaryDto,
  ): Promise<Documentary> {
    return this.publishing.saveDocumentary(who, projectId, dto);
  }

  @Put(':projectId/credits')
  credits(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Body() dto: CreditsDto,
  ): Promise<PublishingOverview> {
    return this.publishing.setCredits(who, projectId, dto.credits);
  }

  @Put(':projectId/consents/:personId')
  paperConsent(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Param('personId', ID) personId: string,
    @Body() dto: PaperConsentDto,
  ): Promise<PublishingOverview> {
    return this.publishing.recordPaper(who, projectId, personId, dto);
  }

  /** multipart/form-data with one image in the field `photo`. */
  @Put(':projectId/consents/:personId/paper-form')
  paperForm(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Param('personId', ID) personId: string,
    @Req() req: Request,
  ): Promise<PublishingOverview> {
    return this.publishing.attachPaperForm(who, projectId, personId, { headers: req.headers, body: req });
  }

  @Get(':projectId/consents/:personId/paper-form')
  async showPaperForm(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Param('personId', ID) personId: string,
    @Res() res: Response,
  ): Promise<void> {
    const form = await this.publishing.paperForm(who, projectId, personId);
    res.setHeader('Content-Type', form.contentType);
    res.setHeader('Content-Length', String(form.size));
    res.setHeader('Cache-Control', 'private, no-store');
    form.stream.pipe(res);
  }

  @Get(':projectId/consents/:personId/history')
  history(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Param('personId', ID) personId: string,
  ): Promise<ConsentHistoryEntry[]> {
    return this.publishing.history(who, projectId, personId);
  }

  @Post(':projectId/publish')
  @HttpCode(200)
  publish(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Body() dto: PublishDto,
  ): Promise<PublishingOverview> {
    return this.publishing.publish(who, projectId, dto.visibility);
  }

  @Post(':projectId/unpublish')
  @HttpCode(200)
  unpublish(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<PublishingOverview> {
    return this.publishing.unpublish(who, projectId);
  }

  /** The file's text as the body (WebVTT or SRT, UTF-8); `?label=` names the track in the player. */
  @Put(':projectId/subtitles/:language')
  subtitles(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Param('language') language: string,
    @Query('label') label: string | undefined,
    @Req() req: Request,
  ): Promise<SubtitleTrack[]> {
    return this.publishing.uploadSubtitles(
      who,
      projectId,
      language,
      typeof req.body === 'string' ? req.body : '',
      label,
    );
  }

  @Delete(':projectId/subtitles/:language')
  deleteSubtitles(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Param('language') language: string,
  ): Promise<SubtitleTrack[]> {
    return this.publishing.deleteSubtitles(who, projectId, language);
  }

  @Post(':projectId/notices/read')
  @HttpCode(204)
  readNotices(@Auth() who: AuthUser, @Param('projectId', ID) projectId: string): Promise<void> {
    return this.publishing.readNotices(who, projectId);
  }
}
