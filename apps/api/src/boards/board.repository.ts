import { Role, type BoardOp, type BoardSummary, type BoardTemplate } from '@atelier/contracts';
import { boardStateFromJson, type Actor, type BoardState } from '@atelier/board-engine';
import { changedRows, type SqlRunner } from '@atelier/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface BoardRow {
  id: string;
  organisation_id: string;
  session_id: string | null;
  title: string;
  template: BoardTemplate;
  code: string;
  status: 'open' | 'closed';
  facilitator_id: string;
  seq: string;
  created_at: Date;
}

export interface BoardRecord extends BoardSummary {
  organisationId: string;
}

/** One entry of the op log, with what the reducer needs to replay it exactly. */
export interface LoggedOp {
  seq: number;
  opId: string;
  actor: Actor;
  now: number;
  op: BoardOp;
  /** For `facilitator.hand`: the new facilitator as the server found them. */
  handTo?: { id: string; name: string };
}

/** The database refused an op's data (SQLSTATE class 22, e.g. a NUL in jsonb): this op can never be stored. */
export class UnstorableOp extends Error {}

export interface StoredSnapshot {
  seq: number;
  state: BoardState;
}

/** The statements allowed while a board's row is locked (one op being decided and appended). */
export interface LockedBoard {
  /** The board's seq at the moment of the lock: the authority. */
  readonly seq: number;
  readonly status: 'open' | 'closed';
  /** Ops already logged with the ids given to `withLock` (retries), by op id. */
  readonly logged: Map<string, { seq: number; actorId: string }>;
  opsAfter(seq: number): Promise<LoggedOp[]>;
  /** Appends consecutive ops (seq + 1, seq + 2, …) and moves the board's seq to the last. */
  append(entries: LoggedOp[]): Promise<void>;
  snapshot(seq: number, state: BoardState): Promise<void>;
}

const SUMMARY = `id, organisation_id, session_id, title, template, code, status, facilitator_id, seq, created_at`;

function toRecord(r: BoardRow): BoardRecord {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    sessionId: r.session_id,
    title: r.title,
    template: r.template,
    code: r.code,
    status: r.status,
    facilitatorId: r.facilitator_id,
    seq: Number(r.seq),
    createdAt: r.created_at.toISOString(),
  };
}

interface OpRow {
  seq: string;
  op_id: string;
  op: { actor: Actor; now: number; op: BoardOp; handTo?: { id: string; name: string } };
}

function toLogged(r: OpRow): LoggedOp {
  const logged: LoggedOp = { seq: Number(r.seq), opId: r.op_id, actor: r.op.actor, now: r.op.now, op: r.op.op };
  if (r.op.handTo) logged.handTo = r.op.handTo;
  return logged;
}

function opRow(e: LoggedOp): { seq: number; op_id: string; actor_id: string; op: OpRow['op']; at: number } {
  const op: OpRow['op'] = { actor: e.actor, now: e.now, op: e.op };
  if (e.handTo) op.handTo = e.handTo;
  return { seq: e.seq, op_id: e.opId, actor_id: e.actor.id, op, at: e.now };
}

/**
 * The one op-append statement (both the fast path and the locked path use it): moves the board's seq
 * from $5 to $3 and inserts the entries, only if the board is open and still at $5 — otherwise
 * nothing changes and `appended` is 0.
 */
const APPEND_AT = `WITH moved AS (
     UPDATE boards SET seq = $3, updated_at = $4 WHERE id = $1 AND seq = $5 AND status = 'open' RETURNING id
   ), appended AS (
     INSERT INTO board_ops (board_id, seq, op_id, actor_id, op, created_at)
     SELECT m.id, e.seq, e.op_id, e.actor_id, e.op, to_timestamp(e.at / 1000.0)
       FROM moved m, jsonb_to_recordset($2::jsonb) AS e(seq bigint, op_id text, actor_id uuid, op jsonb, at double precision)
     RETURNING 1
   )
   SELECT (SELECT count(*) FROM appended)::int AS appended`;

