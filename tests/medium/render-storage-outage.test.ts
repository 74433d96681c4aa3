import { type AppConfig, loadConfig } from '@atelier/config';
import { RENDER_EVENTS_CHANNEL, RenderStatus, Role, type Render, type RenderProgressEvent } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { MediaRepository, RenderRepository } from '@atelier/media';
import { type Delivery, JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { startEmbeddedS3, type EmbeddedStorage } from '../../apps/launcher/src/embedded-s3.js';
import { freePort } from '../../apps/launcher/src/ports.js';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { MediaFiles } from '../../apps/api/src/storage/media-files.js';
import { SmallImages } from '../../apps/api/src/storage/small-images.js';
import { ProjectAccess } from '../../apps/api/src/projects/project-access.js';
import { RenderService } from '../../apps/api/src/projects/render.service.js';
import { RendersRepository as ApiRenders } from '../../apps/api/src/projects/renders.repository.js';
import { TimelineRepository } from '../../apps/api/src/projects/timeline.repository.js';
import { TimelineService } from '../../apps/api/src/projects/timeline.service.js';
import { ClipsRepository } from '../../apps/worker/src/media/clips.repository.js';
import { ProbeClipHandler } from '../../apps/worker/src/media/probe-clip.handler.js';
import { RenderSegmentCache } from '../../apps/worker/src/render/render-segment-cache.js';
import { RenderHandler } from '../../apps/worker/src/render/render.handler.js';
import { SegmentCacheRepository } from '../../apps/worker/src/render/segment-cache.repository.js';
import { RendersRepository as WorkerRenders } from '../../apps/worker/src/render/renders.repository.js';
import { factory, mediaFactory } from '../support/factory.js';
import { mediaFixture } from '../support/media-fixtures.js';

/**
 * The object store stops answering for 60 s while a render runs (an S3 server of this test's own,
 * stopped as the render hands over its first output and started again 60 s later on the same port
 * over the same objects). The render must ride it out —
 * its storage calls wait with backoff instead of failing the job, which used to survive ~35 s and
 * start over from 0 % — while the render, as the API serves it (so after a reload, on any API
 * node), says it waits for storage and keeps its progress; once the store is back it completes.
 */
const OUTAGE_MS = 60_000;
let dir: string;
let segmentRows: SegmentCacheRepository;
let s3: EmbeddedStorage | null;
let s3Port: number;
let db: DataSource;
let storage: StorageRepository;
let clips: ClipsRepository;
let jobs: JobsRepository;
let workerRenders: WorkerRenders;
let handler: RenderHandler;
let probe: ProbeClipHandler;
let timelines: TimelineService;
let renders: RenderService;
let listener: pg.Client;
const events: RenderProgressEvent[] = [];
let outageStarted = false;
let wentDown: () => void;
const storeDown = new Promise<void>((r) => (wentDown = r));

const delivery = (): Delivery => ({
  jobId: 'medium',
  retryCount: 0,
  lastAttempt: false,
  signal: new AbortController().signal,
});
const who = (userId: string, organisationId: string, role: Role): AuthUser => ({
  userId,
  organisationId,
  role,
  sessionId: randomUUID(),
  sessionKind: role === Role.Participant ? 'device' : 'password',
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-render-outage-'));
  await chmod(dir, 0o755);
  s3Port = await freePort();
  s3 = await startEmbeddedS3(join(dir, 's3'), s3Port);
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  const config: AppConfig = {
    ...loadConfig({ ...process.env, S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'atelier-render-outage' }),
    x264Preset: 'ultrafast',
  };
  storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  clips = new ClipsRepository(config);
  jobs = new JobsRepository({ connectionString: config.databaseUrl, schema: 'pgboss_render_outage' });
  await jobs.start();
  const media = new MediaRepository();
  probe = new ProbeClipHandler(clips, storage, media, jobs);
  workerRenders = new WorkerRenders(config);
  // The store stops just as the render hands over its first output (its master), progress well above 0.
  const failing = new (class extends StorageRepository {
    override async putFile(...args: Parameters<StorageRepository['putFile']>) {
      if (!outageStarted) {
        outageStarted = true;
        await s3!.stop();
        s3 = null;
        wentDown();
      }
      return super.putFile(...args);
    }
  })(config.s3);
  const ffmpeg = new RenderRepository();
  segmentRows = new SegmentCacheRepository(config);
  const cache = new RenderSegmentCache(config, segmentRows, failing, media, ffmpeg);
  handler = new RenderHandler(config, workerRenders, failing, media, ffmpeg, cache);
  const timelineRepo = new TimelineRepository(db);
  const access = new ProjectAccess(timelineRepo);
  const files = new MediaFiles(storage, new SmallImages(storage));
  timelines = new TimelineService(access, timelineRepo, files);
  renders = new RenderService(access, timelineRepo, new ApiRenders(db), jobs, files);
  listener = new pg.Client({ connectionString: config.databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => events.push(JSON.parse(n.payload!) as RenderProgressEvent));
  await listener.query(`LISTEN ${RENDER_EVENTS_CHANNEL}`);
}, 120_000);

afterAll(async () => {
  await segmentRows?.onApplicationShutdown();
  await listener.end();
  await jobs.stop();
  await clips.onApplicationShutdown();
  await workerRenders.onApplicationShutdown();
  await db.destroy();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('S3 down for 60 s during a render', () => {
  it('waits for the storage, shows "waiting for storage" with its progress kept, and completes', async () => {
    const org = await factory(db).organisation();
    const trainer = who((await factory(db).member(org.id, Role.Trainer)).id, org.id, Role.Trainer);
    const { projectId } = await mediaFactory(db).project(org.id);
    const path = await mediaFixture('long');
    const size = (await stat(path)).size;
    const c = await mediaFactory(db).clip(org.id, projectId, trainer.userId, { sizeBytes: size, filename: 'long.mp4' });
    await storage.put(c.sourceKey, createReadStream(path), size);
    expect((await probe.handle({ clipId: c.id }, delivery())).status).toBe('done');
    await db.query(`UPDATE clips SET status = 'ready', progress = 100 WHERE id = $1`, [c.id]);
    await timelines.save(trainer, projectId, {
      baseVersion: 0,
      document: {
        target: '720p',
        music: null,
        fadeOutAtEnd: false,
        segments: [{ id: 's0', kind: 'clip' as const, clipId: c.id, inMs: 0, outMs: 8000, fadeIn: false }],
      },
    });
    const started = await renders.start(trainer, projectId, 1);
    const t0 = Date.now();
    const running = handler.handle({ renderId: started.id }, delivery());
    const seen = (): Promise<Render> => renders.get(trainer, started.id);
    await storeDown;
    const down = Date.now();
    const before = (await seen()).progress;
    let lowest = before;
    let waitingShown: Render | null = null;
    while (Date.now() - down < OUTAGE_MS) {
      const r = await seen();
      lowest = Math.min(lowest, r.progress);
      if (r.waitingFor === 'storage') waitingShown ??= r;
      expect(r.status).toBe(RenderStatus.Rendering);
      await new Promise((res) => setTimeout(res, 1000));
    }
    s3 = await startEmbeddedS3(join(dir, 's3'), s3Port);
    const back = Date.now();

    const outcome = await running;
    const done = await seen();
    console.log(
      `[S3 down 60 s, render] progress ${before} % when the store stopped, lowest shown during the outage ${lowest} %; ` +
        `"waiting for storage" shown: ${waitingShown ? `yes, at ${waitingShown.progress} %` : 'no'}; outcome: ${done.status}, ${outcome.status === 'done' ? outcome.result.outputs : 0} outputs, ` +
        `${Math.round((Date.now() - back) / 1000)} s after the store was back (${Math.round((Date.now() - t0) / 1000)} s in all)`,
    );
    expect(outcome).toEqual({
      status: 'done',
      result: {
        renderId: started.id,
        status: RenderStatus.Ready,
        outputs: expect.any(Number),
        encodedSegments: 1,
        reusedSegments: 0,
      },
    });
    expect(waitingShown).toMatchObject({ status: RenderStatus.Rendering, waitingFor: 'storage' });
    expect(lowest).toBeGreaterThanOrEqual(before); // kept, never reset to 0
    expect(done).toMatchObject({ status: RenderStatus.Ready, progress: 100, waitingFor: null });
    expect(events.some((e) => e.renderId === started.id && e.waitingFor === 'storage')).toBe(true);
    expect((await storage.list(`renders/${started.id}/`)).length).toBe(
      outcome.status === 'done' ? outcome.result.outputs : -1,
    );
  }, 900_000);
});
