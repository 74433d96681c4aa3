import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The answer to "may this address try a password on this account now?". */
export type AttemptPermit = { allowed: true } | { allowed: false; lockedUntil: Date | null };

/**
 * Wrong-password counting per account and client address (table `login_throttles`). Every
 * statement is one atomic upsert or update, so parallel attempts on any number of API nodes are
 * counted exactly.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Counts one attempt BEFORE its password is checked. Refused while a lock runs, and when the
   * attempts of this round already reached `maxAttempts` (parallel attempts beyond the limit are
   * refused before any of them is checked). A lock that ran out starts a new round.
   */
  async reserve(userId: string, address: string, maxAttempts: number, now: Date): Promise<AttemptPermit> {
    const rows = (await this.db.query(
      `INSERT INTO login_throttles AS t (user_id, address, attempts, updated_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (user_id, address) DO UPDATE SET
         attempts = CASE WHEN t.locked_until > $3 THEN t.attempts
                         WHEN t.locked_until IS NOT NULL THEN 1
                         ELSE t.attempts + 1 END,
         locked_until = CASE WHEN t.locked_until > $3 THEN t.locked_until END,
         updated_at = $3
       RETURNING attempts, locked_until`,
      [userId, address, now],
    )) as Array<{ attempts: number; locked_until: Date | null }>;
    const r = rows[0]!;
    if (r.locked_until || r.attempts > maxAttempts) return { allowed: false, lockedUntil: r.locked_until };
    return { allowed: true };
  }

  /**
   * Records that a reserved attempt was wrong. Once the round's attempts reach `maxAttempts`, locks
   * the pair for `lockMinutes` doubled for every earlier lock (progressive, capped at 64×). Returns
   * the lock's end when this failure started it or one runs, else null.
   */
  async recordFailure(
    userId: string,
    address: string,
    maxAttempts: number,
    lockMinutes: number,
    now: Date,
  ): Promise<Date | null> {
    const rows = await changedRows<{ locked_until: Date | null }>(
      this.db,
      `UPDATE login_throttles SET
         locked_until = CASE WHEN attempts >= $3 AND (locked_until IS NULL OR locked_until <= $5)
                             THEN $5::timestamptz + make_interval(mins => $4::int * power(2, least(locks, 6))::int)
                             ELSE locked_until END,
         locks = CASE WHEN attempts >= $3 AND (locked_until IS NULL OR locked_until <= $5) THEN locks + 1 ELSE locks END,
         updated_at = $5
       WHERE user_id = $1 AND address = $2
       RETURNING locked_until`,
      [userId, address, maxAttempts, lockMinutes, now],
    );
    const until = rows[0]?.locked_until ?? null;
    return until && until > now ? until : null;
  }

  /** A right password from this address: its count and lock history start over. */
  async clear(userId: string, address: string): Promise<void> {
    await this.db.query(`DELETE FROM login_throttles WHERE user_id = $1 AND address = $2`, [userId, address]);
  }

  /** Lifts every lock on an account (a password reset link proves the owner). */
  async clearAccount(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM login_throttles WHERE user_id = $1`, [userId]);
  }
}
