import { Role, type HealthReport, type PingResult } from '@atelier/contracts';
import { Controller, Get, Header, HttpCode, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, Roles } from '../auth/auth.decorators.js';
import { HealthService } from './health.service.js';
import { registry } from './metrics.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when the database, storage and queue answer; 503 (same body) when one does not. */
  @Public()
  @Get('health')
  async report(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report();
    if (report.status !== 'ok') res.status(503);
    return report;
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', registry.contentType)
  metrics(): Promise<string> {
    return registry.metrics();
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post('api/system/ping')
  @HttpCode(200)
  ping(): Promise<PingResult> {
    return this.health.pingWorker();
  }
}
