import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The table `@socket.io/postgres-adapter` (REALTIME_ADAPTER=postgres) uses for messages over the
 * NOTIFY payload limit; the adapter cleans it up itself. Created here so the API never runs DDL.
 */
export class CreateSocketIoAttachments1764199990000 implements MigrationInterface {
  name = 'CreateSocketIoAttachments1764199990000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS socket_io_attachments`);
  }
}
