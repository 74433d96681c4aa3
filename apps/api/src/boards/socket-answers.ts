import { ErrorCode, type RealtimeAck } from '@atelier/contracts';
import { isDatabaseUnavailable } from '@atelier/database';
import { serviceUnavailable } from '../common/api-exception.filter.js';
import { DomainError } from '../common/domain-error.js';
import type { LogSink } from './board-log.js';
import { TokenBuckets } from './token-buckets.js';

/** Per socket: a burst of this many messages, refilled at OPS_PER_SECOND. */
export const OPS_BURST = 40;
export const OPS_PER_SECOND = 5;

/**
 * Answers a socket's requests: each takes a token of the socket's bucket (rate limit) before it
 * runs, and every failure becomes an error ack — a DomainError's code and message, or
 * service_unavailable while the database restarts, or internal_error (logged) — never a throw.
 */
export class SocketAnswers {
  private readonly buckets = new TokenBuckets(OPS_BURST, OPS_PER_SECOND);

  constructor(private readonly log: LogSink) {}

  async answer<T extends object>(socketId: string, task: () => Promise<T>): Promise<RealtimeAck<T>> {
    const wait = this.buckets.take(socketId);
    if (wait > 0) {
      const message = 'Too many changes at once. Wait a moment and try again.';
      return { ok: false, error: { code: ErrorCode.RateLimited, message, details: { retryAfterSeconds: wait } } };
    }
    try {
      return { ok: true, ...(await task()) };
    } catch (e) {
      if (e instanceof DomainError) return { ok: false, error: e.toBody() };
      // PostgreSQL restarting: the op was not logged; the client keeps it queued and sends it again.
      if (isDatabaseUnavailable(e)) return { ok: false, error: serviceUnavailable() };
      this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      const message = 'Something went wrong on our side. Your change was not saved; try again in a moment.';
      return { ok: false, error: { code: ErrorCode.Internal, message } };
    }
  }

  /** The socket is gone: its bucket too. */
  forget(socketId: string): void {
    this.buckets.forget(socketId);
  }
}
