import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface EmbeddedStorage {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** Resolves if the server closes without `stop()`. */
  ended: Promise<string>;
  stop(): Promise<void>;
}

const EMPTY_UPLOAD_LIST = (bucket: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
  `<Bucket>${bucket}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><NextKeyMarker></NextKeyMarker>` +
  `<NextUploadIdMarker></NextUploadIdMarker><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>`;

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  status: number;
  type: string;
  body: unknown;
}

/**
 * s3rver does not implement ListMultipartUploads (`GET /bucket?uploads`), which the `minio`
 * client calls before every multipart upload to resume an earlier one. We answer "no uploads in
 * progress", so the client starts a fresh multipart upload, which s3rver does support.
 */
export function listMultipartUploadsShim(ctx: KoaContext, next: () => Promise<unknown>): Promise<unknown> | void {
  const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
  if (ctx.method === 'GET' && bucket && 'uploads' in ctx.query) {
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body = EMPTY_UPLOAD_LIST(bucket);
    return;
  }
  return next();
}

const NO_SUCH_UPLOAD =
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code>` +
  `<Message>The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.</Message></Error>`;

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface StoredPart {
  number: number;
  size: number;
  etag: string;
  modified: Date;
}

/** The parts s3rver has finished storing for an upload (it writes `<n>.md5` once part `<n>` is whole). */
async function storedParts(uploadDir: string): Promise<StoredPart[]> {
  const names = await readdir(uploadDir);
  const parts: StoredPart[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || !names.includes(`${name}.md5`)) continue;
    const [info, md5] = await Promise.all([
      stat(join(uploadDir, name)),
      readFile(join(uploadDir, `${name}.md5`), 'utf8'),
    ]);
    parts.push({ number: Number(name), size: info.size, etag: md5.trim(), modified: info.mtime });
  }
  return parts.sort((a, b) => a.number - b.number);
}

/**
 * s3rver keeps multipart uploads in `<dir>/<bucket>/._S3rver_uploads/<uploadId>/` but implements
 * neither ListParts (`GET /bucket/key?uploadId=`) nor AbortMultipartUpload (`DELETE
 * /bucket/key?uploadId=`). Resumable uploads need both: the tus S3 store lists the parts already
 * stored to know where an upload stands, and aborts an upload that is cancelled or expired.
 * We answer them from s3rver's own files.
 */
export function multipartPartsShim(dir: string) {
  return async (ctx: KoaContext, next: () => Promise<unknown>): Promise<unknown> => {
    const m = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    const uploadId = ctx.query['uploadId'];
    if (!m || typeof uploadId !== 'string' || (ctx.method !== 'GET' && ctx.method !== 'DELETE')) return next();
    const [, bucket, rawKey] = m as unknown as [string, string, string];
    const key = decodeURIComponent(rawKey);
    const uploadDir = join(dir, bucket, '._S3rver_uploads', uploadId);
    let storedKey: string | null = null;
    if (/^[0-9a-f]+$/i.test(uploadId)) storedKey = await readFile(join(uploadDir, 'key'), 'utf8').catch(() => null);
    if (storedKey !== key) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = NO_SUCH_UPLOAD;
      return;
    }
    if (ctx.method === 'DELETE') {
      await rm(uploadDir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = '';
      return;
    }
    const marker = Number(ctx.query['part-number-marker'] ?? 0) || 0;
    const parts = (await storedParts(uploadDir)).filter((p) => p.number > marker);
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Bucket>${xmlText(bucket)}</Bucket><Key>${xmlText(key)}</Key><UploadId>${xmlText(uploadId)}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${parts.at(-1)?.number ?? marker}</NextPartNumberMarker>` +
      `<MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>` +
      parts
        .map(
          (p) =>
            `<Part><PartNumber>${p.number}</PartNumber><LastModified>${p.modified.toISOString()}</LastModified><ETag>"${p.etag}"</ETag><Size>${p.size}</Size></Part>`,
        )
        .join('') +
      `</ListPartsResult>`;
    return;
  };
}

interface ListedObject {
  key: string;
  lastModifiedDate: Date;
  size: number;
  metadata: Record<string, string>;
}

/** The part of s3rver's filesystem store that lists a bucket. */
export interface ListingStore {
  getBucket(bucket: string): Promise<unknown>;
  listObjects(
    bucket: string,
    options: { prefix?: string; startAfter?: string; maxKeys: number },
  ): Promise<{ objects: ListedObject[]; isTruncated: boolean }>;
}

/**
 * s3rver makes ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node ≥ 17) no longer
 * offers: every listing of more than 1,000 keys answered 500, and so did asking for its next page
 * (a 40-minute render writes ~1,200 HLS files, and the worker lists them to remove stale ones).
 * We answer recursive ListObjectsV2 (`GET /bucket?list-type=2` without a delimiter — all that
 * StorageRepository asks) from s3rver's own store, with the last key in base64url as the token.
 */
export function listObjectsV2Shim(
  ctx: KoaContext & { store: ListingStore },
  next: () => Promise<unknown>,
): Promise<unknown> {
  const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
  if (ctx.method !== 'GET' || !bucket || ctx.query['list-type'] !== '2' || ctx.query['delimiter']) return next();
  return (async () => {
    if (!(await ctx.store.getBucket(bucket))) return next(); // s3rver answers NoSuchBucket
    const text = (name: string): string => (typeof ctx.query[name] === 'string' ? ctx.query[name] : '');
    const prefix = text('prefix');
    const token = text('continuation-token');
    const maxKeys = Math.min(1000, /^\d+$/.test(text('max-keys')) ? Number(text('max-keys')) : 1000);
    const startAfter = token ? Buffer.from(token, 'base64url').toString('utf8') : text('start-after');
    const result =
      maxKeys === 0
        ? { objects: [], isTruncated: false }
        : await ctx.store.listObjects(bucket, {
            prefix: prefix || undefined,
            startAfter: startAfter || undefined,
            maxKeys,
          });
    const last = result.objects[result.objects.length - 1];
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Name>${xmlText(bucket)}</Name><Prefix>${xmlText(prefix)}</Prefix>` +
      (token ? `<ContinuationToken>${xmlText(token)}</ContinuationToken>` : '') +
      `<KeyCount>${result.objects.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${result.isTruncated && !!last}</IsTruncated>` +
      (result.isTruncated && last
        ? `<NextContinuationToken>${Buffer.from(last.key, 'utf8').toString('base64url')}</NextContinuationToken>`
        : '') +
      result.objects
        .map(
          (o) =>
            `<Contents><Key>${xmlText(o.key)}</Key><LastModified>${o.lastModifiedDate.toISOString()}</LastModified><ETag>${xmlText(o.metadata['etag'] ?? '')}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('') +
      `</ListBucketResult>`;
  })();
}

/** An S3-compatible server on loopback storing its objects under `dir`. */
export async function startEmbeddedS3(dir: string, port: number): Promise<EmbeddedStorage> {
  await mkdir(dir, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port, directory: dir, silent: true, resetOnClose: false });
  (server as unknown as { middleware: unknown[] }).middleware.unshift(
    listMultipartUploadsShim,
    multipartPartsShim(dir),
    listObjectsV2Shim,
  );
  await server.run();
  const http = (server as unknown as { httpServer: Server }).httpServer;
  let stopping = false;
  const ended = new Promise<string>((done) => http.once('close', () => !stopping && done('closed')));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    ended,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        http.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
