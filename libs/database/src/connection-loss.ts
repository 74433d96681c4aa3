import pg from 'pg';

/**
 * A lost PostgreSQL connection (a restart, a failover, a network cut) must never end the process.
 * node-postgres emits `'error'` on a client whose socket dies, and pg-pool listens only while the
 * client is idle: a client held through a request (a transaction, an upload's advisory lock, a
 * LISTEN connection) has no listener then, and an `'error'` event without a listener throws. Every
 * pool in the API and the worker therefore makes its clients with `resilientClient(…)`, whose
 * clients always listen: the error still reaches the query that was running (it rejects), the
 * pool drops the dead client when it comes back, and the next checkout connects anew.
 */
export function resilientClient(onError: (e: Error) => void): typeof pg.Client {
  return class ResilientClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', onError);
    }
  };
}

/** A pg pool whose clients and idle set both report connection errors to `onError` instead of crashing. */
export function resilientPool(config: pg.PoolConfig, onError: (e: Error) => void): pg.Pool {
  const pool = new pg.Pool({ ...config, Client: resilientClient(onError) });
  pool.on('error', onError);
  return pool;
}

/** SQLSTATEs of a server going away or not ready yet (class 08 connection exceptions, 57P0x shutdowns). */
const UNAVAILABLE_STATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'terminating connection',
  'the database system is',
];

/**
 * True when `error` means "the database could not be reached or went away" (worth retrying in a few
 * seconds) rather than a fault of the statement. TypeORM wraps driver errors (`driverError`).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message, driverError, cause } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
    e = driverError ?? cause;
  }
  return false;
}
