import type { JobName, JobOutcome } from '@atelier/contracts';
import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import { ClipsRepository } from './clips.repository.js';

/** Resumable uploads are kept this long after their last chunk (the issue promises 7 days). */
export const UPLOAD_KEEP_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * Daily: uploads left `uploading` and untouched for 7 days lose their partial bytes (the unfinished
 * multipart upload and the objects the tus store keeps under the source key) and their row.
 */
@Injectable()
export class UploadCleanupHandler {
  constructor(
    private readonly clips: ClipsRepository,
    private readonly storage: StorageRepository,
  ) {}

  async handle(now = new Date()): Promise<JobOutcome<JobName.UploadCleanup>> {
    const before = new Date(now.getTime() - UPLOAD_KEEP_DAYS * DAY_MS);
    let removedUploads = 0;
    let freedBytes = 0;
    for (;;) {
      const stale = await this.clips.findStaleUploads(before, 200);
      if (stale.length === 0) break;
      for (const upload of stale) {
        await this.storage.abortIncompleteUpload(upload.sourceKey);
        // By prefix: the source, `<key>.info`, `<key>.part` — whatever the tus store left.
        const objects = await this.storage.list(upload.sourceKey);
        await this.storage.removeMany(objects.map((o) => o.key));
        if (await this.clips.deleteStaleUpload(upload.id, before)) {
          removedUploads++;
          freedBytes += Math.max(
            upload.receivedBytes,
            objects.reduce((sum, o) => sum + o.size, 0),
          );
        }
      }
      if (stale.length < 200) break;
    }
    return { status: 'done', result: { removedUploads, freedBytes } };
  }
}
