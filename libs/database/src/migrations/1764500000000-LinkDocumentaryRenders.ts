import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A documentary's film is either a ready clip of its project (a finished edit uploaded) or a ready
 * render of its timeline. `documentaries.render_id` existed without a foreign key (renders came
 * later): it now references `renders` (a deleted render leaves the documentary without a film, as a
 * deleted clip does), and a CHECK keeps at most one of the two sources set. Values that would break
 * either (a render id pointing nowhere; both set, where the clip was the only one ever used) are
 * cleared first.
 */
export class LinkDocumentaryRenders1764500000000 implements MigrationInterface {
  name = 'LinkDocumentaryRenders1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE documentaries d SET render_id = NULL WHERE render_id IS NOT NULL AND (video_clip_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM renders r WHERE r.id = d.render_id))`,
    );
    await q.query(
      `ALTER TABLE documentaries ADD CONSTRAINT documentaries_render_id_fkey FOREIGN KEY (render_id) REFERENCES renders(id) ON DELETE SET NULL`,
    );
    await q.query(
      `ALTER TABLE documentaries ADD CONSTRAINT documentaries_one_film CHECK (num_nonnulls(video_clip_id, render_id) <= 1)`,
    );
    await q.query(`CREATE INDEX documentaries_render_id_idx ON documentaries (render_id) WHERE render_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX documentaries_render_id_idx`);
    await q.query(`ALTER TABLE documentaries DROP CONSTRAINT documentaries_one_film`);
    await q.query(`ALTER TABLE documentaries DROP CONSTRAINT documentaries_render_id_fkey`);
  }
}
