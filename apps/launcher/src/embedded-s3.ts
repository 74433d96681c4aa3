import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import S3rver from 's3rver';

export interface EmbeddedStorage {
  endpoint: string;
  accessKey: string;
  secretKey: string;
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

/** An S3-compatible server on loopback storing its objects under `dir`. */
export async function startEmbeddedS3(dir: string, port: number): Promise<EmbeddedStorage> {
  await mkdir(dir, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port, directory: dir, silent: true, resetOnClose: false });
  (server as unknown as { middleware: unknown[] }).middleware.unshift(listMultipartUploadsShim);
  await server.run();
  const http = (server as unknown as { httpServer: Server }).httpServer;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    stop: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
