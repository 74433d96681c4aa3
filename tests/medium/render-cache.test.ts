import { type AppConfig, loadConfig } from '@atelier/config';
import { RenderStatus, Role, type TimelineDocument } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { MediaRepository, RenderRepository } from '@atelier/media';
import { type Delivery, JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { ClipRepository } from '../../apps/api/src/media/clip.repository.js';
import { ProjectAccess } from '../../apps/api/src/projects/project-access.js';
import { RenderService } from '../../apps/api/src/projects/render.service.js';
import { RendersRepository as ApiRenders } from '../../apps/api/src/projects/renders.repository.js';
import { TimelineRepository } from '../../apps/api/src/projects/timeline.repository.js';
import { TimelineService } from '../../apps/api/src/projects/timeline.service.js';
import { MediaFiles } from '../../apps/api/src/storage/media-files.js';
import { ClipsRepository } from '../../apps/worker/src/media/clips.repository.js';
import { ProbeClipHandler } from '../../apps/worker/src/media/probe-clip.handler.js';
import { RenderCacheRetentionHandler } from '../../apps/worker/src/render/render-cache-retention.handler.js';
import { RenderSegmentCache, segmentCachePrefix } from '../../apps/worker/src/render/render-segment-cache.js';
import { RenderHandler } from '../../apps/worker/src/render/render.handler.js';
import { RendersRepository as WorkerRenders } from '../../apps/worker/src/render/renders.repository.js';
import { SegmentCacheRepository } from '../../apps/worker/src/render/segment-cache.repository.js';
import { factory, mediaFactory } from '../support/factory.js';
import { ffprobeJson, type MediaFixture, mediaFixture } from '../support/media-fixtures.js';

// Issue 19: a group changes one segment of a 20-clip film and renders again. Only that segment is
// encoded; the film is re-assembled from the kept encodes of the others, and comes out the same as a
// render from scratch — duration (±1 frame), loudness (±0.5 LU, ffmpeg's ebur128) and HLS ladder.

const exec = promisify(execFile);
const FRAME_S = 1 / 30;

let db: DataSource;
let storage: StorageRepository;
let clips: ClipsRepository;
let jobs: JobsRepository;
let probe: ProbeClipHandler;
let workerRenders: WorkerRenders;
let segmentRows: SegmentCacheRepository;
let handler: RenderHandler;
let retention: RenderCacheRetentionHandler;
let timelines: TimelineService;
let renders: RenderService;
let scratch: string;
let org: { id: string };
let trainer: AuthUser;
let member: AuthUser;
/** The segment files each ffmpeg run of the renders wrote (`seg_NNNNN.mkv`), in order. */
const encodedFiles: string[] = [];

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

/** The real ffmpeg, noting which segment files each run writes. */
class WatchedFfmpeg extends RenderRepository {
  override run(...args: Parameters<RenderRepository['run']>): ReturnType<RenderRepository['run']> {
    encodedFiles.push(...args[0].filter((a) => /seg_\d{5}\.mkv$/.test(a)).map((a) => a.split('/').pop()!));
    return super.run(...args);
  }
}

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  const config: AppConfig = {
    ...loadConfig({ ...process.env, S3_BUCKET: 'atelier-medium-render-cache' }),
    x264Preset: 'ultrafast',
    renderCacheRetentionDays: 30,
  };
  storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  clips = new ClipsRepository(config);
  jobs = new JobsRepository({ connectionString: config.databaseUrl, schema: 'pgboss_render_cache_medium' });
  await jobs.start();
  const media = new MediaRepository();
  probe = new ProbeClipHandler(clips, storage, media, jobs);
  workerRenders = new WorkerRenders(config);
  segmentRows = new SegmentCacheRepository(config);
  const ffmpeg = new WatchedFfmpeg();
  handler = new RenderHandler(
    config,
    workerRenders,
    storage,
    media,
    ffmpeg,
    new RenderSegmentCache(config, segmentRows, storage, media, ffmpeg),
  );
  retention = new RenderCacheRetentionHandler(config, segmentRows, storage);
  const timelineRepo = new TimelineRepository(db);
  const access = new ProjectAccess(timelineRepo);
  const files = new MediaFiles(storage);
  timelines = new TimelineService(access, timelineRepo, files);
  renders = new RenderService(access, timelineRepo, new ApiRenders(db), jobs, files);
  scratch = await mkdtemp(join(tmpdir(), 'atelier-render-cache-medium-'));
  const make = factory(db);
  org = await make.organisation();
  trainer = who((await make.member(org.id, Role.Trainer)).id, org.id, Role.Trainer);
  member = who((await make.member(org.id, Role.Participant)).id, org.id, Role.Participant);
}, 120_000);

