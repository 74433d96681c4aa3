import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a clip's processing or a render waits for ('storage' while the object store is unreachable),
 * kept on the row rather than only announced: a page reloaded during a storage outage, or served by
 * another API node, still says "waiting for storage" instead of a bare progress bar. NULL otherwise.
 */
export class AddWaitingFor1765200000000 implements MigrationInterface {
  name = 'AddWaitingFor1765200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['clips', 'renders'])
      await q.query(`ALTER TABLE ${table} ADD COLUMN waiting_for text CHECK (waiting_for IN ('storage'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['clips', 'renders']) await q.query(`ALTER TABLE ${table} DROP COLUMN waiting_for`);
  }
}
