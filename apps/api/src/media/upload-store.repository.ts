import { S3Store } from '@tus/s3-store';
import { Inject, Injectable } from '@nestjs/common';
import { PART_SIZE } from '@atelier/storage';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

/**
 * Where resumable uploads put their bytes: S3 multipart uploads, through the tus project's own
 * S3 store. It is the only place the API uses the AWS SDK rather than the minio client: the store
 * already solves the hard parts (parts smaller than 5 MB between requests, the offset of an
 * interrupted upload, temporary files instead of memory) and keeps all upload state in S3, so any
 * API node can continue any upload.
 *
 * Object layout: the upload's object IS the clip's source (`clips/<clipId>/source`), next to
 * `source.info` (the upload's declared length and metadata) and, between requests, `source.part`
 * (a tail smaller than a part). Deleting a clip's prefix removes all of them.
 */
@Injectable()
export class UploadStoreRepository {
  readonly store: S3Store;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const s3 = config.s3;
    this.store = new S3Store({
      partSize: PART_SIZE,
      maxConcurrentPartUploads: 2,
      useTags: false,
      s3ClientConfig: {
        bucket: s3.bucket,
        endpoint: `${s3.useSSL ? 'https' : 'http'}://${s3.endPoint}:${s3.port}`,
        region: s3.region,
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
        // Plain signed bodies: S3 servers other than AWS (the embedded one, older MinIO) reject
        // the SDK's default aws-chunked bodies with trailing checksums.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      },
    });
  }

  /** How far an upload has come, or null when S3 knows no such upload. */
  async progress(key: string): Promise<{ offset: number; size: number | undefined } | null> {
    try {
      const upload = await this.store.getUpload(key);
      return { offset: upload.offset, size: upload.size };
    } catch {
      return null;
    }
  }

  /** Aborts an upload in progress (frees its parts); nothing happens when there is none. */
  async abort(key: string): Promise<void> {
    try {
      await this.store.remove(key);
    } catch (e) {
      if ((e as { status_code?: number }).status_code !== 404) throw e;
    }
  }
}
