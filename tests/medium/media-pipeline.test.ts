import { type AppConfig, loadConfig } from '@atelier/config';
import {
  CLIP_EVENTS_CHANNEL,
  ClipFailure,
  type ClipProgressEvent,
  type ClipRenditions,
  Role,
} from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { MediaRepository } from '@atelier/media';
import { type Delivery, JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ClipsRepository } from '../../apps/worker/src/media/clips.repository.js';
import { ProbeClipHandler } from '../../apps/worker/src/media/probe-clip.handler.js';
import { TranscodeClipHandler } from '../../apps/worker/src/media/transcode-clip.handler.js';
import { UploadCleanupHandler } from '../../apps/worker/src/media/upload-cleanup.handler.js';
import { factory, mediaFactory } from '../support/factory.js';
import { ffprobeJson, type MediaFixture, mediaFixture } from '../support/media-fixtures.js';

let db: DataSource;
let storage: StorageRepository;
let clips: ClipsRepository;
let jobs: JobsRepository;
let probe: ProbeClipHandler;
let transcode: TranscodeClipHandler;
let cleanup: UploadCleanupHandler;
let listener: pg.Client;
let scratch: string;
const events: ClipProgressEvent[] = [];
let org: { id: string };
let uploader: { id: string };
let projectId: string;

const delivery = (o: Partial<Delivery> = {}): Delivery => ({
  jobId: 'medium',
  retryCount: 0,
  lastAttempt: false,
  signal: new AbortController().signal,
  ...o,
});

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  const config: AppConfig = {
    ...loadConfig({ ...process.env, S3_BUCKET: 'atelier-medium-media' }),
    x264Preset: 'ultrafast',
  };
  storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  clips = new ClipsRepository(config);
  jobs = new JobsRepository({ connectionString: config.databaseUrl, schema: 'pgboss_media_medium' });
  await jobs.start();
  const media = new MediaRepository();
  probe = new ProbeClipHandler(clips, storage, media, jobs);
  transcode = new TranscodeClipHandler(config, clips, storage, media);
  cleanup = new UploadCleanupHandler(clips, storage);
  listener = new pg.Client({ connectionString: config.databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => events.push(JSON.parse(n.payload!) as ClipProgressEvent));
  await listener.query(`LISTEN ${CLIP_EVENTS_CHANNEL}`);
  scratch = await mkdtemp(join(tmpdir(), 'atelier-media-medium-'));
  const make = factory(db);
  org = await make.organisation();
  uploader = await make.member(org.id, Role.Participant);
  projectId = (await mediaFactory(db).project(org.id)).projectId;
}, 60_000);

afterAll(async () => {
  await listener.end();
  await jobs.stop();
  await clips.onApplicationShutdown();
  await db.destroy();
  await rm(scratch, { recursive: true, force: true });
});

/** A finished upload of a fixture: its bytes at the clip's source key and a `processing` row. */
async function uploaded(
  fixture: MediaFixture,
  o: { organisationId?: string; projectId?: string } = {},
): Promise<{ id: string; sourceKey: string }> {
  const path = await mediaFixture(fixture);
  const size = (await stat(path)).size;
  const clip = await mediaFactory(db).clip(o.organisationId ?? org.id, o.projectId ?? projectId, uploader.id, {
    sizeBytes: size,
    filename: path.split('/').pop()!,
  });
  await storage.put(clip.sourceKey, createReadStream(path), size, 'video/mp4');
  return clip;
}

async function row(id: string): Promise<Record<string, any>> {
  const [r] = (await db.query(
    `SELECT status, kind, progress, failure_code, failure_message, duration_ms, width, height, renditions, original_kept FROM clips WHERE id = $1`,
    [id],
  )) as Array<Record<string, any>>;
  return r!;
}

async function processed(
  fixture: MediaFixture,
): Promise<{ id: string; sourceKey: string; clip: Record<string, any>; r: ClipRenditions }> {
  const c = await uploaded(fixture);
  const probed = await probe.handle({ clipId: c.id }, delivery());
  expect(probed.status === 'done' ? 'done' : probed.reason).toBe('done');
  const transcoded = await transcode.handle({ clipId: c.id }, delivery());
  expect(transcoded.status === 'done' ? 'done' : transcoded.reason).toBe('done');
  const clip = await row(c.id);
  return { ...c, clip, r: clip.renditions as ClipRenditions };
}

