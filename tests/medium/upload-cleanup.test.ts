import { loadConfig } from '@atelier/config';
import { Role } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'minio';
import { DataSource } from 'typeorm';
import { ClipsRepository } from '../../apps/worker/src/media/clips.repository.js';
import { UploadCleanupHandler } from '../../apps/worker/src/media/upload-cleanup.handler.js';
import { factory, mediaFactory } from '../support/factory.js';

// Issue 15 point 8: the clean-up of abandoned uploads deleted the clip but left its multipart
// chunks in the store (the embedded S3 server lists no multipart uploads, so none was aborted).

const BUCKET = 'atelier-medium-cleanup';
let db: DataSource;
let clips: ClipsRepository;
let storage: StorageRepository;
let s3: Client;

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  const config = loadConfig({ ...process.env, S3_BUCKET: BUCKET });
  storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  clips = new ClipsRepository(config);
  s3 = new Client({
    endPoint: config.s3.endPoint,
    port: config.s3.port,
    useSSL: config.s3.useSSL,
    accessKey: config.s3.accessKey,
    secretKey: config.s3.secretKey,
    region: config.s3.region,
    pathStyle: true,
  });
});

afterAll(async () => {
  await clips.onApplicationShutdown();
  await db.destroy();
});

/** What the tus S3 store leaves of an unfinished upload: a multipart upload with one stored part, and `<key>.info` naming it. */
async function halfSentUpload(key: string): Promise<string> {
  const uploadId = await s3.initiateNewMultipartUpload(BUCKET, key, {});
  await s3.uploadPart(
    { bucketName: BUCKET, objectName: key, uploadID: uploadId, partNumber: 1, headers: {} },
    Buffer.alloc(64 * 1024, 7),
  );
  await s3.putObject(BUCKET, `${key}.info`, Buffer.from('{"size":5000000}'), 16, {
    'upload-id': uploadId,
    'tus-version': '1.0.0',
  });
  return uploadId;
}

const storedParts = (key: string, uploadId: string) =>
  (s3 as unknown as { listParts(b: string, k: string, id: string): Promise<unknown[]> })
    .listParts(BUCKET, key, uploadId)
    .catch((e: { code?: string }) => {
      if (e.code === 'NoSuchUpload') return [];
      throw e;
    });

describe('the clean-up of uploads abandoned for 7 days', () => {
  it('aborts their multipart uploads: the store holds no chunk afterwards', async () => {
    const org = await factory(db).organisation();
    const uploader = await factory(db).member(org.id, Role.Participant);
    const { projectId } = await mediaFactory(db).project(org.id);
    const stale = await mediaFactory(db).clip(org.id, projectId, uploader.id, {
      status: 'uploading',
      sizeBytes: 5_000_000,
      receivedBytes: 65_536,
      updatedAt: new Date(Date.now() - 8 * 86_400_000),
    });
    const uploadId = await halfSentUpload(stale.sourceKey);
    expect(await storedParts(stale.sourceKey, uploadId)).toHaveLength(1);

    await new UploadCleanupHandler(clips, storage).handle();

    expect(await storedParts(stale.sourceKey, uploadId)).toEqual([]);
    expect(await storage.list(stale.sourceKey)).toEqual([]);
    expect(await db.query(`SELECT id FROM clips WHERE id = $1`, [stale.id])).toEqual([]);
  });
});
