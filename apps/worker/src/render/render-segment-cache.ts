import { APP_CONFIG, type AppConfig } from '@atelier/config';
import {
  MediaRepository,
  RenderRepository,
  segmentContentKey,
  type RenderPlan,
  type SegmentCache,
  type SegmentStep,
} from '@atelier/media';
import { StorageRepository } from '@atelier/storage';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SegmentCacheRepository } from './segment-cache.repository.js';

/** Where a project keeps a segment's encodes: one object per rung. */
export const segmentCachePrefix = (projectId: string, key: string): string =>
  `projects/${projectId}/render-cache/${key}/`;

/** The files of a segment's encodes, by object name under its prefix. */
function encodes(seg: SegmentStep): Array<[name: string, path: string]> {
  return [
    ['master.mkv', seg.output],
    ...Object.entries(seg.rungOutputs).map(([rung, path]): [string, string] => [`${rung}.mkv`, path]),
  ];
}

export interface OpenSegmentCache extends SegmentCache {
  /** Once the render is done: the restored keys' retention period starts again. */
  close(): Promise<void>;
}

/**
 * A project's segment cache for one render (libs/media segment-cache.ts): the encodes kept in the
 * bucket under the project, their rows counting in the project's quota. A segment that does not fit
 * the quota is simply not kept; a kept segment that cannot be read back is encoded again.
 */
@Injectable()
export class RenderSegmentCache {
  private readonly log = new Logger('RenderSegmentCache');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rows: SegmentCacheRepository,
    private readonly storage: StorageRepository,
    private readonly media: MediaRepository,
    private readonly ffmpeg: RenderRepository,
  ) {}

  async open(
    projectId: string,
    plan: RenderPlan,
    workDir: string,
    sourceIdentity: (clipId: string) => string,
  ): Promise<OpenSegmentCache> {
    const encoder = await this.ffmpeg.encoderVersion();
    const keys = new Map(plan.segments.map((s) => [s.index, segmentContentKey(s, workDir, sourceIdentity, encoder)]));
    const known = await this.rows.known(projectId, [...new Set(keys.values())]);
    const restored: string[] = [];
    const keyOf = (seg: SegmentStep): string => keys.get(seg.index)!;
    return {
      has: (seg) => known.has(keyOf(seg)),
      restore: async (seg) => {
        const key = keyOf(seg);
        try {
          for (const [name, path] of encodes(seg))
            await this.storage.download(`${segmentCachePrefix(projectId, key)}${name}`, path);
          restored.push(key);
          return true;
        } catch (e) {
          this.log.warn(`kept segment ${key} of project ${projectId} unreadable, encoding it again: ${String(e)}`);
          known.delete(key);
          await this.rows.forget([{ projectId, key }]).catch(() => undefined);
          return false;
        }
      },
      keep: async (seg) => {
        const key = keyOf(seg);
        try {
          let size = 0;
          for (const [, path] of encodes(seg)) size += (await this.media.fileSize(path)) ?? 0;
          if (!(await this.rows.claim(projectId, key, size, this.config.projectQuotaBytes))) return;
          try {
            for (const [name, path] of encodes(seg))
              await this.storage.putFile(`${segmentCachePrefix(projectId, key)}${name}`, path, 'video/x-matroska');
          } catch (e) {
            await this.rows.forget([{ projectId, key }]);
            throw e;
          }
          known.add(key);
        } catch (e) {
          this.log.warn(`segment ${seg.index + 1} of project ${projectId} not kept: ${String(e)}`);
        }
      },
      close: () => this.rows.touch(projectId, restored),
    };
  }
}
