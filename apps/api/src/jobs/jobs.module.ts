import { JobsRepository } from '@atelier/queue';
import { Global, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

@Global()
@Module({
  providers: [
    {
      provide: JobsRepository,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => {
        const jobs = new JobsRepository({ connectionString: c.databaseUrl });
        const logger = new Logger('Queue');
        jobs.onError = (e) => logger.error({ err: e }, 'Queue error');
        return jobs;
      },
    },
  ],
  exports: [JobsRepository],
})
export class JobsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly refs: ModuleRef) {}

  async onModuleInit(): Promise<void> {
    await this.refs.get(JobsRepository).start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refs.get(JobsRepository).stop();
  }
}
