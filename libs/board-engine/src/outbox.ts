import { ErrorCode } from '@atelier/contracts';

/**
 * Client side: when a device's queued ops go to the server. The server allows a socket a burst of
 * 40 messages refilled at 5 per second (joins count too); the outbox stays under it with a smaller
 * burst and rate, so replaying a long queue after a reconnect is paced instead of refused.
 */
export const OUTBOX_BURST = 20;
export const OUTBOX_PER_SECOND = 4;
/** Backoff after a refusal that says "later": 1 s, 2 s, 4 s … at most this. */
export const OUTBOX_MAX_BACKOFF_MS = 30_000;

/** Refusals that are about the moment, not the op: the op stays queued and goes again later. */
const TRANSIENT = new Set<string>([ErrorCode.RateLimited, ErrorCode.Internal, ErrorCode.ServiceUnavailable]);

interface Entry {
  opId: string;
  inFlight: boolean;
  attempts: number;
  /** Not sent again before this time (epoch ms). */
  notBefore: number;
}

/**
 * The send order and pacing of a device's pending ops (their contents live with the caller). Ops go
 * in the order they were added; an op waiting for its backoff holds back the ones after it, so a
 * card is never edited on the server before it was added. Pure: the caller gives the time and does
 * the sending.
 */
export class Outbox {
  private readonly entries = new Map<string, Entry>();
  private tokens: number;
  private at: number;

  constructor(
    now: number,
    private readonly burst = OUTBOX_BURST,
    private readonly perSecond = OUTBOX_PER_SECOND,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  add(opId: string): void {
    if (!this.entries.has(opId)) this.entries.set(opId, { opId, inFlight: false, attempts: 0, notBefore: 0 });
  }

  has(opId: string): boolean {
    return this.entries.has(opId);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The connection dropped: nothing is in flight any more, everything goes again after the next join. */
  disconnected(): void {
    for (const e of this.entries.values()) e.inFlight = false;
  }

  /** The op ids to send now, in order, within the pace; they are in flight until answered. */
  due(now: number): string[] {
    this.refill(now);
    const out: string[] = [];
    for (const e of this.entries.values()) {
      if (e.inFlight) continue;
      if (e.notBefore > now || this.tokens < 1) break;
      this.tokens -= 1;
      e.inFlight = true;
      out.push(e.opId);
    }
    return out;
  }

  /** Milliseconds until `due` can give something (0: now), or null when nothing waits to be sent. */
  wakeIn(now: number): number | null {
    this.refill(now);
    const next = [...this.entries.values()].find((e) => !e.inFlight);
    if (!next) return null;
    const forToken = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
    return Math.max(forToken, next.notBefore - now, 0);
  }

  /** The server took the op (its seq is in the ack): it leaves the outbox. */
  accepted(opId: string): void {
    this.entries.delete(opId);
  }

  /**
   * The server refused the op. `retry`: it stays and goes again after a backoff (longer each time,
   * at least the server's `retryAfterSeconds`); `drop`: the refusal is final (forbidden, invalid…)
   * and the person should be told.
   */
  refused(opId: string, code: string, now: number, retryAfterSeconds?: unknown): 'retry' | 'drop' {
    const e = this.entries.get(opId);
    if (!e) return 'drop';
    if (!TRANSIENT.has(code)) {
      this.entries.delete(opId);
      return 'drop';
    }
    e.inFlight = false;
    e.attempts += 1;
    const backoff = Math.min(OUTBOX_MAX_BACKOFF_MS, 1000 * 2 ** (e.attempts - 1));
    const server = typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
    e.notBefore = now + Math.max(backoff, server);
    // The server's bucket is empty: so is ours, whatever we thought.
    if (code === ErrorCode.RateLimited) this.tokens = Math.min(this.tokens, 0);
    return 'retry';
  }

  /** Drop an op without an answer (it was confirmed another way). */
  remove(opId: string): void {
    this.entries.delete(opId);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
  }
}
