import { Role, type HealthReport, type PingResult } from '@atelier/contracts';
import { Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, Roles } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { HealthService } from './health.service.js';
import { metricsAllowed } from './metrics-access.js';
import { registry } from './metrics.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 200 when the database, storage and queue answer; 503 (same body) when one does not. */
  @Public()
  @Get('health')
  async report(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report();
    if (report.status !== 'ok') res.status(503);
    return report;
  }

  /** Internal network only (the client address Express sees), or `Authorization: Bearer $METRICS_TOKEN`. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', registry.contentType)
  metrics(@Req() req: Request): Promise<string> {
    if (!metricsAllowed(req.ip, req.headers.authorization, this.config.metricsToken)) {
      throw DomainError.forbidden(
        'Metrics are served on the internal network only, or with the METRICS_TOKEN bearer token.',
      );
    }
    return registry.metrics();
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post('api/system/ping')
  @HttpCode(200)
  ping(): Promise<PingResult> {
    return this.health.pingWorker();
  }
}