afterAll(async () => {
  await jobs.stop();
  await clips.onApplicationShutdown();
  await workerRenders.onApplicationShutdown();
  await segmentRows.onApplicationShutdown();
  await db.destroy();
  await rm(scratch, { recursive: true, force: true });
});

async function readyClip(fixture: MediaFixture, projectId: string): Promise<string> {
  const path = await mediaFixture(fixture);
  const size = (await stat(path)).size;
  const c = await mediaFactory(db).clip(org.id, projectId, member.userId, {
    sizeBytes: size,
    filename: path.split('/').pop()!,
  });
  await storage.put(c.sourceKey, createReadStream(path), size);
  expect((await probe.handle({ clipId: c.id }, delivery())).status).toBe('done');
  await db.query(`UPDATE clips SET status = 'ready', progress = 100 WHERE id = $1`, [c.id]);
  return c.id;
}

/** Saves the document as the next version, renders it, and answers the render's id and which segment files were encoded. */
async function render(projectId: string, document: TimelineDocument, baseVersion: number) {
  const saved = await timelines.save(trainer, projectId, { baseVersion, document });
  const started = await renders.start(trainer, projectId, saved.version);
  const from = encodedFiles.length;
  const outcome = await handler.handle({ renderId: started.id }, delivery());
  expect(outcome).toMatchObject({ status: 'done', result: { status: RenderStatus.Ready } });
  return { id: started.id, version: saved.version, encoded: encodedFiles.slice(from), outcome };
}

async function text(key: string): Promise<string> {
  let out = '';
  for await (const c of await storage.getRange(key, 0, 1_000_000)) out += String(c);
  return out;
}

/** What a viewer of the output notices: its duration, its loudness and its HLS ladder (each rung's cut points). */
async function measured(renderId: string) {
  const master = join(scratch, `${renderId}.mp4`);
  await storage.download(`renders/${renderId}/master.mp4`, master);
  const { stderr } = await exec(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', master, '-map', '0:a', '-filter_complex', 'ebur128', '-f', 'null', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const hlsMaster = await text(`renders/${renderId}/hls/master.m3u8`);
  const rungs: Record<string, string[]> = {};
  for (const playlist of hlsMaster.split('\n').filter((l) => l.endsWith('.m3u8')))
    rungs[playlist] = (await text(`renders/${renderId}/hls/${playlist}`))
      .split('\n')
      .filter((l) => l.startsWith('#EXTINF'));
  return {
    durationS: Number((await ffprobeJson(master)).format.duration),
    loudnessLufs: Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)![1]),
    hlsMaster,
    rungs,
  };
}

