import type { AppConfig } from '@atelier/config';
import { resilientPool } from '@atelier/database';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type pg from 'pg';
import { createClient } from 'redis';
import { countSocketsWith } from '../health/metrics.js';

// The socket.io copy Nest's IoAdapter uses (it may differ from the top-level one in patch version).
type Server = ReturnType<IoAdapter['createIOServer']>;
type ServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

/**
 * Largest socket frame the transport accepts; a larger one closes the connection without an answer.
 * Kept well above what any event may carry (a board op: BOARD_LIMITS.messageBytes, 64 kB), so a
 * message that is too large reaches its handler and is answered with an error ack instead.
 */
export const REALTIME_MAX_FRAME_BYTES = 1024 * 1024;

/**
 * The socket.io server of the API, with the room adapter chosen by configuration:
 * - `memory` (default): one API node;
 * - `postgres`: nodes share rooms over LISTEN/NOTIFY on the app's own database (large payloads go
 *   through the `socket_io_attachments` table, created by a migration);
 * - `redis`: Redis Streams on REDIS_URL.
 * Call `connect()` before `app.useWebSocketAdapter(...)`: the adapters need their connections first.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private pool: pg.Pool | null = null;
  private redis: ReturnType<typeof createClient> | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    if (this.config.realtimeAdapter === 'postgres') {
      // The adapter holds one client for LISTEN outside the idle set: resilientPool keeps its 'error' heard.
      this.pool = resilientPool({ connectionString: this.config.databaseUrl, max: 4 }, (e) =>
        this.log.error(`PostgreSQL adapter connection failed: ${e.message}`),
      );
      await this.pool.query('SELECT 1');
    } else if (this.config.realtimeAdapter === 'redis' && this.config.redisUrl) {
      this.redis = createClient({ url: this.config.redisUrl });
      this.redis.on('error', (e: Error) => this.log.error(`Redis adapter connection failed: ${e.message}`));
      await this.redis.connect();
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, <ServerOptions>{
      ...options,
      serveClient: false,
      maxHttpBufferSize: REALTIME_MAX_FRAME_BYTES,
      // Same origin only: no `cors` option, so no CORS headers are sent; SocketAuthService checks the Origin.
    });
    if (this.pool)
      server.adapter(
        as(
          createPostgresAdapter(releasingListenClients(this.pool), {
            errorHandler: (e) => this.log.error(`PostgreSQL adapter: ${e.message}`),
          }),
        ),
      );
    else if (this.redis) server.adapter(as(createRedisStreamsAdapter(this.redis)));
    this.log.log(`socket.io adapter: ${this.config.realtimeAdapter}`);
    countSocketsWith(() => [...server._nsps].map(([name, nsp]) => [name, nsp.sockets.size] as [string, number]));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
    if (this.redis?.isOpen) await this.redis.quit().catch(() => undefined);
    this.redis = null;
  }
}

/**
 * The pool as the PostgreSQL adapter sees it. The adapter holds one client (`pool.connect()`) for
 * LISTEN; when PostgreSQL restarts that client ends and the adapter connects a new one but never
 * releases the dead one, so each restart kept a pool slot for ever: with `max` slots, a few restarts
 * left no connection for its NOTIFYs and then none for LISTEN (rooms across API nodes silently
 * stopped). A client that ends is released here, as broken, so the pool drops it.
 */
export function releasingListenClients(pool: pg.Pool): pg.Pool {
  const connect = async (): Promise<pg.PoolClient> => {
    const client = await pool.connect();
    const release = client.release; // this checkout's own: a later checkout of the same client gets another
    client.once('end', () => {
      try {
        release(true);
      } catch {
        // released already (the adapter closed it)
      }
    });
    return client;
  };
  // Everything else is the pool's own, called on the pool (its query() calls this.connect with a callback).
  return new Proxy(pool, {
    get: (target, key) => {
      if (key === 'connect') return connect;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The adapters are typed against the top-level socket.io; Nest's copy is the same API. */
function as(factory: unknown): Parameters<Server['adapter']>[0] {
  return factory as Parameters<Server['adapter']>[0];
}
