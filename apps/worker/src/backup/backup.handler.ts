import type { JobName, JobOutcome } from '@atelier/contracts';
import { APP_CONFIG, type AppConfig } from '@atelier/config';
import { Inject, Injectable } from '@nestjs/common';
import { BackupRepository } from './backup.repository.js';

/**
 * The daily backup (BACKUP_DIR or BACKUP_S3_URL): one backup, only the newest BACKUP_RETENTION kept,
 * its outcome recorded either way for /health and the Instance page. A failure is retried by the
 * queue (a full disk or an unreachable store may be temporary).
 */
@Injectable()
export class BackupHandler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly backups: BackupRepository,
  ) {}

  async handle(now = new Date()): Promise<JobOutcome<JobName.Backup>> {
    const target = this.config.backupTarget;
    if (!target) return { status: 'failed', reason: 'no BACKUP_DIR or BACKUP_S3_URL on this worker', retry: false };
    try {
      const r = await this.backups.write(target, this.config.backupRetention, now);
      await this.backups.record({
        startedAt: now,
        finishedAt: new Date(),
        ok: true,
        location: r.location,
        sizeBytes: r.sizeBytes,
        objects: r.objects,
        schemaVersion: r.schemaVersion,
        error: null,
      });
      return { status: 'done', result: { location: r.location, sizeBytes: r.sizeBytes, objects: r.objects, pruned: r.pruned.length } };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      await this.backups.record({ startedAt: now, finishedAt: new Date(), ok: false, location: target, sizeBytes: null, objects: null, schemaVersion: null, error: reason });
      return { status: 'failed', reason, retry: true };
    }
  }
}
