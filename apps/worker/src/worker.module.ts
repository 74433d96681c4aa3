import { JobsRepository } from '@atelier/queue';
import { Module } from '@nestjs/common';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@atelier/config';
import { JobRunner } from './jobs/job-runner.js';
import { createLogger, WORKER_LOGGER } from './logger.js';
import { PingHandler } from './ping/ping.handler.js';
import { RetentionHandler } from './retention/retention.handler.js';
import { RetentionRepository } from './retention/retention.repository.js';

@Module({
  imports: [ConfigModule],
  providers: [
    { provide: WORKER_LOGGER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createLogger(c.logLevel) },
    { provide: JobsRepository, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new JobsRepository({ connectionString: c.databaseUrl }) },
    PingHandler,
    RetentionRepository,
    RetentionHandler,
    JobRunner,
  ],
})
export class WorkerModule {}
