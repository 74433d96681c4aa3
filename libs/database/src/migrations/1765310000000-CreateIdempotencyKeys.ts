import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first answer to each request a phone sent with an `Idempotency-Key`, per person, so an action
 * queued offline and sent again (the answer was lost on the way back) is applied once and answered
 * the same way. A row without `status` is a request still being answered. Rows older than a day are
 * deleted by the next request of the same person.
 */
export class CreateIdempotencyKeys1765310000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key text NOT NULL,
        request text NOT NULL,
        status int,
        body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
