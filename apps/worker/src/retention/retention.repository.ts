import { reduceExpiredAttendance, resilientPool } from '@atelier/database';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@atelier/config';

/** The worker's access to attendance data: a small pool, only for the retention job. */
@Injectable()
export class RetentionRepository implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly log = new Logger('Database');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A PostgreSQL restart must not end the worker: connection errors are logged, the pool reconnects.
    this.pool = resilientPool({ connectionString: config.databaseUrl, max: 2 }, (e) =>
      this.log.warn(`PostgreSQL connection lost (retention): ${e.message}`),
    );
  }

  reduceExpired(now: Date): Promise<number> {
    return reduceExpiredAttendance(
      { query: async (sql, params) => (await this.pool.query(sql, params as unknown[])).rows },
      now,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
