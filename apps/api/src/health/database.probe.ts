import type { LastBackup } from '@atelier/contracts';
import { schemaVersion } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class DatabaseProbe {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  schemaVersion(): Promise<string | null> {
    return schemaVersion(this.db);
  }

  async lastBackup(): Promise<LastBackup | null> {
    const rows: Array<{ ok: boolean; finished_at: Date; size_bytes: string | null; objects: number | null }> =
      await this.db.query(
        `SELECT ok, finished_at, size_bytes, objects FROM backup_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1`,
      );
    const r = rows[0];
    return r
      ? {
          ok: r.ok,
          finishedAt: r.finished_at.toISOString(),
          sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
          objects: r.objects,
        }
      : null;
  }
}
