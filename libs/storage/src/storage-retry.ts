import pRetry from 'p-retry';

export interface StorageRetryOptions {
  /** Stops waiting (the job was lost or cancelled). */
  signal?: AbortSignal;
  /** Told `true` when the store stopped answering and the call waits, `false` once it answered again. */
  onWaiting?: (waiting: boolean) => void;
  /** Give up after waiting this long in all (default 10 minutes: outages of minutes are ridden out). */
  maxWaitMs?: number;
  /** First wait between attempts (doubles up to `maxDelayMs`). */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  // S3 answers meaning "not now"
  'ServiceUnavailable',
  'SlowDown',
  'InternalError',
  'RequestTimeout',
  'RequestTimeTooSkewed',
]);

/** How an unreachable store reads when only the text of the error is left (minio rejects some calls with a string). */
const UNREACHABLE_TEXT =
  /socket hang up|other side closed|fetch failed|\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b/i;

/**
 * The thrown value as an Error: p-retry refuses to retry anything else ("Non-error was thrown"), and
 * minio's fPutObject rejects with the text of the error when the store cannot be reached — so a render
 * gave up on its first upload during an outage instead of waiting.
 */
function asError(e: unknown): unknown {
  return e instanceof Error ? e : new Error(String(e), { cause: e });
}

/**
 * True when a storage call failed because the store could not be reached or was overloaded — worth
 * waiting for — rather than because of the request (no such key, access denied, bad request).
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (typeof error === 'string') return UNREACHABLE_TEXT.test(error);
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNREACHABLE_TEXT.test(message)) return true;
    e = cause;
  }
  return false;
}

/**
 * Runs a storage call, waiting out an unreachable store with backoff (1 s doubling to 15 s, for up to
 * 10 minutes) instead of failing the job: a render used to survive only ~35 s of storage outage and
 * started over from 0 %. Errors that are not outages fail at once. p-retry does the waiting.
 */
export async function retryWhileStorageUnavailable<T>(call: () => Promise<T>, o: StorageRetryOptions = {}): Promise<T> {
  let waiting = false;
  try {
    const attempt = async (): Promise<T> => {
      try {
        return await call();
      } catch (e) {
        throw asError(e);
      }
    };
    return await pRetry(attempt, {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: o.firstDelayMs ?? 1000,
      maxTimeout: o.maxDelayMs ?? 15_000,
      factor: 2,
      maxRetryTime: o.maxWaitMs ?? 10 * 60_000,
      ...(o.signal ? { signal: o.signal } : {}),
      shouldRetry: ({ error }) => isStorageUnavailable(error),
      onFailedAttempt: ({ error }) => {
        if (!waiting && isStorageUnavailable(error)) {
          waiting = true;
          o.onWaiting?.(true);
        }
      },
    });
  } finally {
    if (waiting) o.onWaiting?.(false);
  }
}
