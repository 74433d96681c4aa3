import type { ReadAloudAudio } from '@atelier/contracts';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth } from '../auth/auth.decorators.js';
import { sendFile } from '../storage/media-files.js';
import { ReadAloudDto } from './dto/read-aloud.dto.js';
import { ReadAloudService } from './read-aloud.service.js';

@ApiTags('read-aloud')
@Controller('api/read-aloud')
export class ReadAloudController {
  constructor(private readonly readAloud: ReadAloudService) {}

  @Post()
  @HttpCode(200)
  speak(@Auth() who: AuthUser, @Body() dto: ReadAloudDto): Promise<ReadAloudAudio> {
    return this.readAloud.speak(who, dto);
  }

  @Get(':language/:file')
  async file(
    @Param('language') language: string,
    @Param('file') file: string,
    @Headers('range') range: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await sendFile(res, await this.readAloud.file(language, file, range));
  }
}
