import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live boards. `boards.seq` is the authority on a board's sequence: an op is appended to
 * `board_ops` with seq + 1 in the transaction that holds the board row's lock, so the log has no
 * gaps and no duplicates across API nodes. `op_id` (client-generated) is unique per board: sending
 * an op twice applies it once. Snapshots let a board load without replaying its whole log.
 */
export class CreateBoards1764200000000 implements MigrationInterface {
  name = 'CreateBoards1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE boards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        session_id uuid REFERENCES programme_sessions(id) ON DELETE SET NULL,
        title text NOT NULL,
        template text NOT NULL CHECK (template IN ('co-creation','video-storyboard','retrospective','blank')),
        code text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        facilitator_id uuid NOT NULL,
        seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX boards_open_code_key ON boards (organisation_id, code) WHERE status = 'open'`);
    await q.query(`CREATE INDEX boards_org_idx ON boards (organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX boards_session_idx ON boards (session_id) WHERE session_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE board_ops (
        board_id uuid NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        op_id text NOT NULL,
        actor_id uuid NOT NULL,
        op jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (board_id, seq),
        UNIQUE (board_id, op_id)
      )`);
    await q.query(`
      CREATE TABLE board_snapshots (
        board_id uuid NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (board_id, seq)
      )`);
    await q.query(`
      CREATE TABLE board_photos (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        board_id uuid NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        uploaded_by uuid NOT NULL,
        object_key text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX board_photos_board_idx ON board_photos (board_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE board_photos`);
    await q.query(`DROP TABLE board_snapshots`);
    await q.query(`DROP TABLE board_ops`);
    await q.query(`DROP TABLE boards`);
  }
}