type Run = (sql: string, params: unknown[]) => Promise<Array<{ appended: number }>>;

/** Appends consecutive entries after `expectedSeq` with APPEND_AT; true when all were appended. */
async function appendAt(run: Run, boardId: string, expectedSeq: number, entries: LoggedOp[]): Promise<boolean> {
  if (entries.length === 0) throw new Error('an append needs at least one entry');
  entries.forEach((e, i) => {
    if (e.seq !== expectedSeq + 1 + i)
      throw new Error(`board ${boardId}: append seq ${e.seq} after ${expectedSeq + i}`);
  });
  const last = entries[entries.length - 1]!;
  try {
    const [row] = await run(APPEND_AT, [
      boardId,
      JSON.stringify(entries.map(opRow)),
      last.seq,
      new Date(last.now),
      expectedSeq,
    ]);
    return row?.appended === entries.length;
  } catch (e) {
    if (String((e as { code?: unknown }).code).startsWith('22')) throw new UnstorableOp((e as Error).message);
    throw e;
  }
}

const UNIQUE_VIOLATION = '23505';

/** Snapshots kept per board (older ones are pruned when a new one is written). */
const SNAPSHOTS_KEPT = 2;

/** Boards, their op log and snapshots, in PostgreSQL. */
@Injectable()
export class BoardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One statement on the board's hot path, straight through the driver's pg pool: TypeORM's
   * `DataSource.query` builds a query runner per call (connect, logger, subscriber broadcast,
   * release), measurable CPU at 180 ops/s. Named, so each pooled connection parses and plans it
   * once (a prepared statement) instead of on every op. Falls back to TypeORM when the driver has no
   * pg pool.
   */
  private async hot<T>(name: string, sql: string, params: unknown[]): Promise<T[]> {
    const pool = (this.db.driver as { master?: { query?: unknown } }).master;
    if (pool && typeof pool.query === 'function') {
      return (
        await (pool as { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> }).query({
          name,
          text: sql,
          values: params,
        })
      ).rows;
    }
    return (await this.db.query(sql, params)) as T[];
  }

  async create(b: {
    organisationId: string;
    sessionId: string | null;
    code: string;
    createdBy: string;
    state: BoardState;
  }): Promise<BoardRecord> {
    return this.db.transaction(async (tx) => {
      const [row] = (await tx.query(
        `INSERT INTO boards (id, organisation_id, session_id, title, template, code, created_by, facilitator_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SUMMARY}`,
        [
          b.state.id,
          b.organisationId,
          b.sessionId,
          b.state.title,
          b.state.template,
          b.code,
          b.createdBy,
          b.state.facilitator.id,
        ],
      )) as BoardRow[];
      await tx.query(`INSERT INTO board_snapshots (board_id, seq, state) VALUES ($1, 0, $2)`, [b.state.id, b.state]);
      return toRecord(row!);
    });
  }

  async codeTaken(organisationId: string, code: string): Promise<boolean> {
    const rows = (await this.db.query(
      `SELECT 1 FROM boards WHERE organisation_id = $1 AND code = $2 AND status = 'open'`,
      [organisationId, code],
    )) as unknown[];
    return rows.length > 0;
  }

  async sessionInOrganisation(sessionId: string, organisationId: string): Promise<boolean> {
    const rows = (await this.db.query(
      `SELECT 1 FROM programme_sessions s JOIN programmes p ON p.id = s.programme_id WHERE s.id = $1 AND p.organisation_id = $2`,
      [sessionId, organisationId],
    )) as unknown[];
    return rows.length > 0;
  }

  async find(id: string, organisationId: string): Promise<BoardRecord | null> {
    const rows = (await this.db.query(`SELECT ${SUMMARY} FROM boards WHERE id = $1 AND organisation_id = $2`, [
      id,
      organisationId,
    ])) as BoardRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findOpenByCode(organisationId: string, code: string): Promise<BoardRecord | null> {
    const rows = (await this.db.query(
      `SELECT ${SUMMARY} FROM boards WHERE organisation_id = $1 AND code = $2 AND status = 'open'`,
      [organisationId, code],
    )) as BoardRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(organisationId: string, filter: { sessionId?: string; openOnly?: boolean }): Promise<BoardRecord[]> {
    const params: unknown[] = [organisationId];
    let where = `organisation_id = $1`;
    if (filter.sessionId) {
      params.push(filter.sessionId);
      where += ` AND session_id = $${params.length}`;
    }
    if (filter.openOnly) where += ` AND status = 'open'`;
    const rows = (await this.db.query(
      `SELECT ${SUMMARY} FROM boards WHERE ${where} ORDER BY created_at DESC LIMIT 200`,
      params,
    )) as BoardRow[];
    return rows.map(toRecord);
  }

  /** Open boards attached to sessions of programmes the participant is enrolled in, for their home screen. */
  async listOpenForParticipant(organisationId: string, participantId: string): Promise<BoardRecord[]> {
    const rows = (await this.db.query(
      `SELECT ${SUMMARY.split(', ')
        .map((c) => `b.${c}`)
        .join(', ')}
         FROM boards b
         JOIN programme_sessions s ON s.id = b.session_id
         JOIN enrolments e ON e.programme_id = s.programme_id AND e.participant_id = $2 AND e.status IN ('enrolled', 'completed')
        WHERE b.organisation_id = $1 AND b.status = 'open'
        ORDER BY b.created_at DESC LIMIT 50`,
      [organisationId, participantId],
    )) as BoardRow[];
    return rows.map(toRecord);
  }

  async setStatus(id: string, organisationId: string, status: 'open' | 'closed'): Promise<BoardRecord | null> {
    const rows = await changedRows<BoardRow>(
      this.db,
      `UPDATE boards SET status = $3, updated_at = now() WHERE id = $1 AND organisation_id = $2 RETURNING ${SUMMARY}`,
      [id, organisationId, status],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async currentSeq(boardId: string): Promise<number | null> {
    const rows = (await this.db.query(`SELECT seq FROM boards WHERE id = $1`, [boardId])) as Array<{ seq: string }>;
    return rows[0] ? Number(rows[0].seq) : null;
  }

  async latestSnapshot(boardId: string): Promise<StoredSnapshot | null> {
    const rows = (await this.db.query(
      `SELECT seq, state FROM board_snapshots WHERE board_id = $1 ORDER BY seq DESC LIMIT 1`,
      [boardId],
    )) as Array<{ seq: string; state: BoardState }>;
    return rows[0] ? { seq: Number(rows[0].seq), state: boardStateFromJson(rows[0].state) } : null;
  }

  async opsAfter(boardId: string, seq: number, runner: SqlRunner = this.db): Promise<LoggedOp[]> {
    const rows = (await runner.query(
      `SELECT seq, op_id, op FROM board_ops WHERE board_id = $1 AND seq > $2 ORDER BY seq`,
      [boardId, seq],
    )) as OpRow[];
    return rows.map(toLogged);
  }

  /**
   * Runs `decide` while holding the board row's lock (SELECT … FOR UPDATE): every API node
   * serialises its ops on a board here, so seq numbers have no gaps and no duplicates. Whatever
   * `decide` appends commits together with the new seq, or not at all.
   */
  async withLock<T>(boardId: string, opIds: string[], decide: (board: LockedBoard) => Promise<T>): Promise<T | null> {
    return this.db.transaction(async (tx) => {
      // One round trip: the lock, the seq, and the ops of this batch already logged (retries).
      const [row] = (await tx.query(
        `SELECT b.seq, b.status,
                (SELECT coalesce(jsonb_agg(jsonb_build_object('opId', o.op_id, 'seq', o.seq, 'actorId', o.actor_id)), '[]'::jsonb)
                   FROM board_ops o WHERE o.board_id = b.id AND o.op_id = ANY($2::text[])) AS logged
           FROM boards b WHERE b.id = $1 FOR UPDATE OF b`,
        [boardId, opIds],
      )) as Array<{
        seq: string;
        status: 'open' | 'closed';
        logged: Array<{ opId: string; seq: number; actorId: string }>;
      }>;
      if (!row) return null;
      let seq = Number(row.seq);
      const locked: LockedBoard = {
        seq,
        status: row.status,
        logged: new Map(row.logged.map((l) => [l.opId, { seq: Number(l.seq), actorId: l.actorId }])),
        opsAfter: (after) => this.opsAfter(boardId, after, tx),
        append: async (entries) => {
          if (entries.length === 0) return;
          const run: Run = (sql, params) => tx.query(sql, params) as Promise<Array<{ appended: number }>>;
          if (!(await appendAt(run, boardId, seq, entries)))
            throw new Error(`board ${boardId}: locked append at ${seq} refused`);
          seq = entries[entries.length - 1]!.seq;
        },
        snapshot: (at, state) => this.snapshot(boardId, at, state, tx),
      };
      return decide(locked);
    });
  }

  /**
   * The fast path of an append: one autocommitted statement that moves the board's seq from
   * `expectedSeq` to the last entry's and inserts the entries, only if the board is still open and
   * still at `expectedSeq` (no other node appended since this node last looked). Returns false, having
   * changed nothing, when the board moved on or closed, or when one of the op ids was already logged
   * (the unique key refuses the whole statement): the caller then decides again under `withLock`.
   * One round trip instead of the four of a transaction, and no row lock held while Node decides.
   */
  async appendIfAt(boardId: string, expectedSeq: number, entries: LoggedOp[]): Promise<boolean> {
    try {
      return await appendAt(
        (sql, params) => this.hot('atelier_board_append_if_at', sql, params),
        boardId,
        expectedSeq,
        entries,
      );
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw e;
    }
  }

  /**
   * Saves the board's state at `seq` (idempotent) and prunes older snapshots. A snapshot only
   * shortens loading, so it may be written after the ops it covers committed, outside their lock.
   */
  async snapshot(boardId: string, seq: number, state: BoardState, runner: SqlRunner = this.db): Promise<void> {
    await runner.query(
      `INSERT INTO board_snapshots (board_id, seq, state) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [boardId, seq, state],
    );
    await runner.query(
      `DELETE FROM board_snapshots WHERE board_id = $1 AND seq < (SELECT min(seq) FROM (SELECT seq FROM board_snapshots WHERE board_id = $1 ORDER BY seq DESC LIMIT $2) kept)`,
      [boardId, SNAPSHOTS_KEPT],
    );
  }

  async addPhoto(p: {
    boardId: string;
    uploadedBy: string;
    objectKey: string;
    contentType: string;
    size: number;
  }): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO board_photos (board_id, uploaded_by, object_key, content_type, size_bytes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [p.boardId, p.uploadedBy, p.objectKey, p.contentType, p.size],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  async photo(
    boardId: string,
    photoId: string,
  ): Promise<{ objectKey: string; contentType: string; uploadedBy: string } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(photoId)) return null;
    const rows = (await this.db.query(
      `SELECT object_key, content_type, uploaded_by FROM board_photos WHERE id = $1 AND board_id = $2`,
      [photoId, boardId],
    )) as Array<{
      object_key: string;
      content_type: string;
      uploaded_by: string;
    }>;
    return rows[0]
      ? { objectKey: rows[0].object_key, contentType: rows[0].content_type, uploadedBy: rows[0].uploaded_by }
      : null;
  }

  /** Name and role of someone in the organisation (actors' names, the new facilitator's). */
  async member(organisationId: string, userId: string): Promise<{ displayName: string; role: Role } | null> {
    const rows = (await this.db.query(
      `SELECT u.display_name, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 AND m.user_id = $2`,
      [organisationId, userId],
    )) as Array<{ display_name: string; role: Role }>;
    return rows[0] ? { displayName: rows[0].display_name, role: rows[0].role } : null;
  }
}
