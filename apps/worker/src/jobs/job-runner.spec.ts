import type { AppConfig } from '@atelier/config';
import { JobName, type JobOutcome } from '@atelier/contracts';
import type { MediaRepository } from '@atelier/media';
import type { Delivery, JobsRepository } from '@atelier/queue';
import { describe, expect, it, jest } from '@jest/globals';
import type { Logger } from 'pino';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, testConfig } from '../../../../tests/support/unit-fixtures.js';
import type { BackupHandler } from '../backup/backup.handler.js';
import type { DeadLetterHandler } from './dead-letter.handler.js';
import type { ProbeClipHandler } from '../media/probe-clip.handler.js';
import type { TranscodeClipHandler } from '../media/transcode-clip.handler.js';
import type { UploadCleanupHandler } from '../media/upload-cleanup.handler.js';
import type { PingHandler } from '../ping/ping.handler.js';
import type { RenderCacheRetentionHandler } from '../render/render-cache-retention.handler.js';
import type { RenderHandler } from '../render/render.handler.js';
import type { RetentionHandler } from '../retention/retention.handler.js';
import type { JobRegistrations } from './job-registrations.js';
import { JobRunner } from './job-runner.js';

function setup() {
  const config: AppConfig = { ...testConfig(), workerConcurrency: 3, transcodeConcurrency: 1 };
  const jobs = strictMock<JobsRepository>('jobs');
  jobs.start.mockResolvedValue(undefined);
  jobs.handle.mockResolvedValue(undefined);
  jobs.schedule.mockResolvedValue(undefined);
  jobs.unschedule.mockResolvedValue(undefined);
  const media = strictMock<MediaRepository>('media');
  media.removeOrphanedScratch.mockResolvedValue(0);
  const log = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const handlers = {
    ping: strictMock<PingHandler>('ping'),
    retention: strictMock<RetentionHandler>('retention'),
    probeClip: strictMock<ProbeClipHandler>('probeClip'),
    transcodeClip: strictMock<TranscodeClipHandler>('transcodeClip'),
    uploadCleanup: strictMock<UploadCleanupHandler>('uploadCleanup'),
    render: strictMock<RenderHandler>('render'),
    backup: strictMock<BackupHandler>('backup'),
    deadLetters: strictMock<DeadLetterHandler>('deadLetters'),
    renderCacheRetention: strictMock<RenderCacheRetentionHandler>('renderCacheRetention'),
  };
  const sut = new JobRunner(
    config,
    as<Logger>(log),
    as<JobsRepository>(jobs),
    as<PingHandler>(handlers.ping),
    as<RetentionHandler>(handlers.retention),
    as<MediaRepository>(media),
    as<ProbeClipHandler>(handlers.probeClip),
    as<TranscodeClipHandler>(handlers.transcodeClip),
    as<UploadCleanupHandler>(handlers.uploadCleanup),
    as<RenderHandler>(handlers.render),
    as<BackupHandler>(handlers.backup),
    as<DeadLetterHandler>(handlers.deadLetters),
    as<RenderCacheRetentionHandler>(handlers.renderCacheRetention),
  );
  return { sut, jobs, handlers };
}

describe(JobRunner.name, () => {
  it('subscribes every job name once, at its concurrency, and schedules only the daily jobs', async () => {
    const { sut, jobs } = setup();
    await sut.onApplicationBootstrap();

    const subscribed = jobs.handle.mock.calls.map(([name, concurrency]) => [name, concurrency]);
    expect(subscribed.map(([name]) => name).sort()).toEqual(Object.values(JobName).sort());
    expect(Object.fromEntries(subscribed)).toEqual({
      [JobName.Ping]: 3,
      [JobName.AttendanceRetention]: 1,
      [JobName.ProbeClip]: 3,
      [JobName.TranscodeClip]: 1,
      [JobName.UploadCleanup]: 1,
      [JobName.Render]: 1,
      [JobName.ClipJobFailed]: 1,
      [JobName.RenderJobFailed]: 1,
      [JobName.Backup]: 1,
      [JobName.RenderCacheRetention]: 1,
    });
    expect(jobs.schedule.mock.calls.map(([name, cron]) => [name, cron]).sort()).toEqual([
      [JobName.AttendanceRetention, '15 3 * * *'],
      [JobName.RenderCacheRetention, '50 3 * * *'],
      [JobName.UploadCleanup, '45 3 * * *'],
    ]);
    // No BACKUP_DIR / BACKUP_S3_URL in the test configuration: a schedule an earlier start stored is removed.
    expect(jobs.unschedule.mock.calls).toEqual([[JobName.Backup]]);
  });

  it('hands each queue to its own handler with the payload and the delivery', async () => {
    const { sut, handlers } = setup();
    const delivery: Delivery = {
      jobId: 'job-1',
      retryCount: 0,
      lastAttempt: false,
      signal: new AbortController().signal,
    };
    const done = <N extends JobName>(n: N) => ({ status: 'failed', reason: n, retry: false }) as JobOutcome<N>;
    handlers.render.handle.mockResolvedValue(done(JobName.Render));
    handlers.probeClip.handle.mockResolvedValue(done(JobName.ProbeClip));

    const registrations = sut.registrations();

    expect(await registrations[JobName.Render].handler({ renderId: 'r-1' }, delivery)).toEqual(done(JobName.Render));
    expect(handlers.render.handle).toHaveBeenCalledWith({ renderId: 'r-1' }, delivery);
    expect(await registrations[JobName.ProbeClip].handler({ clipId: 'c-1' }, delivery)).toEqual(
      done(JobName.ProbeClip),
    );
    expect(handlers.probeClip.handle).toHaveBeenCalledWith({ clipId: 'c-1' }, delivery);
  });

  it('does not compile a registration table that leaves a job name without a handler (checked by npm run typecheck)', () => {
    const handler = () => Promise.resolve({ status: 'failed', reason: 'x', retry: false } as const);
    // @ts-expect-error -- every JobName needs a registration; this table has only Ping
    const partial: JobRegistrations = { [JobName.Ping]: { handler, concurrency: 1 } };
    expect(Object.keys(partial)).toEqual([JobName.Ping]);
  });
});
