import type { Me, SetupStatus } from '@atelier/contracts';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { setSessionCookies } from '../auth/session-cookies.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { SetupDto } from './dto/setup.dto.js';
import { FirstRunService } from './first-run.service.js';

@ApiTags('setup')
@Controller('api/setup')
export class SetupController {
  constructor(
    private readonly firstRun: FirstRunService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  status(@Query('token') token: string | undefined): Promise<SetupStatus> {
    return this.firstRun.status(token ?? '');
  }

  /** Creates the first organisation and its admin, and signs them in with the same cookies as a login. */
  @Public()
  @Post()
  @HttpCode(201)
  async complete(@Body() dto: SetupDto, @Res({ passthrough: true }) res: Response): Promise<Me> {
    const s = await this.firstRun.complete(dto);
    setSessionCookies(res, s.token, s.csrf, s.expiresAt, this.config.cookieSecure);
    return s.me;
  }
}
