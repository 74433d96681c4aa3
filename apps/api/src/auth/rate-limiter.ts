import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';

interface Window {
  startedAt: number;
  count: number;
}

/**
 * A fixed-window counter per key (e.g. "login:203.0.113.7"), held in this process's memory. The
 * per-account lockout lives in the database, so it holds across API nodes; this limiter only slows
 * down one address hammering one node.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  /** Counts one attempt; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string, limit: number, windowSeconds: number): number {
    const now = this.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= windowMs) {
      w = { startedAt: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (this.windows.size > 50_000) this.sweep(now, windowMs);
    return w.count > limit ? Math.ceil((w.startedAt + windowMs - now) / 1000) : 0;
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, w] of this.windows) if (now - w.startedAt >= windowMs) this.windows.delete(key);
  }
}
