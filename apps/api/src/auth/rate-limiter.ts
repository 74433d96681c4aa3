import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';

interface Window {
  startedAt: number;
  count: number;
}

/** Above this many tracked keys, expired windows are swept, then the oldest keys dropped. */
const MAX_KEYS = 50_000;

/**
 * A fixed-window counter per key (e.g. "login:203.0.113.7"), held in this process's memory. The
 * per-account lockout lives in the database, so it holds across API nodes; this limiter only slows
 * down one address hammering one node.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  /** Seconds to wait before `key` may try again (0 when it may), without counting an attempt. */
  wait(key: string, limit: number, windowSeconds: number): number {
    const now = this.clock.now().getTime();
    const w = this.windows.get(key);
    if (!w || now - w.startedAt >= windowSeconds * 1000 || w.count < limit) return 0;
    return Math.max(1, Math.ceil((w.startedAt + windowSeconds * 1000 - now) / 1000));
  }

  /** Counts one attempt; returns the seconds to wait when the key is now over its limit, else 0. */
  hit(key: string, limit: number, windowSeconds: number): number {
    const now = this.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= windowMs) {
      this.windows.delete(key); // re-inserted last: the map stays ordered oldest window first
      w = { startedAt: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > MAX_KEYS) this.shrink(now, windowMs);
    }
    w.count++;
    return w.count > limit ? Math.ceil((w.startedAt + windowMs - now) / 1000) : 0;
  }

  /** Gives back one counted attempt (it succeeded): only failures should use up the window. */
  forgive(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  /** Called only when a new key pushes the map past its bound: drops expired windows, then the oldest. */
  private shrink(now: number, windowMs: number): void {
    for (const [key, w] of this.windows) {
      if (this.windows.size <= MAX_KEYS * 0.9) break;
      if (now - w.startedAt >= windowMs || this.windows.size > MAX_KEYS) this.windows.delete(key);
    }
  }
}
