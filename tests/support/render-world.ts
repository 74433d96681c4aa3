import type { AppConfig } from '@atelier/config';
import { Role } from '@atelier/contracts';
import { MediaRepository, RenderRepository } from '@atelier/media';
import { type Delivery, JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { ProjectAccess } from '../../apps/api/src/projects/project-access.js';
import { RenderService } from '../../apps/api/src/projects/render.service.js';
import { RendersRepository as ApiRenders } from '../../apps/api/src/projects/renders.repository.js';
import { TimelineRepository } from '../../apps/api/src/projects/timeline.repository.js';
import { TimelineService } from '../../apps/api/src/projects/timeline.service.js';
import { MediaFiles } from '../../apps/api/src/storage/media-files.js';
import { SmallImages } from '../../apps/api/src/storage/small-images.js';
import { ClipsRepository } from '../../apps/worker/src/media/clips.repository.js';
import { ProbeClipHandler } from '../../apps/worker/src/media/probe-clip.handler.js';
import { RenderSegmentCache } from '../../apps/worker/src/render/render-segment-cache.js';
import { RenderHandler } from '../../apps/worker/src/render/render.handler.js';
import { RendersRepository as WorkerRenders } from '../../apps/worker/src/render/renders.repository.js';
import { SegmentCacheRepository } from '../../apps/worker/src/render/segment-cache.repository.js';
import { mediaFactory } from './factory.js';
import { type MediaFixture, mediaFixture } from './media-fixtures.js';

/** What the render medium tests drive: the API's timeline and render services and the worker's render job, on one database and bucket. */
export interface RenderWorld {
  storage: StorageRepository;
  jobs: JobsRepository;
  probe: ProbeClipHandler;
  segmentRows: SegmentCacheRepository;
  handler: RenderHandler;
  timelines: TimelineService;
  renders: RenderService;
  close(): Promise<void>;
}

export async function renderWorld(
  db: DataSource,
  config: AppConfig,
  jobsSchema: string,
  ffmpeg = new RenderRepository(),
): Promise<RenderWorld> {
  const storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  const clips = new ClipsRepository(config);
  const jobs = new JobsRepository({ connectionString: config.databaseUrl, schema: jobsSchema });
  await jobs.start();
  const media = new MediaRepository();
  const workerRenders = new WorkerRenders(config);
  const segmentRows = new SegmentCacheRepository(config);
  const cache = new RenderSegmentCache(config, segmentRows, storage, media, ffmpeg);
  const timelineRepo = new TimelineRepository(db);
  const access = new ProjectAccess(timelineRepo);
  const files = new MediaFiles(storage, new SmallImages(storage));
  return {
    storage,
    jobs,
    probe: new ProbeClipHandler(clips, storage, media, jobs),
    segmentRows,
    handler: new RenderHandler(config, workerRenders, storage, media, ffmpeg, cache),
    timelines: new TimelineService(access, timelineRepo, files),
    renders: new RenderService(access, timelineRepo, new ApiRenders(db), jobs, files),
    close: async () => {
      await jobs.stop();
      await clips.onApplicationShutdown();
      await workerRenders.onApplicationShutdown();
      await segmentRows.onApplicationShutdown();
    },
  };
}

export const delivery = (o: Partial<Delivery> = {}): Delivery => ({
  jobId: 'medium',
  retryCount: 0,
  lastAttempt: false,
  signal: new AbortController().signal,
  ...o,
});

export const who = (userId: string, organisationId: string, role: Role): AuthUser => ({
  userId,
  organisationId,
  role,
  sessionId: randomUUID(),
  sessionKind: role === Role.Participant ? 'device' : 'password',
});

/** A fixture uploaded and probed by the real probe handler, then marked ready (the render reads originals). */
export async function readyClip(
  w: RenderWorld,
  db: DataSource,
  by: AuthUser,
  fixture: MediaFixture,
  projectId: string,
): Promise<string> {
  const path = await mediaFixture(fixture);
  const size = (await stat(path)).size;
  const c = await mediaFactory(db).clip(by.organisationId, projectId, by.userId, {
    sizeBytes: size,
    filename: path.split('/').pop()!,
  });
  await w.storage.put(c.sourceKey, createReadStream(path), size);
  const probed = await w.probe.handle({ clipId: c.id }, delivery());
  expect(probed.status).toBe('done');
  await db.query(`UPDATE clips SET status = 'ready', progress = 100 WHERE id = $1`, [c.id]);
  return c.id;
}
