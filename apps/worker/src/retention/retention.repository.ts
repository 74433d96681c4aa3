import { reduceExpiredAttendance } from '@atelier/database';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@atelier/config';

/** The worker's access to attendance data: a small pool, only for the retention job. */
@Injectable()
export class RetentionRepository implements OnApplicationShutdown {
  private readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  }

  reduceExpired(now: Date): Promise<number> {
    return reduceExpiredAttendance({ query: async (sql, params) => (await this.pool.query(sql, params as unknown[])).rows }, now);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
