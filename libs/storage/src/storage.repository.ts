import type { S3Config } from '@atelier/config';
import { Client } from 'minio';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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
 * S3 server by default. Keys are private: browsers reach media only through the API's authorising
 * routes (see apps/api/src/storage/media-files.ts).
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
  async put(
    key: string,
    body: Readable | Buffer | string,
    size?: number,
    contentType = 'application/octet-stream',
  ): Promise<StoredObject> {
    // The size is counted on the way through rather than asked of the server afterwards: one round
    // trip less, and no read-after-write on a store that might answer it late.
    let counted = typeof body === 'string' || Buffer.isBuffer(body) ? Buffer.byteLength(body) : 0;
    let source: Readable | Buffer | string = body;
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          counted += chunk.length;
          done(null, chunk);
        },
      });
      body.once('error', (e) => counter.destroy(e));
      source = body.pipe(counter);
    }
    const info = await this.client.putObject(this.bucket, key, source, size, { 'Content-Type': contentType });
    return { key, size: counted, etag: info.etag };
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

  /** Bytes `offset` … `offset + length - 1` of an object, streamed (for HTTP range requests). */
  getRange(key: string, offset: number, length: number): Promise<Readable> {
    return this.client.getPartialObject(this.bucket, key, offset, length);
  }

  /** A small text object (a playlist) read whole. */
  async getText(key: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.client.getObject(this.bucket, key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Streams an object into a local file (never whole in memory). */
  async download(key: string, filePath: string): Promise<void> {
    // Not fGetObject: its resume-from-part-file logic fails on a fresh path with some S3 servers.
    await pipeline(await this.client.getObject(this.bucket, key), createWriteStream(filePath));
  }

  /** Streams a local file into an object, replacing any object under the same key. */
  async putFile(key: string, filePath: string, contentType = 'application/octet-stream'): Promise<void> {
    await this.client.fPutObject(this.bucket, key, filePath, { 'Content-Type': contentType });
  }

  /** Every object whose key starts with `prefix`, with sizes. */
  async list(prefix: string): Promise<Array<{ key: string; size: number }>> {
    const found: Array<{ key: string; size: number }> = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true) as AsyncIterable<{
      name?: string;
      size?: number;
    }>) {
      if (item.name) found.push({ key: item.name, size: item.size ?? 0 });
    }
    return found;
  }

  /** Removes these objects (a missing one is not an error). */
  async removeMany(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      if (batch.length) await this.client.removeObjects(this.bucket, batch);
    }
  }

  /**
   * Aborts the unfinished multipart uploads to `key`, freeing the parts already stored: the one the
   * store lists, and the one the tus S3 store recorded in `<key>.info` (its `upload-id` metadata).
   * The second matters because the embedded S3 server lists no multipart uploads (the launcher
   * answers that call with an empty list), so its parts stayed behind. (Not the client's
   * removeIncompleteUpload: it sends `uploadId=undefined` when there is no upload.) Returns how
   * many uploads were aborted.
   */
  async abortIncompleteUpload(key: string): Promise<number> {
    const ids = new Set<string>();
    const listed = await this.client.findUploadId(this.bucket, key);
    if (listed) ids.add(listed);
    const recorded = (await this.statMetadata(`${key}.info`))?.['upload-id'];
    if (typeof recorded === 'string' && recorded) ids.add(recorded);
    let aborted = 0;
    for (const uploadId of ids) {
      try {
        await this.client.abortMultipartUpload(this.bucket, key, uploadId);
        aborted++;
      } catch (e) {
        if ((e as { code?: string }).code !== 'NoSuchUpload') throw e; // already completed or aborted
      }
    }
    return aborted;
  }

  /** An object's user metadata (lower-case keys), or null when there is no such object. */
  private async statMetadata(key: string): Promise<Record<string, unknown> | null> {
    try {
      return (await this.client.statObject(this.bucket, key)).metaData;
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFound' || (e as { code?: string }).code === 'NoSuchKey') return null;
      throw e;
    }
  }

  /** Deletes every object under a prefix (a clip's folder); returns how many went. */
  async removePrefix(prefix: string): Promise<number> {
    if (!prefix.endsWith('/')) throw new Error(`refusing to remove prefix "${prefix}": it must end with "/"`);
    const keys = (await this.list(prefix)).map((o) => o.key);
    await this.removeMany(keys);
    return keys.length;
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
