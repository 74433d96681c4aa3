import { type AppConfig, loadConfig } from '@atelier/config';
import { RenderStatus, Role, type TimelineDocument } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { RenderRepository } from '@atelier/media';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { ClipRepository } from '../../apps/api/src/media/clip.repository.js';
import { RenderCacheRetentionHandler } from '../../apps/worker/src/render/render-cache-retention.handler.js';
import { segmentCachePrefix } from '../../apps/worker/src/render/render-segment-cache.js';
import { factory, mediaFactory } from '../support/factory.js';
import { ffprobeJson, type MediaFixture, mediaFixture } from '../support/media-fixtures.js';
import { delivery, readyClip as readyClipIn, renderWorld, type RenderWorld, who } from '../support/render-world.js';

// Issue 19: a group changes one segment of a film and renders again (SEGMENTS clips here, so that three
// renders fit a medium run on a loaded 2-core machine; the render benchmark does it with 20). Only that segment is
// encoded; the film is re-assembled from the kept encodes of the others, and comes out the same as a
// render from scratch — duration (±1 frame), loudness (±0.5 LU, ffmpeg's ebur128) and HLS ladder.

const exec = promisify(execFile);
const FRAME_S = 1 / 30;
const SEGMENTS = 6;
const CHANGED = 3;

let db: DataSource;
let w: RenderWorld;
let retention: RenderCacheRetentionHandler;
let scratch: string;
let trainer: AuthUser;
let member: AuthUser;
/** The segment files each ffmpeg run of the renders wrote (`seg_NNNNN.mkv`), in order. */
const encodedFiles: string[] = [];

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
  w = await renderWorld(db, config, 'pgboss_render_cache_medium', new WatchedFfmpeg());
  retention = new RenderCacheRetentionHandler(config, w.segmentRows, w.storage);
  scratch = await mkdtemp(join(tmpdir(), 'atelier-render-cache-medium-'));
  const make = factory(db);
  const org = await make.organisation();
  trainer = who((await make.member(org.id, Role.Trainer)).id, org.id, Role.Trainer);
  member = who((await make.member(org.id, Role.Participant)).id, org.id, Role.Participant);
}, 120_000);

afterAll(async () => {
  await w.close();
  await db.destroy();
  await rm(scratch, { recursive: true, force: true });
});

const readyClip = (fixture: MediaFixture, projectId: string) => readyClipIn(w, db, member, fixture, projectId);

/** Saves the document as the next version, renders it, and answers the render's id and which segment files were encoded. */
async function render(projectId: string, document: TimelineDocument, baseVersion: number) {
  const saved = await w.timelines.save(trainer, projectId, { baseVersion, document });
  const started = await w.renders.start(trainer, projectId, saved.version);
  const from = encodedFiles.length;
  const outcome = await w.handler.handle({ renderId: started.id }, delivery());
  expect(outcome).toMatchObject({ status: 'done', result: { status: RenderStatus.Ready } });
  return { id: started.id, version: saved.version, encoded: encodedFiles.slice(from), outcome };
}

async function text(key: string): Promise<string> {
  let out = '';
  for await (const c of await w.storage.getRange(key, 0, 1_000_000)) out += String(c);
  return out;
}

