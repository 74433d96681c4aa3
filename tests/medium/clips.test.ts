import { loadConfig } from '@atelier/config';
import { ClipStatus, ErrorCode, JobName, Role } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { DataSource } from 'typeorm';
import { DomainError } from '../../apps/api/src/common/domain-error.js';
import { ClipRepository, type NewClip } from '../../apps/api/src/media/clip.repository.js';
import { GroupRepository } from '../../apps/api/src/media/group.repository.js';
import { UploadLockRepository } from '../../apps/api/src/media/upload-lock.repository.js';
import { UploadStoreRepository } from '../../apps/api/src/media/upload-store.repository.js';
import { UploadsService } from '../../apps/api/src/media/uploads.service.js';
import { factory } from '../support/factory.js';

const SCHEMA = 'pgboss_medium_clips';
const MB = 1024 * 1024;
let db: DataSource;
let jobs: JobsRepository;
let make: ReturnType<typeof factory>;

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  jobs = new JobsRepository({ connectionString: process.env.DATABASE_URL!, schema: SCHEMA });
  await jobs.start();
  make = factory(db);
}, 30_000);
afterAll(async () => {
  await jobs.stop();
  await db.destroy();
});

async function project() {
  const org = await make.organisation();
  const uploader = await make.member(org.id, Role.Participant);
  const group = await new GroupRepository(db).create(org.id, 'Group', null);
  return { org, uploader, projectId: group.projectId };
}

function clip(p: Awaited<ReturnType<typeof project>>, sizeBytes: number): NewClip {
  const id = randomUUID();
  return {
    id,
    organisationId: p.org.id,
    projectId: p.projectId,
    uploadedBy: p.uploader.id,
    title: 'c',
    originalFilename: 'c.mp4',
    declaredType: 'video/mp4',
    sizeBytes,
    uploadId: id,
    sourceKey: `clips/${id}/source`,
  };
}