describe('incremental render (segment cache)', () => {
  it('re-encodes only the changed segment of a 20-clip film, and the film is the same as from scratch', async () => {
    const p = await mediaFactory(db).project(org.id);
    const mono = await readyClip('mono', p.projectId);
    const landscape = await readyClip('landscape', p.projectId);
    const segments: TimelineDocument['segments'] = Array.from({ length: 20 }, (_, i) => ({
      id: `s${i}`,
      kind: 'clip' as const,
      clipId: i % 5 === 0 ? landscape : mono,
      // Every segment different (a segment that repeats another is encoded once and restored).
      inMs: i * 100,
      outMs: i * 100 + 1000,
      fadeIn: i % 4 === 0,
    }));
    const film: TimelineDocument = { target: '720p', music: null, fadeOutAtEnd: true, segments };

    const first = await render(p.projectId, film, 0);
    expect(first.encoded).toHaveLength(20);
    const clipBytes =
      (await stat(await mediaFixture('mono'))).size + (await stat(await mediaFixture('landscape'))).size;
    const usedAfterFirst = await new ClipRepository(db, jobs).usedBytes(p.projectId);
    // The kept encodes sit under the project and count in its quota.
    expect(usedAfterFirst).toBeGreaterThan(clipBytes);
    const kept = await db.query(`SELECT key, size_bytes FROM render_segment_cache WHERE project_id = $1`, [
      p.projectId,
    ]);
    expect(kept).toHaveLength(20);
    expect(usedAfterFirst - clipBytes).toBe(
      kept.reduce((s: number, r: { size_bytes: string }) => s + Number(r.size_bytes), 0),
    );
    expect(await storage.list(segmentCachePrefix(p.projectId, kept[0].key))).toHaveLength(2); // 720p + 360p

    // The group moves the in point of the 11th segment (same length).
    const changed: TimelineDocument = {
      ...film,
      segments: segments.map((s, i) =>
        i === 10 && s.kind === 'clip' ? { ...s, inMs: s.inMs + 50, outMs: s.outMs + 50 } : s,
      ),
    };
    const again = await render(p.projectId, changed, first.version);
    expect(again.encoded).toEqual(['seg_00010.mkv']);
    expect(again.outcome).toMatchObject({ result: { encodedSegments: 1, reusedSegments: 19 } });

    // The same film from scratch: nothing kept.
    await db.query(`DELETE FROM render_segment_cache WHERE project_id = $1`, [p.projectId]);
    const fromScratch = await render(
      p.projectId,
      { ...changed, segments: changed.segments.map((s) => ({ ...s, id: `${s.id}b` })) },
      again.version,
    );
    expect(fromScratch.encoded).toHaveLength(20);

    const cached = await measured(again.id);
    const scratchMade = await measured(fromScratch.id);
    expect(Math.abs(cached.durationS - scratchMade.durationS)).toBeLessThanOrEqual(FRAME_S);
    expect(Math.abs(cached.durationS - 20)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(cached.loudnessLufs - scratchMade.loudnessLufs)).toBeLessThanOrEqual(0.5);
    expect(cached.hlsMaster).toBe(scratchMade.hlsMaster);
    expect(Object.keys(cached.rungs)).toHaveLength(2);
    expect(cached.rungs).toEqual(scratchMade.rungs);
  }, 900_000);

  it('deletes kept segments after the retention period, and those of a deleted project, freeing the quota', async () => {
    const p = await mediaFactory(db).project(org.id);
    const gone = randomUUID(); // a project deleted since its render
    const keys = { stale: randomUUID(), fresh: randomUUID(), orphan: randomUUID() };
    const put = async (projectId: string, key: string, daysAgo: number) => {
      await storage.put(`${segmentCachePrefix(projectId, key)}master.mkv`, Buffer.from('x'.repeat(100)), 100);
      await db.query(
        `INSERT INTO render_segment_cache (project_id, key, size_bytes, last_used_at) VALUES ($1, $2, 100, now() - make_interval(days => $3))`,
        [projectId, key, daysAgo],
      );
    };
    await put(p.projectId, keys.stale, 31);
    await put(p.projectId, keys.fresh, 29);
    await put(gone, keys.orphan, 0);
    expect(await new ClipRepository(db, jobs).usedBytes(p.projectId)).toBe(200);

    const outcome = await retention.handle();
    expect(outcome).toMatchObject({ status: 'done' });
    const left = await db.query(`SELECT key FROM render_segment_cache WHERE project_id = ANY($1::uuid[])`, [
      [p.projectId, gone],
    ]);
    expect(left.map((r: { key: string }) => r.key)).toEqual([keys.fresh]);
    expect(await storage.list(segmentCachePrefix(p.projectId, keys.stale))).toEqual([]);
    expect(await storage.list(segmentCachePrefix(gone, keys.orphan))).toEqual([]);
    expect(await storage.list(segmentCachePrefix(p.projectId, keys.fresh))).toHaveLength(1);
    expect(await new ClipRepository(db, jobs).usedBytes(p.projectId)).toBe(100);
  });
});
