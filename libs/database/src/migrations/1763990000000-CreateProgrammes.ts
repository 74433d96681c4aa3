import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProgrammes1763990000000 implements MigrationInterface {
  name = 'CreateProgrammes1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programmes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('video_course','workshop_series','pathway')),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        languages text[] NOT NULL DEFAULT '{}',
        place text NOT NULL DEFAULT '',
        capacity int CHECK (capacity IS NULL OR capacity > 0),
        required_attendance_rate int NOT NULL DEFAULT 80 CHECK (required_attendance_rate BETWEEN 0 AND 100),
        contribution_asked boolean NOT NULL DEFAULT false,
        late_weight numeric(3,2) NOT NULL DEFAULT 0.5 CHECK (late_weight BETWEEN 0 AND 1),
        late_grace_minutes int NOT NULL DEFAULT 10 CHECK (late_grace_minutes BETWEEN 0 AND 240),
        auto_excuse boolean NOT NULL DEFAULT false,
        alert_after_misses int NOT NULL DEFAULT 2 CHECK (alert_after_misses BETWEEN 1 AND 50),
        retention_months int CHECK (retention_months IS NULL OR retention_months > 0),
        join_code text NOT NULL UNIQUE,
        calendar_key text NOT NULL UNIQUE,
        check_in_secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX programmes_org_idx ON programmes (organisation_id)`);
    await q.query(`
      CREATE TABLE programme_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        title text NOT NULL DEFAULT '',
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        place text NOT NULL DEFAULT '',
        required boolean NOT NULL DEFAULT false,
        step text CHECK (step IS NULL OR step IN ('information_session','training_day','charter_signed','supervision','evaluation')),
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX programme_sessions_programme_idx ON programme_sessions (programme_id, starts_at)`);
    await q.query(`CREATE INDEX programme_sessions_starts_idx ON programme_sessions (starts_at)`);
    await q.query(`
      CREATE TABLE enrolments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('invited','waiting','enrolled','completed','withdrawn')),
        waiting_since timestamptz,
        contribution text NOT NULL DEFAULT 'not_asked' CHECK (contribution IN ('not_asked','unpaid','paid','waived')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (programme_id, participant_id)
      )`);
    await q.query(`CREATE INDEX enrolments_participant_idx ON enrolments (participant_id)`);
    await q.query(`
      CREATE TABLE pathway_steps (
        enrolment_id uuid NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
        step text NOT NULL CHECK (step IN ('information_session','training_day','charter_signed','supervision','evaluation')),
        completed_on date NOT NULL,
        note text NOT NULL DEFAULT '',
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (enrolment_id, step)
      )`);
    await q.query(`
      CREATE TABLE attendance_marks (
        session_id uuid NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('present','late','excused','absent')),
        source text NOT NULL CHECK (source IN ('trainer','check_in','absence')),
        marked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        marked_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, participant_id)
      )`);
    await q.query(`CREATE INDEX attendance_marks_participant_idx ON attendance_marks (participant_id)`);
    // Every write to a mark, kept: who set what, when (the mark itself is last-write-wins).
    await q.query(`
      CREATE TABLE attendance_mark_history (
        id bigserial PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text,
        source text NOT NULL,
        marked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        marked_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX attendance_mark_history_idx ON attendance_mark_history (session_id, participant_id)`);
    await q.query(`
      CREATE TABLE absence_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN ('illness','work','family','papers','other')),
        status text NOT NULL CHECK (status IN ('pending','confirmed','declined')),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decided_at timestamptz,
        UNIQUE (session_id, participant_id)
      )`);
    await q.query(`
      CREATE TABLE attendance_alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN ('misses_in_a_row','below_required_rate')),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    // At most one unread alert per person, programme and reason.
    await q.query(
      `CREATE UNIQUE INDEX attendance_alerts_open_idx ON attendance_alerts (programme_id, participant_id, reason) WHERE read_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'attendance_alerts',
      'absence_notices',
      'attendance_mark_history',
      'attendance_marks',
      'pathway_steps',
      'enrolments',
      'programme_sessions',
      'programmes',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
