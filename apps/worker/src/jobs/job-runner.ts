import { JobName, type JobOutcome } from '@atelier/contracts';
import { JobsRepository } from '@atelier/queue';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '@atelier/config';
import { WORKER_LOGGER } from '../logger.js';
import { PingHandler } from '../ping/ping.handler.js';
import { RetentionHandler } from '../retention/retention.handler.js';

/** Subscribes each handler to its queue and logs every job's outcome. Later features add handlers here. */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly log: Logger,
    private readonly jobs: JobsRepository,
    private readonly ping: PingHandler,
    private readonly retention: RetentionHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.onError = (e) => this.log.error({ err: e }, 'queue error');
    await this.jobs.start();
    await this.jobs.handle(JobName.Ping, this.config.workerConcurrency, (p) => this.ping.handle(p), this.report(JobName.Ping));
    await this.jobs.handle(JobName.AttendanceRetention, 1, () => this.retention.handle(), this.report(JobName.AttendanceRetention));
    await this.jobs.schedule(JobName.AttendanceRetention, '15 3 * * *', {});
    this.log.info({ queues: Object.values(JobName), concurrency: this.config.workerConcurrency }, 'worker ready');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.stop();
    this.log.info('worker stopped');
  }

  private report<N extends JobName>(name: N) {
    return (jobId: string, outcome: JobOutcome<N>, ms: number): void => {
      if (outcome.status === 'done') this.log.info({ job: name, jobId, ms, outcome: 'done' }, `${name} done`);
      else this.log.warn({ job: name, jobId, ms, outcome: 'failed', reason: outcome.reason, retry: outcome.retry }, `${name} failed`);
    };
  }
}
