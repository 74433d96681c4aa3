import {
  Role,
  type BoardSummary,
  type BoardTemplateInfo,
  type BoardView,
  type PhotoUploadResult,
} from '@atelier/contracts';
import { Body, Controller, Get, Header, Param, ParseBoolPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { BoardsService } from './boards.service.js';
import { CreateBoardDto } from './dto/board.dto.js';
import { MAX_PHOTO_BYTES } from './photo.js';
import { readBody } from './read-body.js';

@ApiTags('boards')
@Controller('api/boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get('templates')
  templates(): BoardTemplateInfo[] {
    return this.boards.templates();
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post()
  create(@Auth() who: AuthUser, @Body() dto: CreateBoardDto): Promise<BoardSummary> {
    return this.boards.create(who, dto);
  }

  /** Staff: the organisation's boards (optionally of one session). Participants: open boards of their sessions. */
  @Get()
  list(@Auth() who: AuthUser, @Query('sessionId') sessionId?: string): Promise<BoardSummary[]> {
    return this.boards.list(who, sessionId && /^[0-9a-f-]{36}$/i.test(sessionId) ? sessionId : undefined);
  }

  @Get('by-code/:code')
  byCode(@Auth() who: AuthUser, @Param('code') code: string): Promise<BoardSummary> {
    return this.boards.findByCode(who, code);
  }

  @Get(':id')
  get(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<BoardSummary> {
    return this.boards.get(who, id);
  }

  @Get(':id/view')
  view(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Query('presenter', new ParseBoolPipe({ optional: true })) presenter?: boolean,
  ): Promise<BoardView> {
    return this.boards.view(who, id, presenter ?? false);
  }

  /** The raw photo bytes as the body (Content-Type image/jpeg or image/png); answers `{photoId}`. */
  @Post(':id/photos')
  async uploadPhoto(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Req() req: Request,
  ): Promise<PhotoUploadResult> {
    return this.boards.uploadPhoto(who, id, await readBody(req, MAX_PHOTO_BYTES));
  }

  @Get(':id/photos/:photoId')
  @Header('Cache-Control', 'private, max-age=3600')
  async photo(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Param('photoId', ID) photoId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { contentType, body } = await this.boards.photo(who, id, photoId);
    res.setHeader('Content-Type', contentType);
    body.pipe(res);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post(':id/close')
  close(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<BoardSummary> {
    return this.boards.setStatus(who, id, 'closed');
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post(':id/open')
  open(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<BoardSummary> {
    return this.boards.setStatus(who, id, 'open');
  }

  @Roles(Role.Admin, Role.Trainer)
  @Get(':id/export.csv')
  async exportCsv(@Auth() who: AuthUser, @Param('id', ID) id: string, @Res() res: Response): Promise<void> {
    const { filename, csv } = await this.boards.exportCsv(who, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(csv);
  }
}
