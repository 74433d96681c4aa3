import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dari (`fa-AF`), Tigrinya (`ti`) and Ukrainian (`uk`) join the languages a person and an organisation
 * can choose. The list is written out here (a migration must not change when the code's list does);
 * it is the same as `LANGUAGES` in @atelier/contracts at the time of writing.
 */
const NEW = `'fr','nl','en','ar','fa-AF','ti','uk'`;
const OLD = `'fr','nl','en','ar'`;

export class AddDariTigrinyaUkrainian1765320000000 implements MigrationInterface {
  name = 'AddDariTigrinyaUkrainian1765320000000';

  async up(q: QueryRunner): Promise<void> {
    await this.allow(q, NEW);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE users SET preferred_language = 'fr' WHERE preferred_language NOT IN (${OLD})`);
    await q.query(
      `UPDATE organisations SET languages = array_remove(array_remove(array_remove(languages, 'fa-AF'), 'ti'), 'uk')`,
    );
    await q.query(`UPDATE organisations SET default_language = languages[1] WHERE default_language NOT IN (${OLD})`);
    await this.allow(q, OLD);
  }

  private async allow(q: QueryRunner, list: string): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_preferred_language_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_preferred_language_check CHECK (preferred_language IN (${list}))`,
    );
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_default_language_check`);
    await q.query(
      `ALTER TABLE organisations ADD CONSTRAINT organisations_default_language_check CHECK (default_language IN (${list}))`,
    );
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_languages_check`);
    await q.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_languages_check
      CHECK (cardinality(languages) >= 1 AND languages <@ ARRAY[${list}]::text[] AND default_language = ANY (languages))`);
  }
}
