import { changedRows } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How long the first answer to an `Idempotency-Key` is remembered. */
export const IDEMPOTENCY_KEEP_HOURS = 24;

/** What was remembered for a key: the request it named and, once answered, the answer. */
export interface RememberedRequest {
  request: string;
  status: number | null;
  body: unknown;
}

/**
 * The table `idempotency_keys`: one row per person and key. Claiming is one atomic insert, so two
 * copies of a request arriving on two API nodes at once cannot both run.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims the key for this request; false when it is already claimed (answered or under way).
   * The person's keys older than `IDEMPOTENCY_KEEP_HOURS` are deleted first, so the claim of a key
   * that expired succeeds again and the table stays small.
   */
  async claim(userId: string, key: string, request: string, now: Date): Promise<boolean> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < $2::timestamptz - make_interval(hours => $3)`,
      [userId, now, IDEMPOTENCY_KEEP_HOURS],
    );
    const rows = (await this.db.query(
      `INSERT INTO idempotency_keys (user_id, key, request, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      [userId, key, request, now],
    )) as unknown[];
    return rows.length === 1;
  }

  async find(userId: string, key: string): Promise<RememberedRequest | null> {
    const [row] = (await this.db.query(
      `SELECT request, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    )) as Array<{ request: string; status: number | null; body: { value: unknown } | null }>;
    return row ? { request: row.request, status: row.status, body: row.body?.value } : null;
  }

  /** Keeps the answer (the body wrapped, so `null` and plain strings survive jsonb). */
  async answer(userId: string, key: string, status: number, body: unknown): Promise<void> {
    await changedRows(
      this.db,
      `UPDATE idempotency_keys SET status = $3, body = $4 WHERE user_id = $1 AND key = $2 RETURNING key`,
      [userId, key, status, JSON.stringify({ value: body ?? null })],
    );
  }

  /** Forgets a claim whose request failed on our side (5xx): sending it again runs it again. */
  async release(userId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status IS NULL`, [
      userId,
      key,
    ]);
  }
}