/** Downloads an output and ffprobes it. */
async function probeOutput(key: string): Promise<Awaited<ReturnType<typeof ffprobeJson>>> {
  const file = join(scratch, key.replaceAll('/', '_'));
  await storage.download(key, file);
  return ffprobeJson(file);
}

async function text(key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await storage.get(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Notifications arrive on their own connection: wait (a bounded while) for them. */
async function eventually(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return check();
    } catch (e) {
      if (i >= 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const videoOf = (p: { streams: Array<Record<string, any>> }) => p.streams.find((s) => s.codec_type === 'video')!;
const audioOf = (p: { streams: Array<Record<string, any>> }) => p.streams.find((s) => s.codec_type === 'audio');

describe('media pipeline against PostgreSQL, S3 and ffmpeg', () => {
  it('turns a 1080p phone clip into an H.264/AAC yuv420p faststart proxy, a 360/480/720 HLS ladder, a poster and a strip — without its GPS tags', async () => {
    const { id, clip, r } = await processed('landscape');
    expect(clip).toMatchObject({
      status: 'ready',
      kind: 'video',
      progress: 100,
      width: 1920,
      height: 1080,
      failure_code: null,
      original_kept: true,
    });
    expect(clip.duration_ms).toBeGreaterThan(5900);
    expect(r).toMatchObject({
      proxyKey: `clips/${id}/proxy.mp4`,
      hlsMasterKey: `clips/${id}/hls/master.m3u8`,
      posterKey: `clips/${id}/poster.jpg`,
      thumbnailStripKey: `clips/${id}/thumbs.jpg`,
      thumbnailCount: 6,
    });

    const proxy = await probeOutput(r.proxyKey!);
    expect(videoOf(proxy)).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 1280, height: 720 });
    expect(audioOf(proxy)).toMatchObject({ codec_name: 'aac', channels: 2 });
    const everything = JSON.stringify(proxy);
    expect(everything).not.toMatch(/50\.8503|004\.3517|Atelier Phone|AP-1/);
    expect(JSON.stringify(await ffprobeJson(await mediaFixture('landscape')))).toMatch(/50\.8503/); // the source did have them

    const master = await text(r.hlsMasterKey!);
    expect(master.match(/RESOLUTION=\d+x\d+/g)).toEqual([
      'RESOLUTION=640x360',
      'RESOLUTION=854x480',
      'RESOLUTION=1280x720',
    ]);
    expect(r.variants.map((v) => v.playlistKey)).toEqual(
      ['360p', '480p', '720p'].map((n) => `clips/${id}/hls/${n}/index.m3u8`),
    );
    const playlist = await text(r.variants[2]!.playlistKey);
    expect(playlist).toContain('#EXT-X-TARGETDURATION:4');
    expect(playlist.match(/#EXTINF:[\d.]+/g)).toEqual(['#EXTINF:4.000000', '#EXTINF:2.000000']);
    expect(playlist).toContain('#EXT-X-ENDLIST');
    const segment = await probeOutput(`clips/${id}/hls/720p/seg_00000.ts`);
    expect(videoOf(segment)).toMatchObject({ codec_name: 'h264', height: 720 });

    const poster = await probeOutput(r.posterKey);
    expect(videoOf(poster)).toMatchObject({ codec_name: 'mjpeg', width: 1280, height: 720 });
    const strip = await probeOutput(r.thumbnailStripKey!);
    expect(videoOf(strip).height).toBe(90);
    expect(videoOf(strip).width).toBe(160 * 6);

    // Progress was announced on the clip's channel, in order, ending with ready at 100.
    await eventually(() => expect(events.filter((e) => e.clipId === id).at(-1)?.status).toBe('ready'));
    const mine = events.filter((e) => e.clipId === id);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.at(-1)).toEqual({ clipId: id, projectId, status: 'ready', progress: 100 });
    const during = mine.filter((e) => e.status === 'processing').map((e) => e.progress);
    expect(during).toEqual([...during].sort((a, b) => a - b));
  });

  it('plays a portrait phone clip upright (720×1280), with no rotation left for players to apply again', async () => {
    const { clip, r } = await processed('portrait');
    expect(clip).toMatchObject({ width: 720, height: 1280 });
    const proxy = videoOf(await probeOutput(r.proxyKey!));
    expect(proxy.height).toBeGreaterThan(proxy.width);
    expect([proxy.width, proxy.height]).toEqual([720, 1280]);
    expect(JSON.stringify(proxy)).not.toMatch(/rotat|Display Matrix/i);
    expect(r.variants.map((v) => [v.width, v.height])).toEqual([
      [360, 640],
      [480, 854],
      [720, 1280],
    ]);
  });

  it('gives a variable-frame-rate clip a constant frame rate', async () => {
    const source = videoOf(await ffprobeJson(await mediaFixture('vfr')));
    expect(source.avg_frame_rate).not.toBe(source.r_frame_rate); // the fixture really is VFR
    const { r } = await processed('vfr');
    const proxy = videoOf(await probeOutput(r.proxyKey!));
    expect(proxy.avg_frame_rate).toBe(proxy.r_frame_rate);
    expect(proxy.r_frame_rate).toMatch(/^\d+\/1$/);
  });

  it('makes stereo AAC from mono and from 5.1 sound', async () => {
    for (const fixture of ['mono', 'surround'] as const) {
      const { r } = await processed(fixture);
      expect(audioOf(await probeOutput(r.proxyKey!))).toMatchObject({
        codec_name: 'aac',
        channels: 2,
        sample_rate: '48000',
      });
    }
  });

  it('handles a clip without sound, and never scales a 480p source up', async () => {
    const { r } = await processed('silent');
    const proxy = await probeOutput(r.proxyKey!);
    expect(audioOf(proxy)).toBeUndefined();
    expect(videoOf(proxy)).toMatchObject({ width: 854, height: 480 });
    const master = await text(r.hlsMasterKey!);
    expect(master.match(/RESOLUTION=\d+x\d+/g)).toEqual(['RESOLUTION=640x360', 'RESOLUTION=854x480']);
    expect(master).not.toContain('mp4a');
  });

  it('turns an audio recording into an AAC m4a, HLS audio and a waveform poster', async () => {
    const { id, clip, r } = await processed('audioOnly');
    expect(clip).toMatchObject({ status: 'ready', kind: 'audio', width: null, height: null });
    expect(r).toMatchObject({ proxyKey: `clips/${id}/proxy.m4a`, thumbnailStripKey: null, thumbnailCount: 0 });
    const proxy = await probeOutput(r.proxyKey!);
    expect(proxy.streams.map((s) => s.codec_type)).toEqual(['audio']);
    expect(audioOf(proxy)).toMatchObject({ codec_name: 'aac', channels: 2 });
    expect(await text(r.hlsMasterKey!)).toContain('audio/index.m3u8');
    expect(videoOf(await probeOutput(r.posterKey))).toMatchObject({ codec_name: 'mjpeg', width: 1280, height: 360 });
  });

  it('turns a photo (a title card) into a scaled JPEG poster only', async () => {
    const { clip, r } = await processed('photo');
    expect(clip).toMatchObject({ status: 'ready', kind: 'image', duration_ms: null, width: 1600, height: 1200 });
    expect(r).toMatchObject({ proxyKey: null, hlsMasterKey: null, variants: [], thumbnailStripKey: null });
    expect(videoOf(await probeOutput(r.posterKey))).toMatchObject({ width: 1280, height: 960 });
  });

  it.each([
    ['textAsMp4', ClipFailure.NotMedia, /not a video/],
    ['truncated', ClipFailure.Truncated, /cut off/],
    ['empty', ClipFailure.Empty, /empty/],
  ] as const)('fails %s for good with reason %s, without retrying', async (fixture, code, message) => {
    const c = await uploaded(fixture);
    const outcome = await probe.handle({ clipId: c.id }, delivery());
    expect(outcome).toMatchObject({ status: 'failed', retry: false, reason: expect.stringContaining(code) });
    expect(await row(c.id)).toMatchObject({
      status: 'failed',
      failure_code: code,
      failure_message: expect.stringMatching(message),
      kind: null,
      renditions: null,
    });
    await eventually(() => expect(events.filter((e) => e.clipId === c.id).at(-1)).toMatchObject({ status: 'failed' }));
    // The original stays where it was: nothing a user uploaded is lost because it was refused.
    expect(await storage.stat(c.sourceKey)).not.toBeNull();
  });

  it('fails a clip whose upload never reached storage as empty', async () => {
    const c = await mediaFactory(db).clip(org.id, projectId, uploader.id, { sizeBytes: 1000 });
    expect(await probe.handle({ clipId: c.id }, delivery())).toMatchObject({ status: 'failed', retry: false });
    expect(await row(c.id)).toMatchObject({ status: 'failed', failure_code: ClipFailure.Empty });
  });

  it('overwrites the same keys when a transcode runs again, and removes segments it no longer makes', async () => {
    const { id, r } = await processed('mono');
    const before = (await storage.list(`clips/${id}/`)).map((o) => o.key).sort();
    const leftover = `clips/${id}/hls/360p/seg_99999.ts`;
    await storage.put(leftover, Buffer.from('old'), 3);
    expect(await transcode.handle({ clipId: id }, delivery())).toMatchObject({ status: 'done' });
    const after = (await storage.list(`clips/${id}/`)).map((o) => o.key).sort();
    expect(after).toEqual(before);
    expect(after).not.toContain(leftover);
    expect((await row(id)).renditions).toEqual(r);
    expect(before).toContain(`clips/${id}/hls/360p/seg_00000.ts`);
  });

  it('deletes the original once processed when the organisation does not keep originals', async () => {
    const other = await factory(db).organisation();
    await db.query(`UPDATE organisations SET keep_media_originals = false WHERE id = $1`, [other.id]);
    const project = await mediaFactory(db).project(other.id);
    const c = await uploaded('silent', { organisationId: other.id, projectId: project.projectId });
    await probe.handle({ clipId: c.id }, delivery());
    expect(await transcode.handle({ clipId: c.id }, delivery())).toMatchObject({ status: 'done' });
    expect(await row(c.id)).toMatchObject({ status: 'ready', original_kept: false });
    expect(await storage.stat(c.sourceKey)).toBeNull();
    // A repeated delivery finds nothing left to do and does not fail the ready clip.
    expect(await transcode.handle({ clipId: c.id }, delivery())).toMatchObject({ status: 'done' });
    expect(await row(c.id)).toMatchObject({ status: 'ready' });
  });

  it('marks a clip failed (processing_error) when the last attempt hits a transient failure, and asks for a retry before that', async () => {
    const c = await uploaded('silent');
    await probe.handle({ clipId: c.id }, delivery());
    await storage.remove(c.sourceKey); // storage trouble: the source cannot be read
    expect(await transcode.handle({ clipId: c.id }, delivery())).toMatchObject({ status: 'failed', retry: true });
    expect(await row(c.id)).toMatchObject({ status: 'processing' });
    expect(await transcode.handle({ clipId: c.id }, delivery({ retryCount: 3, lastAttempt: true }))).toMatchObject({
      status: 'failed',
      retry: false,
    });
    expect(await row(c.id)).toMatchObject({ status: 'failed', failure_code: ClipFailure.ProcessingError });
  });

  it('cleans up uploads untouched for 7 days: their partial objects and rows, but not younger ones', async () => {
    const DAY = 86_400_000;
    const make = mediaFactory(db);
    const stale = await make.clip(org.id, projectId, uploader.id, {
      status: 'uploading',
      sizeBytes: 5000,
      receivedBytes: 1200,
      updatedAt: new Date(Date.now() - 8 * DAY),
    });
    const recent = await make.clip(org.id, projectId, uploader.id, {
      status: 'uploading',
      sizeBytes: 5000,
      receivedBytes: 1200,
      updatedAt: new Date(Date.now() - 6 * DAY),
    });
    for (const c of [stale, recent]) {
      await storage.put(`${c.sourceKey}.info`, Buffer.from('{"size":5000}'), 13);
      await storage.put(`${c.sourceKey}.part`, Buffer.alloc(1200), 1200);
    }
    const outcome = await cleanup.handle();
    expect(outcome).toMatchObject({ status: 'done' });
    expect(outcome.status === 'done' && outcome.result.removedUploads).toBeGreaterThanOrEqual(1);
    expect(await db.query(`SELECT id FROM clips WHERE id = $1`, [stale.id])).toEqual([]);
    expect(await storage.list(stale.sourceKey)).toEqual([]);
    expect(await db.query(`SELECT id FROM clips WHERE id = $1`, [recent.id])).toHaveLength(1);
    expect((await storage.list(recent.sourceKey)).map((o) => o.key).sort()).toEqual([
      `${recent.sourceKey}.info`,
      `${recent.sourceKey}.part`,
    ]);
  });
});
