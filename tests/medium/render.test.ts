import { type AppConfig, loadConfig } from '@atelier/config';
import {
  ErrorCode,
  RENDER_EVENTS_CHANNEL,
  RenderStatus,
  Role,
  type RenderProgressEvent,
  type TimelineDocument,
} from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { AUDIO_ONLY_BITRATE_K, LOUDNESS_TARGET, MediaRepository, RenderRepository } from '@atelier/media';
import { type Delivery, JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { DomainError } from '../../apps/api/src/common/domain-error.js';
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
import { ffprobeJson, type MediaFixture, mediaFixture } from '../support/media-fixtures.js';

const exec = promisify(execFile);

let db: DataSource;
let storage: StorageRepository;
let clips: ClipsRepository;
let jobs: JobsRepository;
let probe: ProbeClipHandler;
let workerRenders: WorkerRenders;
let segmentRows: SegmentCacheRepository;
let handler: RenderHandler;
let timelines: TimelineService;
let renders: RenderService;
let listener: pg.Client;
let scratch: string;
const events: RenderProgressEvent[] = [];
let org: { id: string };
let trainer: AuthUser;
let member: AuthUser;
let outsider: AuthUser;
let projectId: string;

const delivery = (o: Partial<Delivery> = {}): Delivery => ({
  jobId: 'medium',
  retryCount: 0,
  lastAttempt: false,
  signal: new AbortController().signal,
  ...o,
});
const who = (userId: string, organisationId: string, role: Role): AuthUser => ({
  userId,
  organisationId,
  role,
  sessionId: randomUUID(),
  sessionKind: role === Role.Participant ? 'device' : 'password',
});

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  const config: AppConfig = {
    ...loadConfig({ ...process.env, S3_BUCKET: 'atelier-medium-render' }),
    x264Preset: 'ultrafast',
  };
  storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  clips = new ClipsRepository(config);
  jobs = new JobsRepository({ connectionString: config.databaseUrl, schema: 'pgboss_render_medium' });
  await jobs.start();
  const media = new MediaRepository();
  probe = new ProbeClipHandler(clips, storage, media, jobs);
  workerRenders = new WorkerRenders(config);
  const ffmpeg = new RenderRepository();
  segmentRows = new SegmentCacheRepository(config);
  const cache = new RenderSegmentCache(config, segmentRows, storage, media, ffmpeg);
  handler = new RenderHandler(config, workerRenders, storage, media, ffmpeg, cache);
  const timelineRepo = new TimelineRepository(db);
  const access = new ProjectAccess(timelineRepo);
  const files = new MediaFiles(storage, new SmallImages(storage));
  timelines = new TimelineService(access, timelineRepo, files);
  renders = new RenderService(access, timelineRepo, new ApiRenders(db), jobs, files);
  listener = new pg.Client({ connectionString: config.databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => events.push(JSON.parse(n.payload!) as RenderProgressEvent));
  await listener.query(`LISTEN ${RENDER_EVENTS_CHANNEL}`);
  scratch = await mkdtemp(join(tmpdir(), 'atelier-render-medium-'));

  const make = factory(db);
  org = await make.organisation();
  const t = await make.member(org.id, Role.Trainer, { name: 'Trainer Tess' });
  const m = await make.member(org.id, Role.Participant, { name: 'Amina' });
  const otherOrg = await make.organisation();
  const o = await make.member(otherOrg.id, Role.Trainer);
  trainer = who(t.id, org.id, Role.Trainer);
  member = who(m.id, org.id, Role.Participant);
  outsider = who(o.id, otherOrg.id, Role.Trainer);
  const p = await mediaFactory(db).project(org.id);
  projectId = p.projectId;
  await db.query(`INSERT INTO media_group_members (group_id, participant_id) VALUES ($1, $2)`, [p.groupId, m.id]);
}, 120_000);

afterAll(async () => {
  await listener.end();
  await jobs.stop();
  await clips.onApplicationShutdown();
  await workerRenders.onApplicationShutdown();
  await segmentRows.onApplicationShutdown();
  await db.destroy();
  await rm(scratch, { recursive: true, force: true });
});

