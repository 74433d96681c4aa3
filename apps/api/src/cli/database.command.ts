import { dataSourceOptions, runMigrations, schemaVersion } from '@atelier/database';
import { DataSource } from 'typeorm';
import type { CliCommand } from './cli-command.js';

export const databaseCommands: Record<string, CliCommand> = {
  migrate: {
    summary: 'apply pending database migrations and exit; prints the schema version (run it before starting new API nodes)',
    needs: 'config',
    flags: {},
    async run(ctx) {
      const db = new DataSource(dataSourceOptions(ctx.config.databaseUrl));
      await db.initialize();
      try {
        const applied = await runMigrations(db);
        ctx.out(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.');
        ctx.out(`Schema version: ${(await schemaVersion(db)) ?? 'none'}`);
      } finally {
        await db.destroy();
      }
    },
  },
};
