import { JobName, type JobOutcome } from '@atelier/contracts';
import { MediaRepository } from '@atelier/media';
import { JobsRepository } from '@atelier/queue';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '@atelier/config';
import { BackupHandler } from '../backup/backup.handler.js';
import { WORKER_LOGGER } from '../logger.js';
import { DeadLetterHandler } from './dead-letter.handler.js';
import { ProbeClipHandler } from '../media/probe-clip.handler.js';
import { TranscodeClipHandler } from '../media/transcode-clip.handler.js';
import { UploadCleanupHandler } from '../media/upload-cleanup.handler.js';
import { PingHandler } from '../ping/ping.handler.js';
import { RenderCacheRetentionHandler } from '../render/render-cache-retention.handler.js';
import { RenderHandler } from '../render/render.handler.js';
import { RetentionHandler } from '../retention/retention.handler.js';
import type { JobRegistration, JobRegistrations } from './job-registrations.js';

/** Subscribes each job's handler to its queue (see `registrations()`) and logs every job's outcome. */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly log: Logger,
    private readonly jobs: JobsRepository,
    private readonly ping: PingHandler,
    private readonly retention: RetentionHandler,
    private readonly media: MediaRepository,
    private readonly probeClip: ProbeClipHandler,
    private readonly transcodeClip: TranscodeClipHandler,
    private readonly uploadCleanup: UploadCleanupHandler,
    private readonly render: RenderHandler,
    private readonly backup: BackupHandler,
    private readonly deadLetters: DeadLetterHandler,
    private readonly renderCacheRetention: RenderCacheRetentionHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.onError = (e) => this.log.error({ err: e }, 'queue error');
    await this.jobs.start();
    // A worker killed mid-transcode or mid-render left its scratch files: remove them before taking jobs.
    const orphans = await this.media.removeOrphanedScratch();
    if (orphans > 0) this.log.info({ orphans }, 'removed scratch directories of stopped workers');
    const registrations = this.registrations();
    for (const name of Object.values(JobName)) await this.register(name, registrations);
    this.log.info(
      {
        queues: Object.values(JobName),
        concurrency: this.config.workerConcurrency,
        transcodeConcurrency: this.config.transcodeConcurrency,
        x264Preset: this.config.x264Preset,
      },
      'worker ready',
    );
  }

  /**
   * Every job's handler, concurrency and schedule. Probes (short, I/O bound) run at the general concurrency;
   * transcodes and renders (each using every core) at their own.
   */
  registrations(): JobRegistrations {
    const { workerConcurrency, transcodeConcurrency } = this.config;
    return {
      [JobName.Ping]: { handler: (p) => this.ping.handle(p), concurrency: workerConcurrency },
      [JobName.AttendanceRetention]: {
        handler: () => this.retention.handle(),
        concurrency: 1,
        schedule: { cron: '15 3 * * *', payload: {} },
      },
      [JobName.ProbeClip]: { handler: (p, d) => this.probeClip.handle(p, d), concurrency: workerConcurrency },
      [JobName.TranscodeClip]: {
        handler: (p, d) => this.transcodeClip.handle(p, d),
        concurrency: transcodeConcurrency,
      },
      [JobName.UploadCleanup]: {
        handler: () => this.uploadCleanup.handle(),
        concurrency: 1,
        schedule: { cron: '45 3 * * *', payload: {} },
      },
      [JobName.Render]: { handler: (p, d) => this.render.handle(p, d), concurrency: transcodeConcurrency },
      [JobName.RenderCacheRetention]: {
        handler: () => this.renderCacheRetention.handle(),
        concurrency: 1,
        schedule: { cron: '50 3 * * *', payload: {} },
      },
      // Jobs that ended failed for any reason (a dead worker's last attempt included) fail their clip or render.
      [JobName.ClipJobFailed]: { handler: (p) => this.deadLetters.clipJobFailed(p), concurrency: 1 },
      [JobName.RenderJobFailed]: { handler: (p) => this.deadLetters.renderJobFailed(p), concurrency: 1 },
      // Daily backups only where configured; removing the setting stops the schedule (it lives in the database).
      [JobName.Backup]: {
        handler: () => this.backup.handle(),
        concurrency: 1,
        schedule: this.config.backupTarget ? { cron: '30 2 * * *', payload: {} } : null,
      },
    };
  }

  private async register<N extends JobName>(name: N, registrations: JobRegistrations): Promise<void> {
    const registration: JobRegistration<N> = registrations[name];
    await this.jobs.handle(name, registration.concurrency, registration.handler, this.report(name));
    if (registration.schedule)
      await this.jobs.schedule(name, registration.schedule.cron, registration.schedule.payload);
    else if (registration.schedule === null) await this.jobs.unschedule(name);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.stop();
    this.log.info('worker stopped');
  }

  private report<N extends JobName>(name: N) {
    return (jobId: string, outcome: JobOutcome<N>, ms: number): void => {
      if (outcome.status === 'done') this.log.info({ job: name, jobId, ms, outcome: 'done' }, `${name} done`);
      else
        this.log.warn(
          { job: name, jobId, ms, outcome: 'failed', reason: outcome.reason, retry: outcome.retry },
          `${name} failed`,
        );
    };
  }
}
