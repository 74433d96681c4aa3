import { BackupRefused, backupStore, createBackup, recordBackupRun, restoreBackup } from '@atelier/backup';
import { DomainError } from '../common/domain-error.js';
import { ErrorCode } from '@atelier/contracts';
import type { CliCommand } from './cli-command.js';

export const backupCommands: Record<string, CliCommand> = {
  backup: {
    summary: 'write one backup (pg_dump of the database + every object of the bucket + manifest.json with sha256s)',
    needs: 'config',
    flags: {
      to: {
        required: true,
        value: 'DIR|s3://BUCKET/PREFIX',
        description: 'a folder, or a prefix in another bucket of the same S3 store',
      },
      keep: { required: false, value: 'N', description: 'then keep only the newest N backups there' },
    },
    async run(ctx, f) {
      const keep = f['keep'] === undefined ? undefined : Number(f['keep']);
      if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1))
        throw DomainError.invalid('--keep must be a whole number of at least 1.');
      const started = new Date();
      const src = { databaseUrl: ctx.config.databaseUrl, s3: ctx.config.s3 };
      try {
        const r = await createBackup(src, backupStore(f['to']!, ctx.config.s3), { keep, now: started });
        const finished = new Date();
        ctx.out(`Backup written to ${r.location}`);
        // The backup is made; not being able to note it (e.g. a database older than backup_runs) only costs /health its line.
        await recordBackupRun(src.databaseUrl, {
          startedAt: started,
          finishedAt: finished,
          ok: true,
          location: r.location,
          sizeBytes: r.sizeBytes,
          objects: r.objects,
          schemaVersion: r.schemaVersion,
          error: null,
        }).catch((e: unknown) => ctx.out(`(Not recorded for /health: ${e instanceof Error ? e.message : String(e)})`));
        ctx.out(
          `${r.objects} objects, ${r.sizeBytes} bytes in all, schema ${r.schemaVersion ?? 'none'}, ${finished.getTime() - started.getTime()} ms`,
        );
        if (r.pruned.length > 0) ctx.out(`Removed older backups: ${r.pruned.join(', ')}`);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        // Noted for /health when possible; the operator sees the error itself either way.
        await recordBackupRun(src.databaseUrl, {
          startedAt: started,
          finishedAt: new Date(),
          ok: false,
          location: f['to']!,
          sizeBytes: null,
          objects: null,
          schemaVersion: null,
          error,
        }).catch(() => undefined);
        throw e;
      }
    },
  },
  restore: {
    summary: 'put a backup back into an EMPTY database and an EMPTY bucket, checking every sha256',
    needs: 'config',
    flags: {
      from: {
        required: true,
        value: 'DIR|s3://BUCKET/PREFIX',
        description: 'the backup (the folder holding its manifest.json)',
      },
    },
    async run(ctx, f) {
      const started = Date.now();
      try {
        const r = await restoreBackup(
          { databaseUrl: ctx.config.databaseUrl, s3: ctx.config.s3 },
          backupStore(f['from']!, ctx.config.s3),
        );
        ctx.out(
          `Restored ${r.objects} objects and the database (schema ${r.schemaVersion ?? 'none'}), ${r.sizeBytes} bytes, in ${Date.now() - started} ms.`,
        );
        ctx.out('Start the API: it applies any newer migrations.');
      } catch (e) {
        if (e instanceof BackupRefused) {
          throw new DomainError(
            e.reason === 'target_not_empty' ? ErrorCode.BackupTargetNotEmpty : ErrorCode.BackupInvalid,
            `Restore refused: ${e.message}.`,
          );
        }
        throw e;
      }
    },
  },
};
