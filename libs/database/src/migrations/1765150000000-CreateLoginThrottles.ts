import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wrong-password counting per account AND client address (OWASP): a stranger who knows a staff
 * e-mail can lock it out only from the stranger's own address, never the owner's. An attempt is
 * counted here before its password is checked (one atomic upsert), so parallel attempts cannot
 * slip past the limit; each lock lasts twice as long as the previous one from that address.
 * The account's own `failed_logins`/`locked_until` columns are no longer read.
 */
export class CreateLoginThrottles1765150000000 implements MigrationInterface {
  name = 'CreateLoginThrottles1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttles (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        address text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        locks int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, address)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttles`);
  }
}
