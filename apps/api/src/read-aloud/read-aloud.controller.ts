import type { ReadAloudAudio } from '@atelier/contracts';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, ClientInfo, Public } from '../auth/auth.decorators.js';
import { sendFile } from '../storage/media-files.js';
import { ReadAloudDto, ReadAloudScreenDto } from './dto/read-aloud.dto.js';
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

  /** Signed-out screens: the app's own strings only, named by translation key. */
  @Public()
  @Post('screen')
  @HttpCode(200)
  speakScreen(@ClientInfo() client: { ip: string }, @Body() dto: ReadAloudScreenDto): Promise<ReadAloudAudio> {
    return this.readAloud.speakScreen(client.ip, dto);
  }

  /** Public: the address is the hash of a text, so it tells nothing to someone who does not know the text. */
  @Public()
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
