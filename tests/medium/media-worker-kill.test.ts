import { loadConfig } from '@atelier/config';
import { JobName, Role } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { factory, mediaFactory } from '../support/factory.js';
import { mediaFixture } from '../support/media-fixtures.js';

/**
 * A worker process killed with `kill -9` in the middle of a transcode: its job's heartbeat stops,
 * supervision hands the job to another worker, and the clip still ends `ready`. Real worker
 * processes (dist/apps/worker/src/main.js, built by the medium setup), real ffmpeg, the pg-boss
 * schema the worker uses. This test process supervises the queue every 2 s (production: 60 s).
 */
const root = resolve(import.meta.dirname, '../..');
const BUCKET = 'atelier-medium-kill';
let db: DataSource;
let queue: JobsRepository;
const workers: Array<{ child: ChildProcess; log: string[] }> = [];

function startWorker(): { child: ChildProcess; log: string[] } {
  const log: string[] = [];
  const child = spawn(process.execPath, [join(root, 'dist/apps/worker/src/main.js')], {
    env: {
      ...process.env,
      S3_BUCKET: BUCKET,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      TRANSCODE_CONCURRENCY: '1',
      X264_PRESET: 'veryfast',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr.on('data', (b: Buffer) => log.push(b.toString()));
  const w = { child, log };
  workers.push(w);
  return w;
}

/** Stops the workers an earlier test left running, so the next job goes to the test's own worker. */
async function stopWorkers(): Promise<void> {
  for (const w of workers) {
    if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
    w.child.kill('SIGTERM');
    await new Promise((r) => w.child.once('exit', r));
  }
}

async function until<T>(what: string, read: () => Promise<T | null | undefined | false>, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(
        `gave up waiting for ${what} after ${seconds} s\n--- worker logs ---\n${workers.map((w) => w.log.join('').slice(-3000)).join('\n---\n')}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Processes whose command line mentions a worker's scratch directory (its ffmpeg, if still alive). */
async function processesUsingScratchOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(`/atelier-media/${pid}-`)) found.push(Number(entry));
  }
  return found;
}

async function clipRow(
  id: string,
): Promise<{ status: string; progress: number; failure_code: string | null } | undefined> {
  const rows = (await db.query(`SELECT status, progress, failure_code FROM clips WHERE id = $1`, [id])) as Array<{
    status: string;
    progress: number;
    failure_code: string | null;
  }>;
  return rows[0];
}

/** A participant's long clip, uploaded to storage and waiting for a worker. */
async function uploadedLongClip() {
  const storage = new StorageRepository(loadConfig({ ...process.env, S3_BUCKET: BUCKET }).s3);
  const org = await factory(db).organisation();
  const amina = await factory(db).member(org.id, Role.Participant);
  const { projectId } = await mediaFactory(db).project(org.id);
  const source = await mediaFixture('long');
  const size = (await stat(source)).size;
  const clip = await mediaFactory(db).clip(org.id, projectId, amina.id, { sizeBytes: size });
  await storage.put(clip.sourceKey, createReadStream(source), size, 'video/mp4');
  return { clip, storage };
}

/** Mid-transcode: ffmpeg has reported progress and the clip is far from done. */
async function untilTranscoding(clipId: string, seconds: number): Promise<void> {
  await until(
    'the worker to be transcoding',
    async () => {
      const r = await clipRow(clipId);
      return r && r.status === 'processing' && r.progress >= 3 && r.progress <= 60 ? r : null;
    },
    seconds,
  );
}

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  queue = new JobsRepository({ connectionString: process.env.DATABASE_URL!, superviseIntervalSeconds: 2 });
  await queue.start();
  const storage = new StorageRepository(loadConfig({ ...process.env, S3_BUCKET: BUCKET }).s3);
  await storage.ensureBucket();
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await queue.stop();
  await db.destroy();
});

describe('a worker killed with kill -9 mid-transcode', () => {
  it('leaves a job that another worker picks up after the heartbeat timeout and finishes: the clip ends ready', async () => {
    const { clip, storage } = await uploadedLongClip();

    const first = startWorker();
    await queue.enqueue(JobName.ProbeClip, { clipId: clip.id });
    await untilTranscoding(clip.id, 180);
    const firstPid = first.child.pid!;
    expect(await processesUsingScratchOf(firstPid)).not.toEqual([]); // its ffmpeg is running
    first.child.kill('SIGKILL');
    await until('the first worker to die', async () => first.child.signalCode === 'SIGKILL', 10);
    // Its ffmpeg does not outlive it (it dies on the closed pipe to its parent).
    await until('the orphaned ffmpeg to stop', async () => (await processesUsingScratchOf(firstPid)).length === 0, 30);
    expect((await clipRow(clip.id))?.status).toBe('processing');

    startWorker();
    const done = await until(
      'the clip to be ready',
      async () => {
        const r = await clipRow(clip.id);
        if (r?.status === 'failed') throw new Error(`the clip failed: ${r.failure_code}`);
        return r?.status === 'ready' ? r : null;
      },
      300,
    );
    expect(done).toMatchObject({ status: 'ready', progress: 100, failure_code: null });

    // The handler marks the clip ready just before pg-boss completes its delivery: wait for that too.
    const job = await until(
      'the transcode job to complete',
      async () => {
        const [row] = (await db.query(
          `SELECT state, retry_count FROM pgboss.job WHERE name = $1 AND data->>'clipId' = $2`,
          [JobName.TranscodeClip, clip.id],
        )) as Array<{ state: string; retry_count: number }>;
        return row?.state === 'completed' ? row : null;
      },
      30,
    );
    expect(job.retry_count).toBeGreaterThanOrEqual(1); // delivered again after the kill
    const renditions = (
      (await db.query(`SELECT renditions FROM clips WHERE id = $1`, [clip.id])) as Array<{
        renditions: { proxyKey: string };
      }>
    )[0]!.renditions;
    expect((await storage.stat(renditions.proxyKey))?.size).toBeGreaterThan(0);
    // The second worker removed the dead worker's scratch files when it started.
    expect(
      (await readdir(join(tmpdir(), 'atelier-media')).catch(() => [] as string[])).filter((d) =>
        d.startsWith(`${firstPid}-`),
      ),
    ).toEqual([]);
  }, 600_000);

  it('marks a clip failed (interrupted) when its worker dies on the last attempt, and a trainer can retry it', async () => {
    const { clip } = await uploadedLongClip();

    await stopWorkers();
    const first = startWorker();
    await queue.enqueue(JobName.ProbeClip, { clipId: clip.id });
    await untilTranscoding(clip.id, 600);
    // This delivery is the job's last one: the worker dies with it.
    await db.query(
      `UPDATE pgboss.job SET retry_count = retry_limit WHERE name = $1 AND data->>'clipId' = $2 AND state = 'active'`,
      [JobName.TranscodeClip, clip.id],
    );
    first.child.kill('SIGKILL');
    await until('the first worker to die', async () => first.child.signalCode === 'SIGKILL', 10);

    startWorker();
    const failed = await until(
      'the clip to be failed',
      async () => {
        const r = await clipRow(clip.id);
        return r?.status === 'failed' ? r : null;
      },
      300,
    );
    expect(failed).toMatchObject({ status: 'failed', progress: 0, failure_code: 'interrupted' });
    const [job] = (await db.query(`SELECT state FROM pgboss.job WHERE name = $1 AND data->>'clipId' = $2`, [
      JobName.TranscodeClip,
      clip.id,
    ])) as Array<{ state: string }>;
    expect(job!.state).toBe('failed');

    // A trainer's retry (what POST /api/clips/:id/retry runs) finds a failed clip and queues it again.
    const [retried] = (await db.query(
      `UPDATE clips SET status = 'processing', progress = 0, failure_code = NULL WHERE id = $1 AND status = 'failed' RETURNING id`,
      [clip.id],
    )) as [unknown[], number];
    expect(retried).toHaveLength(1);
  }, 1_000_000);

  it('kills the running ffmpeg when the clip is deleted during its transcode, and the worker carries on', async () => {
    const { clip } = await uploadedLongClip();

    await stopWorkers();
    const worker = startWorker();
    await queue.enqueue(JobName.ProbeClip, { clipId: clip.id });
    await untilTranscoding(clip.id, 600);
    const pid = worker.child.pid!;
    expect(await processesUsingScratchOf(pid)).not.toEqual([]);
    const deletedAt = Date.now();
    await db.query(`DELETE FROM clips WHERE id = $1`, [clip.id]); // what deleting a clip in the bin does to its row

    await until('its ffmpeg to stop', async () => (await processesUsingScratchOf(pid)).length === 0, 60);
    console.log(`[delete during transcode] ffmpeg stopped ${Date.now() - deletedAt} ms after the clip was deleted`);
    expect(worker.child.exitCode).toBeNull();
    const job = await until(
      'the transcode job to end',
      async () => {
        const [row] = (await db.query(`SELECT state, output FROM pgboss.job WHERE name = $1 AND data->>'clipId' = $2`, [
          JobName.TranscodeClip,
          clip.id,
        ])) as Array<{ state: string; output: { failed?: string } }>;
        return row?.state === 'completed' ? row : null;
      },
      60,
    );
    expect(job.output.failed).toMatch(/deleted during its transcode/);
  }, 1_000_000);
});
