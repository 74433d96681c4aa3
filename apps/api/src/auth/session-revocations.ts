import { Injectable } from '@nestjs/common';

/**
 * Says "sessions were just revoked on this node" (a sign-out, a device removed by a trainer, a staff
 * member removed) to whoever keeps something open on a session's behalf — the realtime sockets —
 * so they re-check at once instead of at their next periodic check. Other API nodes still find out
 * at their periodic check (`REALTIME_SESSION_CHECK_SECONDS`).
 */
@Injectable()
export class SessionRevocations {
  private readonly listeners = new Set<() => void>();

  /** Calls `listener` after each revocation; returns the way to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call after the revocation committed. */
  revoked(): void {
    for (const listener of this.listeners) listener();
  }
}
