import { isDatabaseUnavailable, resilientPool } from '@atelier/database';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';

/**
 * A connection held outside pg-pool's idle set (a transaction, an upload's advisory lock, a LISTEN)
 * whose server session ends — what a PostgreSQL restart does to every session. node-postgres then
 * emits 'error' on the client; unheard, that is an uncaught exception that ends the API or worker.
 */
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: 1 });
const heard: Error[] = [];
const pool = resilientPool({ connectionString: process.env.DATABASE_URL!, max: 2 }, (e) => heard.push(e));

afterAll(async () => {
  await pool.end();
  await admin.end();
});

async function terminate(pid: number): Promise<void> {
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
}

describe('a held connection whose session is terminated', () => {
  it('reports the error instead of throwing it, and the pool serves the next query on a new connection', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const held = await pool.connect();
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0]!.pid);
      await new Promise((r) => setTimeout(r, 1000));

      expect(uncaught).toEqual([]);
      expect(heard.some((e) => isDatabaseUnavailable(e))).toBe(true);
      const failed = await held.query('SELECT 1').catch((e: unknown) => e);
      expect(isDatabaseUnavailable(failed)).toBe(true);
      held.release(true);

      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('keeps listening on a client through checkout and release (the case pg-pool leaves unheard)', async () => {
    const held = await pool.connect();
    expect(held.listenerCount('error')).toBeGreaterThanOrEqual(1);
    held.release();
  });
});
