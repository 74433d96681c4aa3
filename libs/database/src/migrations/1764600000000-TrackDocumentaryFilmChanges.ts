import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a documentary's film was last set or replaced (`film_changed_at`), so that people who gave
 * their consent before are told the film changed and can watch it again and change their answer.
 * A trigger keeps it, whatever path changes the film (the publishing service, a render deleted…):
 * set when a film is chosen and whenever it is replaced by another; left as is when the film is
 * removed. Existing documentaries start with NULL (unknown: nobody is told of a change).
 */
export class TrackDocumentaryFilmChanges1764600000000 implements MigrationInterface {
  name = 'TrackDocumentaryFilmChanges1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documentaries ADD COLUMN film_changed_at timestamptz`);
    await q.query(`
      CREATE FUNCTION documentaries_film_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF num_nonnulls(NEW.video_clip_id, NEW.render_id) > 0 AND (
             TG_OP = 'INSERT'
             OR NEW.video_clip_id IS DISTINCT FROM OLD.video_clip_id
             OR NEW.render_id IS DISTINCT FROM OLD.render_id) THEN
          NEW.film_changed_at := clock_timestamp();
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER documentaries_film_changed BEFORE INSERT OR UPDATE OF video_clip_id, render_id ON documentaries
        FOR EACH ROW EXECUTE FUNCTION documentaries_film_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER documentaries_film_changed ON documentaries`);
    await q.query(`DROP FUNCTION documentaries_film_changed()`);
    await q.query(`ALTER TABLE documentaries DROP COLUMN film_changed_at`);
  }
}
