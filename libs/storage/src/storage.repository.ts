import type { S3Config } from '@atelier/config';
import { Client } from 'minio';
import type { Readable } from 'node:stream';

/**
 * Multipart part size. The client holds one part in memory while sending it, so this bounds memory
 * per upload; without it, an upload of unknown length would be cut into ~500 MB parts.
 */
export const PART_SIZE = 8 * 1024 * 1024;

export interface StoredObject {
  key: string;
  size: number;
  etag: string;
}

/**
 * All object storage goes through here, over the `minio` client: MinIO in production, the embedded
 * S3 server by default. Keys are private; browsers only get short-lived presigned URLs.
 */
export class StorageRepository {
  private readonly client: Client;

  constructor(private readonly config: S3Config) {
    this.client = new Client({
      endPoint: config.endPoint,
      port: config.port,
      useSSL: config.useSSL,
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      region: config.region,
      pathStyle: true,
      partSize: PART_SIZE,
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  /** Creates the bucket on first use; safe to call from several processes at once. */
  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.config.region);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw e;
    }
  }

  /**
   * Streams bytes into an object without holding them in memory. Above the part size (or with an
   * unknown size) the client uses multipart upload.
   */
  async put(key: string, body: Readable | Buffer | string, size?: number, contentType = 'application/octet-stream'): Promise<StoredObject> {
    const info = await this.client.putObject(this.bucket, key, body, size, { 'Content-Type': contentType });
    const stat = await this.client.statObject(this.bucket, key);
    return { key, size: stat.size, etag: info.etag };
  }

  get(key: string): Promise<Readable> {
    return this.client.getObject(this.bucket, key);
  }

  /** `length` bytes from `offset` (HTTP range requests: seeking in an MP4). */
  getPartial(key: string, offset: number, length: number): Promise<Readable> {
    return this.client.getPartialObject(this.bucket, key, offset, length);
  }

  async stat(key: string): Promise<{ size: number; contentType: string } | null> {
    try {
      const s = await this.client.statObject(this.bucket, key);
      return { size: s.size, contentType: String(s.metaData?.['content-type'] ?? 'application/octet-stream') };
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFound' || (e as { code?: string }).code === 'NoSuchKey') return null;
      throw e;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  /** A URL that lets whoever holds it read one object for `seconds`. */
  presignedGet(key: string, seconds: number): Promise<string> {
    return this.client.presignedGetObject(this.bucket, key, seconds);
  }

  /** Round-trip check for /health: the bucket answers. */
  async ping(): Promise<void> {
    await this.client.bucketExists(this.bucket);
  }
}