/** A fixture uploaded and probed by the real probe handler, then marked ready (the render reads originals). */
async function readyClip(fixture: MediaFixture, inProject = projectId): Promise<string> {
  const path = await mediaFixture(fixture);
  const size = (await stat(path)).size;
  const c = await mediaFactory(db).clip(org.id, inProject, member.userId, {
    sizeBytes: size,
    filename: path.split('/').pop()!,
  });
  await storage.put(c.sourceKey, createReadStream(path), size);
  const probed = await probe.handle({ clipId: c.id }, delivery());
  expect(probed.status).toBe('done');
  await db.query(`UPDATE clips SET status = 'ready', progress = 100 WHERE id = $1`, [c.id]);
  return c.id;
}

async function errorOf(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

async function download(key: string): Promise<string> {
  const file = join(scratch, key.replaceAll('/', '_'));
  await storage.download(key, file);
  return file;
}

async function integratedLoudness(file: string): Promise<number> {
  const { stderr } = await exec(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', file, '-map', '0:a', '-filter_complex', 'ebur128', '-f', 'null', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)![1]);
}

async function objects(prefix: string): Promise<string[]> {
  return (await storage.list(prefix)).map((o) => o.key);
}

async function renderScratchDirs(): Promise<string[]> {
  try {
    return (await readdir(join(tmpdir(), 'atelier-media'))).filter((d) => d.startsWith(`${process.pid}-render-`));
  } catch {
    return [];
  }
}

const seg = { fadeIn: false };

describe('timeline versions', () => {
  it('saves versions with their author and refuses an edit made on a stale version, naming who changed it', async () => {
    const p = await mediaFactory(db).project(org.id);
    const v = await readyClip('mono', p.projectId);
    const doc: TimelineDocument = {
      target: '720p',
      music: null,
      fadeOutAtEnd: false,
      segments: [{ id: 'a', kind: 'clip', clipId: v, inMs: 0, outMs: 2000, ...seg }],
    };
    const first = await timelines.save(trainer, p.projectId, { baseVersion: 0, document: doc });
    expect(first).toMatchObject({
      version: 1,
      durationMs: 2000,
      updatedBy: { displayName: 'Trainer Tess' },
      issues: [],
    });

    // A second member opened version 1 too; the first saves again, then the second's edit arrives.
    await timelines.save(trainer, p.projectId, { baseVersion: 1, document: { ...doc, fadeOutAtEnd: true } });
    const stale = await errorOf(
      timelines.save(trainer, p.projectId, { baseVersion: 1, document: { ...doc, target: '1080p' } }),
    );
    expect(stale.code).toBe(ErrorCode.TimelineStale);
    expect(stale.message).toContain('Trainer Tess changed the timeline');
    expect(stale.details).toMatchObject({ currentVersion: 2, changedBy: 'Trainer Tess' });
    expect((await timelines.get(trainer, p.projectId)).document.target).toBe('720p'); // nothing lost, nothing overwritten

    const history = await timelines.history(trainer, p.projectId);
    expect(history.map((h) => [h.version, h.author.displayName, h.changes.map((c) => c.kind)])).toEqual([
      [2, 'Trainer Tess', ['fades']],
      [1, 'Trainer Tess', ['added']],
    ]);
  });

  it('lets exactly one of two saves on the same version through', async () => {
    const p = await mediaFactory(db).project(org.id);
    const v = await readyClip('mono', p.projectId);
    const doc = (outMs: number): TimelineDocument => ({
      target: '720p',
      music: null,
      fadeOutAtEnd: false,
      segments: [{ id: 'a', kind: 'clip', clipId: v, inMs: 0, outMs, ...seg }],
    });
    const results = await Promise.allSettled(
      [1000, 1500, 2000, 2500].map((out) =>
        timelines.save(trainer, p.projectId, { baseVersion: 0, document: doc(out) }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r.reason as DomainError).code).toBe(ErrorCode.TimelineStale);
    expect((await timelines.get(trainer, p.projectId)).version).toBe(1);
  });

  it('refuses in = out and an out point past the clip, and a clip of another project', async () => {
    const p = await mediaFactory(db).project(org.id);
    const v = await readyClip('mono', p.projectId);
    const elsewhere = await readyClip('mono');
    const save = (segments: TimelineDocument['segments']) =>
      errorOf(
        timelines.save(trainer, p.projectId, {
          baseVersion: 0,
          document: { target: '720p', music: null, fadeOutAtEnd: false, segments },
        }),
      );
    const same = await save([{ id: 'a', kind: 'clip', clipId: v, inMs: 1000, outMs: 1000, ...seg }]);
    expect([same.code, (same.details!['issues'] as Array<{ code: string }>)[0]!.code]).toEqual([
      ErrorCode.TimelineInvalid,
      'empty_range',
    ]);
    const past = await save([{ id: 'a', kind: 'clip', clipId: v, inMs: 0, outMs: 9000, ...seg }]);
    expect(past.message).toContain('past the end of the clip (3.0 s)');
    const foreign = await save([{ id: 'a', kind: 'clip', clipId: elsewhere, inMs: 0, outMs: 1000, ...seg }]);
    expect((foreign.details!['issues'] as Array<{ code: string }>)[0]!.code).toBe('unknown_clip');
    expect((await timelines.get(trainer, p.projectId)).version).toBe(0);
  });

  it('flags a clip deleted after it was placed: the timeline keeps it, a render is refused saying why', async () => {
    const p = await mediaFactory(db).project(org.id);
    const keep = await readyClip('mono', p.projectId);
    const doomed = await readyClip('mono', p.projectId);
    const doc: TimelineDocument = {
      target: '720p',
      music: null,
      fadeOutAtEnd: false,
      segments: [
        { id: 'a', kind: 'clip', clipId: keep, inMs: 0, outMs: 1000, ...seg },
        { id: 'b', kind: 'clip', clipId: doomed, inMs: 0, outMs: 1000, ...seg },
      ],
    };
    await timelines.save(trainer, p.projectId, { baseVersion: 0, document: doc });
    await db.query(`DELETE FROM clips WHERE id = $1`, [doomed]);
    const t = await timelines.get(trainer, p.projectId);
    expect(t.issues.map((i) => [i.code, i.severity, i.segmentId])).toEqual([['clip_missing', 'flag', 'b']]);
    const refused = await errorOf(renders.start(trainer, p.projectId, 1));
    expect(refused.code).toBe(ErrorCode.TimelineNotRenderable);
    expect(refused.message).toContain('Segment 2: its clip was deleted');
    // Editing something else still saves (nothing the group did is lost); removing the segment clears the flag.
    const again = await timelines.save(trainer, p.projectId, {
      baseVersion: 1,
      document: { ...doc, fadeOutAtEnd: true },
    });
    expect(again.issues).toHaveLength(1);
    const fixed = await timelines.save(trainer, p.projectId, {
      baseVersion: 2,
      document: { ...doc, segments: [doc.segments[0]!] },
    });
    expect(fixed.issues).toEqual([]);
  });

  it('hides a project from another organisation (404)', async () => {
    const e = await errorOf(timelines.get(outsider, projectId));
    expect(e.code).toBe(ErrorCode.NotFound);
  });
});

describe('render', () => {
  it('renders a 3-segment timeline to 1080p: duration, resolution, loudness, HLS ladder and poster as planned', async () => {
    const landscape = await readyClip('landscape');
    const portrait = await readyClip('portrait');
    const voice = await readyClip('audioOnly');
    const doc: TimelineDocument = {
      target: '1080p',
      fadeOutAtEnd: true,
      music: { clipId: voice, inMs: 0, outMs: 3000, startMs: 1000, gainDb: -12 },
      segments: [
        { id: 'one', kind: 'clip', clipId: landscape, inMs: 1000, outMs: 4500, fadeIn: true },
        {
          id: 'two',
          kind: 'title',
          text: 'Nos voix — أصواتنا',
          colour: '#1d3557',
          imageClipId: null,
          durationMs: 2000,
          fadeIn: true,
        },
        { id: 'three', kind: 'clip', clipId: portrait, inMs: 0, outMs: 2500, fadeIn: false },
      ],
    };
    const saved = await timelines.save(member, projectId, { baseVersion: 0, document: doc });
    const started = await renders.start(member, projectId, saved.version);
    expect(started).toMatchObject({
      status: RenderStatus.Queued,
      timelineVersion: 1,
      target: '1080p',
      durationMs: 8000,
    });
    // A second click on the same version answers the same render.
    expect((await renders.start(trainer, projectId, saved.version)).id).toBe(started.id);

    const outcome = await handler.handle({ renderId: started.id }, delivery());
    expect(outcome).toEqual({
      status: 'done',
      // A first render of the project: every segment encoded (and kept for the next one).
      result: {
        renderId: started.id,
        status: RenderStatus.Ready,
        outputs: expect.any(Number),
        encodedSegments: 3,
        reusedSegments: 0,
      },
    });
    const r = await renders.get(member, started.id);
    expect(r).toMatchObject({
      status: RenderStatus.Ready,
      progress: 100,
      hlsUrl: `/api/renders/${r.id}/media/hls/master.m3u8`,
      masterUrl: `/api/renders/${r.id}/media/master.mp4`,
    });

    const master = await download(`renders/${r.id}/master.mp4`);
    const info = await ffprobeJson(master);
    const video = info.streams.find((s) => s.codec_type === 'video')!;
    const audio = info.streams.find((s) => s.codec_type === 'audio')!;
    expect(video).toMatchObject({
      codec_name: 'h264',
      pix_fmt: 'yuv420p',
      width: 1920,
      height: 1080,
      r_frame_rate: '30/1',
    });
    expect(audio).toMatchObject({ codec_name: 'aac', channels: 2, sample_rate: '48000' });
    // 3.5 s + 2 s + 2.5 s, within 0.1 s for each of the three segments.
    expect(Math.abs(Number(info.format.duration) - 8)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(Number(video.duration) - 8)).toBeLessThanOrEqual(0.3);
    expect(Number(video.nb_frames)).toBe(240);
    expect(Math.abs((await integratedLoudness(master)) - LOUDNESS_TARGET.integrated)).toBeLessThanOrEqual(1);
    // What was measured and how it was normalised is kept with the render.
    const [stored] = await db.query(`SELECT loudness FROM renders WHERE id = $1`, [r.id]);
    expect(stored.loudness).toMatchObject({
      inputI: expect.any(Number),
      mode: expect.stringMatching(/^(linear|dynamic)$/),
    });
    // The sound, encoded once and copied into every output, starts with the picture.
    expect(Math.abs(Number(audio.start_time) - Number(video.start_time))).toBeLessThanOrEqual(1 / 30);
    // faststart: the index (moov) comes before the media data.
    const bytes = await readFile(master);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));

    const playlist = await storage.getRange(`renders/${r.id}/hls/master.m3u8`, 0, 2000);
    let text = '';
    for await (const c of playlist) text += String(c);
    expect(text.match(/RESOLUTION=\d+x\d+/g)).toEqual([
      'RESOLUTION=640x360',
      'RESOLUTION=1280x720',
      'RESOLUTION=1920x1080',
    ]);
    const cuts: string[][] = [];
    for (const rung of ['360p', '720p', '1080p']) {
      const keys = await objects(`renders/${r.id}/hls/${rung}/`);
      expect(keys).toContain(`renders/${r.id}/hls/${rung}/index.m3u8`);
      expect(keys.filter((k) => k.endsWith('.ts'))).toHaveLength(2); // 8 s in 4 s segments
      let list = '';
      for await (const c of await storage.getRange(`renders/${r.id}/hls/${rung}/index.m3u8`, 0, 1000))
        list += String(c);
      cuts.push(list.match(/#EXTINF:[\d.]+/g)!);
    }
    // Every rung is cut at the same instants (the last segment's length may differ by a frame's worth).
    for (const c of cuts) expect(c.slice(0, -1)).toEqual(['#EXTINF:4.000000']);
    // Sound only: an audio-only rendition (AAC 64 kb/s, no picture) listed last in the master
    // playlist, cut at the same instants, served like the other rungs.
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([
      `#EXT-X-STREAM-INF:BANDWIDTH=${Math.round(AUDIO_ONLY_BITRATE_K * 1.1) * 1000},CODECS="mp4a.40.2"`,
      'audio/index.m3u8',
    ]);
    const soundKeys = await objects(`renders/${r.id}/hls/audio/`);
    expect(soundKeys.filter((k) => k.endsWith('.ts'))).toHaveLength(2);
    let soundList = '';
    for await (const c of await storage.getRange(`renders/${r.id}/hls/audio/index.m3u8`, 0, 1000))
      soundList += String(c);
    // Cut at the AAC frame (1024 samples) nearest the video's 4 s.
    const soundCuts = soundList.match(/#EXTINF:([\d.]+)/g)!.map((x) => Number(x.slice('#EXTINF:'.length)));
    for (const d of soundCuts.slice(0, -1)) expect(Math.abs(d - 4)).toBeLessThanOrEqual(1024 / 48_000);
    const sound = await ffprobeJson(await download(`renders/${r.id}/hls/audio/seg_00000.ts`));
    expect(sound.streams.map((st) => [st.codec_type, st.codec_name])).toEqual([['audio', 'aac']]);
    const soundFile = await renders.openFile(member, r.id, 'hls/audio/index.m3u8', undefined);
    expect(soundFile.status).toBe(200);
    soundFile.body?.destroy();
    const poster = await ffprobeJson(await download(`renders/${r.id}/poster.jpg`));
    expect(poster.streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 1280, height: 720 });

    // Progress was announced, rising, then ready at 100.
    const mine = events.filter((e) => e.renderId === r.id);
    const rendering = mine.filter((e) => e.status === RenderStatus.Rendering).map((e) => e.progress);
    expect(rendering.length).toBeGreaterThan(1);
    expect([...rendering].sort((a, b) => a - b)).toEqual(rendering);
    expect(mine.at(-1)).toEqual({ renderId: r.id, projectId, status: RenderStatus.Ready, progress: 100 });
    expect(await renderScratchDirs()).toEqual([]);

    // The files are served to the group, with ranges, and not to another organisation.
    const part = await renders.openFile(member, r.id, 'master.mp4', 'bytes=0-99');
    expect([part.status, part.headers['Content-Length'], part.headers['Content-Type']]).toEqual([
      206,
      '100',
      'video/mp4',
    ]);
    part.body?.destroy();
    expect((await errorOf(renders.openFile(member, r.id, '../../clips/x', undefined))).code).toBe(ErrorCode.NotFound);
    expect((await errorOf(renders.openFile(outsider, r.id, 'master.mp4', undefined))).code).toBe(ErrorCode.NotFound);

    // Delivered again (a retry after the worker died while reporting): nothing is rendered twice.
    expect(await handler.handle({ renderId: r.id }, delivery())).toEqual({
      status: 'done',
      result: { renderId: r.id, status: RenderStatus.Ready, outputs: 0 },
    });
  }, 480_000); // 4 minutes were exceeded twice on the shared 2-core machine at load average 45–49

  it('cancels a running render: ffmpeg stops, nothing is kept, the render says cancelled', async () => {
    const p = await mediaFactory(db).project(org.id);
    const long = await readyClip('long', p.projectId);
    const doc: TimelineDocument = {
      target: '1080p',
      music: null,
      fadeOutAtEnd: false,
      segments: [0, 1, 2].map((i) => ({
        id: `s${i}`,
        kind: 'clip' as const,
        clipId: long,
        inMs: i * 1000,
        outMs: 39_000,
        fadeIn: false,
      })),
    };
    await timelines.save(trainer, p.projectId, { baseVersion: 0, document: doc });
    const started = await renders.start(trainer, p.projectId, 1);
    const running = handler.handle({ renderId: started.id }, delivery());
    // Wait until ffmpeg has made some progress.
    for (
      let i = 0;
      !events.some((e) => e.renderId === started.id && e.status === RenderStatus.Rendering && e.progress > 0);
      i++
    ) {
      if (i > 600) throw new Error('the render never reported progress');
      await new Promise((r) => setTimeout(r, 100));
    }
    const cancelled = await renders.cancel(trainer, started.id);
    expect(cancelled.status).toBe(RenderStatus.Cancelled);
    expect(await running).toEqual({
      status: 'done',
      result: { renderId: started.id, status: RenderStatus.Cancelled, outputs: 0 },
    });
    expect(await objects(`renders/${started.id}/`)).toEqual([]);
    expect(await renderScratchDirs()).toEqual([]);
    const again = await errorOf(renders.cancel(trainer, started.id));
    expect(again.code).toBe(ErrorCode.RenderNotActive);
    // The project can render again at once.
    expect((await renders.start(trainer, p.projectId, 1)).status).toBe(RenderStatus.Queued);
  }, 240_000);
});