async function probeJobs(clipId: string): Promise<number> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM ${SCHEMA}.job WHERE name = $1 AND data->>'clipId' = $2`, [
    JobName.ProbeClip,
    clipId,
  ]);
  return rows.length;
}

describe('ClipRepository against PostgreSQL', () => {
  it('counts what is stored: an upload in progress holds the bytes it received, not the size it declared', async () => {
    const p = await project();
    const clips = new ClipRepository(db, jobs);
    const phantom = clip(p, 90 * MB);
    expect(await clips.insertWithinQuota(phantom, 100 * MB, true)).toEqual({ inserted: true, usedBytes: 0 });
    expect(await clips.usedBytes(p.projectId)).toBe(0);
    await clips.recordReceived(phantom.id, 30 * MB);
    expect(await clips.usedBytes(p.projectId)).toBe(30 * MB);
    // 60 MB fits beside the 30 MB really stored (counting the declared 90 MB refused it)
    const second = clip(p, 60 * MB);
    expect(await clips.insertWithinQuota(second, 100 * MB, true)).toEqual({ inserted: true, usedBytes: 30 * MB });
    // a finished upload counts its whole size
    await clips.markUploadedAndEnqueueProbe(second.id);
    expect(await clips.usedBytes(p.projectId)).toBe(90 * MB);
    expect(await clips.insertWithinQuota(clip(p, 20 * MB), 100 * MB, true)).toEqual({
      inserted: false,
      usedBytes: 90 * MB,
    });
  });

  it('refuses the chunk that would take two uploads declared at once over the quota, naming by how much', async () => {
    const p = await project();
    await db.query(`UPDATE media_projects SET quota_bytes = $2 WHERE id = $1`, [p.projectId, 100 * MB]);
    const clips = new ClipRepository(db, jobs);
    const uploads = new UploadsService(loadConfig(process.env), null as never, clips, null as never);
    const [a, b] = [clip(p, 60 * MB), clip(p, 60 * MB)];
    const declared = await Promise.all([a, b].map((c) => clips.insertWithinQuota(c, 100 * MB, true)));
    expect(declared.map((d) => d.inserted)).toEqual([true, true]); // nothing stored yet: each fits alone
    const stored = async (id: string) => (await clips.find(p.org.id, id))!;
    await uploads.received(await stored(a.id), 0, 40 * MB);
    await uploads.received(await stored(b.id), 0, 40 * MB); // 40 + 40 stored or arriving: fits
    await uploads.received(await stored(a.id), 40 * MB, 20 * MB);
    await clips.markUploadedAndEnqueueProbe(a.id); // a holds its 60 MB
    const refused = await uploads.received(await stored(b.id), 40 * MB, 20 * MB).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: ErrorCode.QuotaExceeded,
      details: { quotaBytes: 100 * MB, usedBytes: 60 * MB, overBytes: 20 * MB },
    });
    expect(await clips.usedBytes(p.projectId)).toBe(100 * MB); // a's 60 MB and the 40 MB b stored
  });

  it('marks a finished upload processing and enqueues its probe in the same transaction, once', async () => {
    const p = await project();
    const clips = new ClipRepository(db, jobs);
    const c = clip(p, 10);
    await clips.insertWithinQuota(c, 100, true);
    expect(await clips.markUploadedAndEnqueueProbe(c.id)).toEqual({
      clipId: c.id,
      projectId: p.projectId,
      status: ClipStatus.Processing,
      progress: 0,
    });
    expect(await clips.markUploadedAndEnqueueProbe(c.id)).toBeNull();
    expect(await probeJobs(c.id)).toBe(1);
    expect((await clips.find(p.org.id, c.id))?.status).toBe(ClipStatus.Processing);
  });

  it('leaves no job behind when the transaction that enqueued it rolls back', async () => {
    const clipId = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await jobs.enqueueWithin(
          { executeSql: async (text, values) => ({ rows: (await tx.query(text, values)) as unknown[] }) },
          JobName.ProbeClip,
          { clipId },
        );
        throw new Error('the upload could not be recorded');
      }),
    ).rejects.toThrow('the upload could not be recorded');
    expect(await probeJobs(clipId)).toBe(0);
  });
});

describe('UploadStoreRepository against the embedded S3 server', () => {
  it('knows how far an interrupted upload came (ListParts) and aborts it (AbortMultipartUpload)', async () => {
    const config = loadConfig({ ...process.env, S3_BUCKET: 'atelier-medium-clips' });
    await new StorageRepository(config.s3).ensureBucket();
    const uploads = new UploadStoreRepository(config);
    const key = `clips/${randomUUID()}/source`;
    await uploads.store.create(new Upload({ id: key, size: 20 * MB, offset: 0, metadata: {} }));
    // 12 MiB arrive: one 8 MiB part plus a 4 MiB tail kept aside until the next request.
    const offset = await uploads.store.write(Readable.from([randomBytes(12 * MB)]), key, 0);
    expect(offset).toBe(12 * MB);
    expect(await uploads.progress(key)).toEqual({ offset: 12 * MB, size: 20 * MB });
    await uploads.abort(key);
    expect(await uploads.progress(key)).toBeNull();
  });
});

describe('UploadLockRepository on PostgreSQL', () => {
  it('lets one API node at a time write an upload, and the next one once it is released', async () => {
    const config = loadConfig({ ...process.env });
    const nodeA = new UploadLockRepository(config);
    const nodeB = new UploadLockRepository(config);
    const id = `clips/${randomUUID()}/source`;
    try {
      const a = nodeA.newLock(id);
      await a.lock(new AbortController().signal, () => undefined);
      const held: unknown[] = await db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted`);
      expect(held.length).toBeGreaterThan(0);

      // Node B gives up when its request is cancelled while A writes.
      const gaveUp = new AbortController();
      gaveUp.abort();
      await expect(nodeB.newLock(id).lock(gaveUp.signal, () => undefined)).rejects.toMatchObject({ status_code: 500 });

      await a.unlock();
      const b = nodeB.newLock(id);
      await b.lock(new AbortController().signal, () => undefined);
      await b.unlock();
    } finally {
      await nodeA.onApplicationShutdown();
      await nodeB.onApplicationShutdown();
    }
  });
});
