import { resilientPool } from '@atelier/database';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ERRORS, MemoryLocker, type Lock, type Locker, type RequestRelease } from '@tus/server';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

/** How long a request waits for an upload another request is writing, before tus answers 500 (the client retries). */
const WAIT_MS = 30_000;
const POLL_MS = 150;

/**
 * One writer per upload across every API node. A phone on a flaky network may retry a PATCH that
 * a load balancer sends to another node while the first node is still storing the previous one; the
 * tus store must not see two writers. Each lock is a PostgreSQL session advisory lock on the upload
 * id, held on a dedicated connection for the length of the request (released with it, even if this
 * node dies). Inside one node the tus memory locker goes first, so a newer request can ask an older
 * one on the same node to let go.
 */
@Injectable()
export class UploadLockRepository implements Locker, OnApplicationShutdown {
  private readonly local = new MemoryLocker({ acquireLockTimeout: WAIT_MS });
  private readonly pool: pg.Pool;
  private readonly log = new Logger('UploadLocks');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A held lock's connection that dies (PostgreSQL restarting) ends its session and so its lock; the
    // error is logged, never thrown: the request's next statement fails and the client retries.
    this.pool = resilientPool(
      { connectionString: config.databaseUrl, max: 20, application_name: 'atelier-upload-locks' },
      (e) => this.log.warn(`Upload lock connection lost: ${e.message}`),
    );
  }

  newLock(id: string): Lock {
    return new PgUploadLock(id, this.local.newLock(id), this.pool);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

class PgUploadLock implements Lock {
  private client: pg.PoolClient | null = null;

  constructor(
    private readonly id: string,
    private readonly local: Lock,
    private readonly pool: pg.Pool,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    await this.local.lock(signal, requestRelease);
    try {
      const client = await this.pool.connect();
      const deadline = Date.now() + WAIT_MS;
      try {
        for (;;) {
          const { rows } = await client.query<{ ok: boolean }>(
            `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`,
            [this.id],
          );
          if (rows[0]?.ok) break;
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- @tus/server answers its own ERRORS objects ({status_code, body})
          if (signal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      } catch (e) {
        client.release();
        throw e;
      }
      this.client = client;
    } catch (e) {
      await this.local.unlock();
      throw e;
    }
  }

  async unlock(): Promise<void> {
    const client = this.client;
    this.client = null;
    try {
      if (client) {
        // A connection whose unlock failed is destroyed, which ends its session and so its locks.
        await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [this.id]).then(
          () => client.release(),
          (e: Error) => client.release(e),
        );
      }
    } finally {
      await this.local.unlock();
    }
  }
}
