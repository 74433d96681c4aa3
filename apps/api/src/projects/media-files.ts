import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { parseRange, type ServedFile } from './byte-range.js';

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  jpg: 'image/jpeg',
};

/** Streams a stored object to the browser with byte ranges (players seek in MP4s by range). */
@Injectable()
export class MediaFiles {
  constructor(private readonly storage: StorageRepository) {}

  async serve(key: string, rangeHeader: string | undefined, extra: Record<string, string> = {}): Promise<ServedFile> {
    const info = await this.storage.stat(key);
    if (!info) throw DomainError.notFound('This file');
    const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
    const headers: Record<string, string> = { 'Cache-Control': 'private, max-age=300', ...extra, 'Content-Type': TYPES[ext] ?? info.contentType, 'Accept-Ranges': 'bytes' };
    const range = parseRange(rangeHeader, info.size);
    if (range === 'unsatisfiable') return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${info.size}` }, body: null };
    if (!range) return { status: 200, headers: { ...headers, 'Content-Length': String(info.size) }, body: await this.storage.get(key) };
    const length = range.end - range.start + 1;
    return {
      status: 206,
      headers: { ...headers, 'Content-Length': String(length), 'Content-Range': `bytes ${range.start}-${range.end}/${info.size}` },
      body: await this.storage.getRange(key, range.start, length),
    };
  }
}