/** What a viewer of the output notices: its duration, its loudness and its HLS ladder (each rung's cut points). */
async function measured(renderId: string) {
  const master = join(scratch, `${renderId}.mp4`);
  await w.storage.download(`renders/${renderId}/master.mp4`, master);
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
  it('re-encodes only the changed segment of a film, and the film is the same as from scratch', async () => {
    const p = await mediaFactory(db).project(trainer.organisationId);
    const mono = await readyClip('mono', p.projectId);
    const landscape = await readyClip('landscape', p.projectId);
    const segments: TimelineDocument['segments'] = Array.from({ length: SEGMENTS }, (_, i) => ({
      id: `s${i}`,
      kind: 'clip' as const,
      clipId: i % 3 === 0 ? landscape : mono,
      // Every segment different (a segment that repeats another is encoded once and restored).
      inMs: i * 100,
      outMs: i * 100 + 1000,
      fadeIn: i % 4 === 0,
    }));
    const film: TimelineDocument = { target: '720p', music: null, fadeOutAtEnd: true, segments };

    const first = await render(p.projectId, film, 0);
    expect(first.encoded).toHaveLength(SEGMENTS);
    const clipBytes =
      (await stat(await mediaFixture('mono'))).size + (await stat(await mediaFixture('landscape'))).size;
    const usedAfterFirst = await new ClipRepository(db, w.jobs).usedBytes(p.projectId);
    // The kept encodes sit under the project and count in its quota.
    expect(usedAfterFirst).toBeGreaterThan(clipBytes);
    const kept = await db.query(`SELECT key, size_bytes FROM render_segment_cache WHERE project_id = $1`, [
      p.projectId,
    ]);
    expect(kept).toHaveLength(SEGMENTS);
    expect(usedAfterFirst - clipBytes).toBe(
      kept.reduce((s: number, r: { size_bytes: string }) => s + Number(r.size_bytes), 0),
    );
    expect(await w.storage.list(segmentCachePrefix(p.projectId, kept[0].key))).toHaveLength(2); // 720p + 360p

    // The group moves the in and out points of one segment (same length).
    const changed: TimelineDocument = {
      ...film,
      segments: segments.map((s, i) =>
        i === CHANGED && s.kind === 'clip' ? { ...s, inMs: s.inMs + 50, outMs: s.outMs + 50 } : s,
      ),
    };
    const again = await render(p.projectId, changed, first.version);
    expect(again.encoded).toEqual([`seg_0000${CHANGED}.mkv`]);
    expect(again.outcome).toMatchObject({ result: { encodedSegments: 1, reusedSegments: SEGMENTS - 1 } });

    // The same film from scratch: nothing kept.
    await db.query(`DELETE FROM render_segment_cache WHERE project_id = $1`, [p.projectId]);
    const fromScratch = await render(
      p.projectId,
      { ...changed, segments: changed.segments.map((s) => ({ ...s, id: `${s.id}b` })) },
      again.version,
    );
    expect(fromScratch.encoded).toHaveLength(SEGMENTS);

    const cached = await measured(again.id);
    const scratchMade = await measured(fromScratch.id);
    expect(Math.abs(cached.durationS - scratchMade.durationS)).toBeLessThanOrEqual(FRAME_S);
    expect(Math.abs(cached.durationS - SEGMENTS)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(cached.loudnessLufs - scratchMade.loudnessLufs)).toBeLessThanOrEqual(0.5);
    expect(cached.hlsMaster).toBe(scratchMade.hlsMaster);
    // The two picture rungs and the sound-only rendition (data saver).
    expect(Object.keys(cached.rungs).sort()).toEqual(['360p/index.m3u8', '720p/index.m3u8', 'audio/index.m3u8']);
    expect(cached.rungs).toEqual(scratchMade.rungs);
  }, 1_800_000);

  it('deletes kept segments after the retention period, and those of a deleted project, freeing the quota', async () => {
    const p = await mediaFactory(db).project(trainer.organisationId);
    const gone = randomUUID(); // a project deleted since its render
    const keys = { stale: randomUUID(), fresh: randomUUID(), orphan: randomUUID() };
    const put = async (projectId: string, key: string, daysAgo: number) => {
      await w.storage.put(`${segmentCachePrefix(projectId, key)}master.mkv`, Buffer.from('x'.repeat(100)), 100);
      await db.query(
        `INSERT INTO render_segment_cache (project_id, key, size_bytes, last_used_at) VALUES ($1, $2, 100, now() - make_interval(days => $3))`,
        [projectId, key, daysAgo],
      );
    };
    await put(p.projectId, keys.stale, 31);
    await put(p.projectId, keys.fresh, 29);
    await put(gone, keys.orphan, 0);
    expect(await new ClipRepository(db, w.jobs).usedBytes(p.projectId)).toBe(200);

    const outcome = await retention.handle();
    expect(outcome).toMatchObject({ status: 'done' });
    const left = await db.query(`SELECT key FROM render_segment_cache WHERE project_id = ANY($1::uuid[])`, [
      [p.projectId, gone],
    ]);
    expect(left.map((r: { key: string }) => r.key)).toEqual([keys.fresh]);
    expect(await w.storage.list(segmentCachePrefix(p.projectId, keys.stale))).toEqual([]);
    expect(await w.storage.list(segmentCachePrefix(gone, keys.orphan))).toEqual([]);
    expect(await w.storage.list(segmentCachePrefix(p.projectId, keys.fresh))).toHaveLength(1);
    expect(await new ClipRepository(db, w.jobs).usedBytes(p.projectId)).toBe(100);
  });
});
