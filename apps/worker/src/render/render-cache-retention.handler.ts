import { APP_CONFIG, type AppConfig } from '@atelier/config';
import type { JobName, JobOutcome } from '@atelier/contracts';
import { StorageRepository } from '@atelier/storage';
import { Inject, Injectable } from '@nestjs/common';
import { segmentCachePrefix } from './render-segment-cache.js';
import { SegmentCacheRepository } from './segment-cache.repository.js';

const BATCH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Daily: deletes the segment encodes a project kept for its renders once unused for
 * RENDER_CACHE_RETENTION_DAYS, and those of a project that no longer exists — objects first, then
 * the rows (so the quota frees what is really gone).
 */
@Injectable()
export class RenderCacheRetentionHandler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rows: SegmentCacheRepository,
    private readonly storage: StorageRepository,
  ) {}

  async handle(now = new Date()): Promise<JobOutcome<JobName.RenderCacheRetention>> {
    const before = new Date(now.getTime() - this.config.renderCacheRetentionDays * DAY_MS);
    let removedSegments = 0;
    let freedBytes = 0;
    for (;;) {
      const batch = await this.rows.expired(before, BATCH);
      for (const entry of batch) {
        const prefix = segmentCachePrefix(entry.projectId, entry.key);
        await this.storage.removeMany((await this.storage.list(prefix)).map((o) => o.key));
      }
      await this.rows.forget(batch);
      removedSegments += batch.length;
      freedBytes += batch.reduce((sum, e) => sum + e.sizeBytes, 0);
      if (batch.length < BATCH) break;
    }
    return { status: 'done', result: { removedSegments, freedBytes } };
  }
}
