import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../common/domain-error.js';
import { parseRange } from './byte-range.js';
import { SmallImages } from './small-images.js';

/** An object ready to be streamed to the browser (whole, or the requested byte range). */
export interface ServedFile {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/** Types by file ending, for objects stored without one (the worker's outputs, uploads). */
const CONTENT_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  vtt: 'text/vtt; charset=utf-8',
};

/**
 * Streams a stored object to the browser through the API with byte ranges (players seek in MP4s by
 * range). Every media route that authorises a request (clips, timelines, renders) ends here, so the
 * storage server never needs to be reachable from phones.
 */
@Injectable()
export class MediaFiles {
  constructor(
    private readonly storage: StorageRepository,
    private readonly images: SmallImages,
  ) {}

  /**
   * A stored picture (poster, thumbnail strip) as a small WebP when the browser's `accept` takes it
   * (see `SmallImages`; `maxWidth` null keeps its size), the stored JPEG otherwise.
   */
  async servePicture(
    key: string,
    accept: string | undefined,
    maxWidth: number | null,
    extra: Record<string, string> = {},
  ): Promise<ServedFile> {
    return this.serve(await this.images.pick(key, accept, maxWidth), undefined, { ...extra, Vary: 'Accept' });
  }

  async serve(key: string, rangeHeader: string | undefined, extra: Record<string, string> = {}): Promise<ServedFile> {
    const info = await this.storage.stat(key);
    if (!info) throw DomainError.notFound('This file');
    const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
    const contentType =
      info.contentType !== 'application/octet-stream' ? info.contentType : (CONTENT_TYPES[ext] ?? info.contentType);
    const headers: Record<string, string> = {
      'Cache-Control': 'private, max-age=300',
      ...extra,
      'Content-Type': contentType,
      'Accept-Ranges': 'bytes',
    };
    const range = parseRange(rangeHeader, info.size);
    if (range === 'unsatisfiable')
      return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${info.size}` }, body: null };
    if (!range)
      return {
        status: 200,
        headers: { ...headers, 'Content-Length': String(info.size) },
        body: await this.storage.get(key),
      };
    const length = range.end - range.start + 1;
    return {
      status: 206,
      headers: {
        ...headers,
        'Content-Length': String(length),
        'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`,
      },
      body: await this.storage.getRange(key, range.start, length),
    };
  }
}

/** Writes a served file to an Express response; a player that goes away mid-file is not an error. */
export async function sendFile(res: Response, file: ServedFile): Promise<void> {
  res.status(file.status).set(file.headers);
  if (!file.body) return void res.end();
  await pipeline(file.body, res).catch(() => file.body?.destroy());
}
