import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { APP_CONFIG, ConfigModule, type AppConfig } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './common/idempotency/idempotency.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { InstanceModule } from './instance/instance.module.js';
import { ParticipantsModule } from './participants/participants.module.js';
import { ProgrammesModule } from './programmes/programmes.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { AttendanceModule } from './attendance/attendance.module.js';
import { BoardsModule } from './boards/boards.module.js';
import { StorageModule } from './storage/storage.module.js';
import { MediaModule } from './media/media.module.js';
import { PublishingModule } from './publishing/publishing.module.js';
import { SetupModule } from './setup/setup.module.js';
import { ReadAloudModule } from './read-aloud/read-aloud.module.js';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        pinoHttp: {
          level: c.logLevel,
          base: { app: 'api', pid: process.pid },
          redact: [
            'req.headers.cookie',
            'req.headers.authorization',
            'req.headers["x-xsrf-token"]',
            'res.headers["set-cookie"]',
          ],
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
    DatabaseModule,
    IdempotencyModule,
    StorageModule,
    JobsModule,
    AuthModule,
    OrganisationsModule,
    InstanceModule,
    ParticipantsModule,
    ProgrammesModule,
    AttendanceModule,
    BoardsModule,
    MediaModule,
    ProjectsModule,
    PublishingModule,
    SetupModule,
    ReadAloudModule,
    HealthModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
export class AppModule {}
