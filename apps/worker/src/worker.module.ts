import { MediaRepository, RenderRepository } from '@atelier/media';
import { JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { Module } from '@nestjs/common';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@atelier/config';
import { BackupHandler } from './backup/backup.handler.js';
import { BackupRepository } from './backup/backup.repository.js';
import { DeadLetterHandler } from './jobs/dead-letter.handler.js';
import { JobRunner } from './jobs/job-runner.js';
import { createLogger, WORKER_LOGGER } from './logger.js';
import { ClipsRepository } from './media/clips.repository.js';
import { ProbeClipHandler } from './media/probe-clip.handler.js';
import { TranscodeClipHandler } from './media/transcode-clip.handler.js';
import { UploadCleanupHandler } from './media/upload-cleanup.handler.js';
import { PingHandler } from './ping/ping.handler.js';
import { RenderCacheRetentionHandler } from './render/render-cache-retention.handler.js';
import { RenderSegmentCache } from './render/render-segment-cache.js';
import { RenderHandler } from './render/render.handler.js';
import { SegmentCacheRepository } from './render/segment-cache.repository.js';
import { RendersRepository } from './render/renders.repository.js';
import { RetentionHandler } from './retention/retention.handler.js';
import { RetentionRepository } from './retention/retention.repository.js';

@Module({
  imports: [ConfigModule],
  providers: [
    { provide: WORKER_LOGGER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createLogger(c.logLevel) },
    {
      provide: JobsRepository,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new JobsRepository({ connectionString: c.databaseUrl }),
    },
    { provide: StorageRepository, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new StorageRepository(c.s3) },
    { provide: MediaRepository, useFactory: () => new MediaRepository() },
    { provide: RenderRepository, useFactory: () => new RenderRepository() },
    PingHandler,
    ClipsRepository,
    ProbeClipHandler,
    TranscodeClipHandler,
    UploadCleanupHandler,
    RendersRepository,
    RenderHandler,
    SegmentCacheRepository,
    RenderSegmentCache,
    RenderCacheRetentionHandler,
    RetentionRepository,
    RetentionHandler,
    BackupRepository,
    BackupHandler,
    DeadLetterHandler,
    JobRunner,
  ],
})
export class WorkerModule {}
