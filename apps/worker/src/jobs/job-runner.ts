import { JobName, type JobOutcome } from '@atelier/contracts';
import { MediaRepository } from '@atelier/media';
import { JobsRepository } from '@atelier/queue';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '@atelier/config';
import { WORKER_LOGGER } from '../logger.js';
import { DeadLetterHandler } from './dead-letter.handler.js';
import { ProbeClipHandler } from '../media/probe-clip.handler.js';
import { TranscodeClipHandler } from '../media/transcode-clip.handler.js';
import { UploadCleanupHandler } from '../media/upload-cleanup.handler.js';
import { PingHandler } from '../ping/ping.handler.js';
import { RenderHandler } from '../render/render.handler.js';
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
    private readonly media: MediaRepository,
    private readonly probeClip: ProbeClipHandler,
    private readonly transcodeClip: TranscodeClipHandler,
    private readonly uploadCleanup: UploadCleanupHandler,
    private readonly render: RenderHandler,
    private readonly deadLetters: DeadLetterHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.onError = (e) => this.log.error({ err: e }, 'queue error');
    await this.jobs.start();
    await this.jobs.handle(JobName.Ping, this.config.workerConcurrency, (p) => this.ping.handle(p), this.report(JobName.Ping));
    await this.jobs.handle(JobName.AttendanceRetention, 1, () => this.retention.handle(), this.report(JobName.AttendanceRetention));
    await this.jobs.schedule(JobName.AttendanceRetention, '15 3 * * *', {});
    // Media: a worker killed mid-transcode left its scratch files; then probes (short, I/O bound)
    // at the general concurrency, transcodes (each using every core) at their own.
    const orphans = await this.media.removeOrphanedScratch();
    if (orphans > 0) this.log.info({ orphans }, 'removed scratch directories of stopped workers');
    await this.jobs.handle(JobName.ProbeClip, this.config.workerConcurrency, (p, d) => this.probeClip.handle(p, d), this.report(JobName.ProbeClip));
    await this.jobs.handle(JobName.TranscodeClip, this.config.transcodeConcurrency, (p, d) => this.transcodeClip.handle(p, d), this.report(JobName.TranscodeClip));
    await this.jobs.handle(JobName.UploadCleanup, 1, () => this.uploadCleanup.handle(), this.report(JobName.UploadCleanup));
    await this.jobs.schedule(JobName.UploadCleanup, '45 3 * * *', {});
    // Renders use every core like transcodes: same concurrency setting.
    await this.jobs.handle(JobName.Render, this.config.transcodeConcurrency, (p, d) => this.render.handle(p, d), this.report(JobName.Render));
    // Jobs that ended failed for any reason (a dead worker's last attempt included) fail their clip or render.
    await this.jobs.handle(JobName.ClipJobFailed, 1, (p) => this.deadLetters.clipJobFailed(p), this.report(JobName.ClipJobFailed));
    await this.jobs.handle(JobName.RenderJobFailed, 1, (p) => this.deadLetters.renderJobFailed(p), this.report(JobName.RenderJobFailed));
    this.log.info(
      { queues: Object.values(JobName), concurrency: this.config.workerConcurrency, transcodeConcurrency: this.config.transcodeConcurrency, x264Preset: this.config.x264Preset },
      'worker ready',
    );
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
