import { backupStore, createBackup, recordBackupRun, type BackupResult, type BackupRunRecord } from '@atelier/backup';
import { APP_CONFIG, type AppConfig } from '@atelier/config';
import { Inject, Injectable } from '@nestjs/common';

/** The backup's I/O (pg_dump, both stores, the backup_runs table) behind purpose-named methods. */
@Injectable()
export class BackupRepository {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  write(target: string, keep: number, now: Date): Promise<BackupResult> {
    return createBackup({ databaseUrl: this.config.databaseUrl, s3: this.config.s3 }, backupStore(target, this.config.s3), { keep, now });
  }

  record(run: BackupRunRecord): Promise<void> {
    return recordBackupRun(this.config.databaseUrl, run);
  }
}
