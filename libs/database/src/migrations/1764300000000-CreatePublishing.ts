import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documentaries (one per media project), the people credited in a project, their consent (current
 * row + every change kept in a history), subtitles, notices to trainers, and a URL slug for each
 * organisation's public catalogue.
 */
export class CreatePublishing1764300000000 implements MigrationInterface {
  name = 'CreatePublishing1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Slugs are derived from the name by the database itself, so every path that creates an
    // organisation (API, demo seed, tests) gets one; a clash gets a short suffix from the id.
    await q.query(`
      CREATE FUNCTION atelier_slugify(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(nullif(trim(both '-' FROM regexp_replace(
          translate(lower(name), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa'),
          '[^a-z0-9]+', '-', 'g')), ''), 'organisation')
      $$`);
    await q.query(`ALTER TABLE organisations ADD COLUMN slug text`);
    await q.query(`
      UPDATE organisations o SET slug = CASE
        WHEN (SELECT count(*) FROM organisations p WHERE atelier_slugify(p.name) = atelier_slugify(o.name) AND p.created_at < o.created_at) = 0
        THEN atelier_slugify(o.name)
        ELSE atelier_slugify(o.name) || '-' || substr(o.id::text, 1, 6) END`);
    await q.query(`ALTER TABLE organisations ALTER COLUMN slug SET NOT NULL`);
    await q.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_slug_key UNIQUE (slug)`);
    await q.query(
      `ALTER TABLE organisations ADD CONSTRAINT organisations_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`,
    );
    await q.query(`
      CREATE FUNCTION organisations_default_slug() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.slug IS NULL THEN
          NEW.slug := atelier_slugify(NEW.name);
          IF EXISTS (SELECT 1 FROM organisations WHERE slug = NEW.slug) THEN
            NEW.slug := NEW.slug || '-' || substr(NEW.id::text, 1, 6);
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER organisations_default_slug BEFORE INSERT ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_default_slug()`,
    );

    await q.query(`
      CREATE TABLE documentaries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL UNIQUE REFERENCES media_projects(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
        language text NOT NULL,
        video_clip_id uuid REFERENCES clips(id) ON DELETE SET NULL,
        -- A future server render of the project's timeline; the clip above is used until then.
        render_id uuid,
        visibility text NOT NULL DEFAULT 'organisation' CHECK (visibility IN ('organisation','unlisted','public')),
        published boolean NOT NULL DEFAULT false,
        published_at timestamptz,
        unlisted_token text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX documentaries_catalogue_idx ON documentaries (organisation_id, published_at DESC) WHERE published AND visibility = 'public'`,
    );
    await q.query(`
      CREATE TABLE project_credits (
        project_id uuid NOT NULL REFERENCES media_projects(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        credited boolean NOT NULL DEFAULT true,
        appearing boolean NOT NULL DEFAULT true,
        position int NOT NULL DEFAULT 0,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, person_id),
        CHECK (credited OR appearing)
      )`);
    await q.query(`CREATE INDEX project_credits_person_idx ON project_credits (person_id)`);
    const choice = `
        appear_on_screen boolean NOT NULL,
        voice boolean NOT NULL,
        credit_as text NOT NULL CHECK (credit_as IN ('full_name','first_name','pseudonym','none')),
        pseudonym text CHECK (pseudonym IS NULL OR length(pseudonym) BETWEEN 1 AND 80),
        max_visibility text CHECK (max_visibility IS NULL OR max_visibility IN ('organisation','unlisted','public')),
        source text NOT NULL CHECK (source IN ('self','paper')),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        signed_on date,
        paper_form_key text,
        CHECK ((credit_as = 'pseudonym') = (pseudonym IS NOT NULL))`;
    await q.query(`
      CREATE TABLE consents (
        project_id uuid NOT NULL REFERENCES media_projects(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        ${choice},
        PRIMARY KEY (project_id, person_id)
      )`);
    await q.query(`
      CREATE TABLE consent_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES media_projects(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        ${choice}
      )`);
    await q.query(`CREATE INDEX consent_history_person_idx ON consent_history (project_id, person_id, recorded_at)`);
    await q.query(`
      CREATE TABLE documentary_subtitles (
        documentary_id uuid NOT NULL REFERENCES documentaries(id) ON DELETE CASCADE,
        language text NOT NULL,
        label text NOT NULL,
        object_key text NOT NULL,
        cue_count int NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (documentary_id, language)
      )`);
    await q.query(`
      CREATE TABLE documentary_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        documentary_id uuid NOT NULL REFERENCES documentaries(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('unpublished','visibility_lowered')),
        person_id uuid REFERENCES users(id) ON DELETE SET NULL,
        from_visibility text NOT NULL,
        to_visibility text,
        reasons text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX documentary_notices_doc_idx ON documentary_notices (documentary_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documentary_notices`);
    await q.query(`DROP TABLE documentary_subtitles`);
    await q.query(`DROP TABLE consent_history`);
    await q.query(`DROP TABLE consents`);
    await q.query(`DROP TABLE project_credits`);
    await q.query(`DROP TABLE documentaries`);
    await q.query(`DROP TRIGGER organisations_default_slug ON organisations`);
    await q.query(`DROP FUNCTION organisations_default_slug()`);
    await q.query(`ALTER TABLE organisations DROP COLUMN slug`);
    await q.query(`DROP FUNCTION atelier_slugify(text)`);
  }
}
