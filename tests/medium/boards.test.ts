import { BoardTemplate, ErrorCode, Role } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import type { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { Clock } from '../../apps/api/src/common/clock.js';
import type { BoardEventsRepository } from '../../apps/api/src/boards/board-events.repository.js';
import { BoardLiveService, SNAPSHOT_EVERY, type LiveSocket } from '../../apps/api/src/boards/board-live.service.js';
import { BoardLog } from '../../apps/api/src/boards/board-log.js';
import { BoardRepository } from '../../apps/api/src/boards/board.repository.js';
import { BoardsService } from '../../apps/api/src/boards/boards.service.js';
import { factory } from '../support/factory.js';

let db: DataSource;

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { extra: { max: 12 } }));
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
});

/** Rooms without sockets: these tests look at the op log, the acks and the patches that would be sent. */
function recordingEvents() {
  const sent: Array<{ to: string; seq: number }> = [];
  const events = {
    attach: () => undefined,
    enter: async () => undefined,
    leave: async () => undefined,
    broadcastExcept: (_: string, patch: { seq: number }) => sent.push({ to: 'room', seq: patch.seq }),
    toUser: (_: string, userId: string, patch: { seq: number }) => sent.push({ to: userId, seq: patch.seq }),
    toUserAs: (_: string, userId: string, _kind: string, patch: { seq: number }) =>
      sent.push({ to: userId, seq: patch.seq }),
    present: async () => [],
    presence: () => undefined,
  };
  return { events: events as unknown as BoardEventsRepository, sent };
}

/** One API node: its own service instance and memory cache, over the shared database. */
function node() {
  const repo = new BoardRepository(db);
  const { events, sent } = recordingEvents();
  const live = new BoardLiveService(repo, events, new Clock());
  // Object storage is not used by these tests (photos are covered end to end).
  return { repo, live, sent, boards: new BoardsService(repo, live, null as unknown as StorageRepository) };
}

async function setup(people = 3) {
  const f = factory(db);
  const org = await f.organisation();
  const trainer = await f.member(org.id, Role.Trainer, { name: 'Sara' });
  const staff: AuthUser = {
    userId: trainer.id,
    organisationId: org.id,
    role: Role.Trainer,
    sessionId: 's',
    sessionKind: 'password',
  };
  const participants: AuthUser[] = [];
  for (let i = 0; i < people; i++) {
    const p = await f.member(org.id, Role.Participant, { name: `P${i}` });
    participants.push({
      userId: p.id,
      organisationId: org.id,
      role: Role.Participant,
      sessionId: `s${i}`,
      sessionKind: 'device',
    });
  }
  return { staff, participants };
}

let socketCount = 0;
function socketOf(user: AuthUser): LiveSocket {
  return { id: `socket-${++socketCount}`, data: { user } };
}

async function joined(live: BoardLiveService, user: AuthUser, boardId: string): Promise<LiveSocket> {
  const s = socketOf(user);
  const res = await live.join(s, { boardId });
  if (!res.ok) throw new Error(`join failed: ${res.error.code}`);
  // the recording events repository does not track rooms: mark the socket as joined like the real one does
  s.data.boards = { [boardId]: user.role === Role.Participant ? 'participant' : 'staff' };
  return s;
}

const card = (n: number) => ({
  type: 'card.add' as const,
  cardId: `card-${String(n).padStart(8, '0')}`,
  zoneId: 'main',
  text: `idea ${n}`,
});

async function loggedSeqs(boardId: string): Promise<number[]> {
  const rows = (await db.query(`SELECT seq FROM board_ops WHERE board_id = $1 ORDER BY seq`, [boardId])) as Array<{
    seq: string;
  }>;
  return rows.map((r) => Number(r.seq));
}

describe('board op log', () => {
  it('applies an op sent twice with the same opId once, and answers both with the same seq', async () => {
    const { staff, participants } = await setup(1);
    const a = node();
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Idempotency' });
    const amina = await joined(a.live, participants[0]!, board.id);

    const first = await a.live.op(amina, { boardId: board.id, opId: 'op-0000000001', baseSeq: 0, op: card(1) });
    const again = await a.live.op(amina, { boardId: board.id, opId: 'op-0000000001', baseSeq: 0, op: card(1) });
    // Another node, with an empty cache, gets the retry too (the phone reconnected elsewhere).
    const other = node();
    const elsewhere = await other.live.op(await joined(other.live, participants[0]!, board.id), {
      boardId: board.id,
      opId: 'op-0000000001',
      baseSeq: 0,
      op: card(1),
    });

    // Twice at the same moment (the same batch): still one op.
    const [x, y] = await Promise.all(
      [0, 1].map(() => a.live.op(amina, { boardId: board.id, opId: 'op-0000000002', baseSeq: 1, op: card(2) })),
    );

    expect(first).toEqual({ ok: true, seq: 1 });
    expect(x).toEqual({ ok: true, seq: 2 });
    expect(y).toEqual({ ok: true, seq: 2 });
    expect(again).toEqual({ ok: true, seq: 1 });
    expect(elsewhere).toEqual({ ok: true, seq: 1 });
    expect(await loggedSeqs(board.id)).toEqual([1, 2]);
    expect((await a.live.viewFor(staff, board.id, 'staff')).cards).toHaveLength(2);
  });

  it('refuses a forbidden or malformed op with a code and message, and logs nothing', async () => {
    const { staff, participants } = await setup(1);
    const a = node();
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Refusals' });
    const amina = await joined(a.live, participants[0]!, board.id);

    const tooLong = await a.live.op(amina, {
      boardId: board.id,
      opId: 'op-0000000002',
      baseSeq: 0,
      op: { ...card(2), text: 'x'.repeat(501) },
    });
    const notFacilitator = await a.live.op(amina, {
      boardId: board.id,
      opId: 'op-0000000003',
      baseSeq: 0,
      op: { type: 'lock.set', on: true },
    });
    const malformed = await a.live.op(amina, {
      boardId: board.id,
      opId: 'op-0000000004',
      baseSeq: 0,
      op: { type: 'card.add', cardId: 1 },
    });

    expect(tooLong).toMatchObject({ ok: false, error: { code: ErrorCode.BoardCardTooLong } });
    expect(notFacilitator).toMatchObject({ ok: false, error: { code: ErrorCode.BoardNotFacilitator } });
    expect(malformed).toMatchObject({ ok: false, error: { code: ErrorCode.BoardInvalidOp } });
    expect(await loggedSeqs(board.id)).toEqual([]);
  });

  it('a NUL or half an emoji in one op of a busy batch: that op is refused with a code, the 60 others are applied', async () => {
    const { staff, participants } = await setup(3);
    const a = node();
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Poison' });
    const sockets = await Promise.all(participants.map((p) => joined(a.live, p, board.id)));
    const poisons = ['nul \u0000 here', 'half \ud83d emoji', '\udc00 low half'];
    const sent = Array.from({ length: 63 }, (_, i) => {
      const op = i % 21 === 10 ? { ...card(i), text: poisons[i % 3]! } : card(i);
      return a.live.op(sockets[i % 3]!, { boardId: board.id, opId: `op-poison-${String(i).padStart(4, '0')}`, op });
    });
    const acks = await Promise.all(sent);

    const refused = acks.filter((r) => !r.ok);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.BoardTextInvalid } });
    expect(await loggedSeqs(board.id)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect((await a.live.viewFor(staff, board.id, 'staff')).cards).toHaveLength(60);
  });

  it('an op the database refuses at write time fails alone: every other op of its batch is logged', async () => {
    const { staff } = await setup(0);
    const repo = new BoardRepository(db);
    const a = node();
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Poisoned batch' });
    const log = new BoardLog(repo, { warn: () => undefined, error: () => undefined });
    const actor = { id: staff.userId, name: 'Sara', kind: 'staff' as const };
    // Past the parser (which refuses it first): the log's own defence when the database refuses one op.
    const batch = Array.from({ length: 40 }, (_, i) => ({
      opId: `op-batch-${String(i).padStart(4, '0')}`,
      actor,
      op: i === 17 ? { ...card(i), text: 'nul \u0000' } : card(i),
    }));

    const { outcomes } = await log.decide(board.id, batch, Date.now());

    expect(outcomes[17]).toMatchObject({ code: ErrorCode.BoardTextInvalid });
    expect(outcomes.filter((o) => typeof o === 'number')).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    expect(await loggedSeqs(board.id)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
  });

  it('keeps a gap-free seq when many sockets on two nodes send ops at once, and both nodes agree', async () => {
    const { staff, participants } = await setup(12);
    const [a, b] = [node(), node()];
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Contention' });
    const sockets = await Promise.all(participants.map((p, i) => joined(i % 2 === 0 ? a.live : b.live, p, board.id)));
    const perSocket = 12;

    const acks = await Promise.all(
      sockets.flatMap((s, i) =>
        Array.from({ length: perSocket }, (_, k) =>
          (i % 2 === 0 ? a : b).live.op(s, {
            boardId: board.id,
            opId: `op-${i}-${k}-xxxxxxxx`,
            baseSeq: 0,
            op: card(i * 100 + k),
          }),
        ),
      ),
    );

    const total = sockets.length * perSocket;
    expect(acks.every((r) => r.ok)).toBe(true);
    const seqs = acks.map((r) => (r.ok ? r.seq : -1)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await loggedSeqs(board.id)).toEqual(seqs);
    // Each node sent every patch it produced in seq order; together they sent each seq once to the room.
    const roomSeqs = [...a.sent, ...b.sent]
      .filter((s) => s.to === 'room')
      .map((s) => s.seq)
      .sort((x, y) => x - y);
    expect(roomSeqs).toEqual(seqs);
    const viewA = await a.live.viewFor(staff, board.id, 'staff');
    const viewB = await b.live.viewFor(staff, board.id, 'staff');
    expect(viewA.seq).toBe(total);
    expect(viewB).toEqual(viewA);
    expect(viewA.cards).toHaveLength(total);
    // Snapshots were written on the way (after their commits), so a fresh node loads without replaying everything.
    await Promise.all([a.live.snapshotsWritten(), b.live.snapshotsWritten()]);
    const snaps = (await db.query(`SELECT seq FROM board_snapshots WHERE board_id = $1 ORDER BY seq`, [
      board.id,
    ])) as Array<{ seq: string }>;
    // (ops are committed in batches, so the snapshot is at the end of the batch that crossed 100)
    expect(snaps.map((s) => Number(s.seq))).toEqual([0, expect.any(Number)]);
    expect(Number(snaps[1]!.seq)).toBeGreaterThanOrEqual(SNAPSHOT_EVERY);
    expect(await node().live.viewFor(staff, board.id, 'staff')).toEqual(viewA);
  });

  it('appends an ordinary op in one statement, without the row lock, and falls back to the lock when it must', async () => {
    const { staff, participants } = await setup(2);
    const [a, b] = [node(), node()];
    const locks: number[] = [];
    const withLock = a.repo.withLock.bind(a.repo);
    a.repo.withLock = ((...args: Parameters<BoardRepository['withLock']>) => {
      locks.push(Date.now());
      return withLock(...args);
    }) as BoardRepository['withLock'];
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Fast path' });
    const amina = await joined(a.live, participants[0]!, board.id);
    const omar = await joined(b.live, participants[1]!, board.id);

    expect(await a.live.op(amina, { boardId: board.id, opId: 'op-fast-000001', op: card(1) })).toEqual({
      ok: true,
      seq: 1,
    });
    expect(await a.live.op(amina, { boardId: board.id, opId: 'op-fast-000002', op: card(2) })).toEqual({
      ok: true,
      seq: 2,
    });
    expect(locks).toHaveLength(0);
    // Node b appends: a's copy is now behind, its one-statement append changes nothing, and the locked path catches up.
    expect(await b.live.op(omar, { boardId: board.id, opId: 'op-fast-000003', op: card(3) })).toEqual({
      ok: true,
      seq: 3,
    });
    expect(await a.live.op(amina, { boardId: board.id, opId: 'op-fast-000004', op: card(4) })).toEqual({
      ok: true,
      seq: 4,
    });
    expect(locks).toHaveLength(1);
    // A refusal is decided under the lock (it must be against the database's board) and logs nothing.
    const edit = await a.live.op(amina, {
      boardId: board.id,
      opId: 'op-fast-000005',
      op: { type: 'card.edit', cardId: 'card-00000003', text: 'not mine' },
    });
    expect(edit.ok).toBe(false);
    expect(locks).toHaveLength(2);
    // The board closed elsewhere: the one-statement append is refused and the locked path says why.
    await b.boards.setStatus(staff, board.id, 'closed');
    expect(await a.live.op(amina, { boardId: board.id, opId: 'op-fast-000006', op: card(6) })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BoardClosed },
    });
    expect(await loggedSeqs(board.id)).toEqual([1, 2, 3, 4]);
  });

  it('answers a retry of an op older than the node remembers with its first seq, applied once', async () => {
    const { staff, participants } = await setup(1);
    const a = node();
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Old retry' });
    let locks = 0;
    const withLock = a.repo.withLock.bind(a.repo);
    a.repo.withLock = ((...args: Parameters<BoardRepository['withLock']>) => {
      locks++;
      return withLock(...args);
    }) as BoardRepository['withLock'];
    const count = SNAPSHOT_EVERY + 10;
    let amina = await joined(a.live, participants[0]!, board.id);
    for (let i = 1; i <= count; i++) {
      if (i % 30 === 0) amina = await joined(a.live, participants[0]!, board.id); // a new socket each 30 ops: under the rate limit
      // op 5 is an edit: applying it a second time would succeed, so only the op id can tell it is a retry
      const op = i === 5 ? { type: 'card.edit' as const, cardId: 'card-00000001', text: 'edited once' } : card(i);
      expect(await a.live.op(amina, { boardId: board.id, opId: `op-old-${String(i).padStart(6, '0')}`, op })).toEqual({
        ok: true,
        seq: i,
      });
    }

    // A fresh node loads the snapshot at 100 and replays the 10 after it: op 5's id is not in its memory,
    // so its one-statement append hits the unique op id, changes nothing, and the locked path finds the first answer.
    // The snapshot that fell due at 100 was written after that op's one-statement append, not under the lock.
    await a.live.snapshotsWritten();
    expect(locks).toBe(0);
    const snaps = (await db.query(`SELECT seq FROM board_snapshots WHERE board_id = $1 ORDER BY seq`, [
      board.id,
    ])) as Array<{ seq: string }>;
    expect(snaps.map((r) => Number(r.seq))).toEqual([0, SNAPSHOT_EVERY]);
    const fresh = node();
    const appends: boolean[] = [];
    const appendIfAt = fresh.repo.appendIfAt.bind(fresh.repo);
    fresh.repo.appendIfAt = async (...args: Parameters<BoardRepository['appendIfAt']>) => {
      appends.push(await appendIfAt(...args));
      return appends[appends.length - 1]!;
    };
    const again = await fresh.live.op(await joined(fresh.live, participants[0]!, board.id), {
      boardId: board.id,
      opId: 'op-old-000005',
      op: { type: 'card.edit', cardId: 'card-00000001', text: 'edited once' },
    });

    expect(again).toEqual({ ok: true, seq: 5 });
    expect(appends).toEqual([false]);
    expect(await loggedSeqs(board.id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const view = await fresh.live.viewFor(staff, board.id, 'staff');
    expect(view.cards).toHaveLength(count - 1);
    expect(view.cards.find((c) => c.id === 'card-00000001')?.text).toBe('edited once');
  });

  it('a reconnecting viewer a few ops behind gets only the patches it missed', async () => {
    const { staff, participants } = await setup(1);
    const a = node();
    const board = await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Catch-up' });
    const amina = await joined(a.live, participants[0]!, board.id);
    for (let i = 0; i < 5; i++)
      await a.live.op(amina, { boardId: board.id, opId: `op-catchup-${i}-xxxx`, baseSeq: i, op: card(i) });

    const res = await a.live.join(socketOf(staff), { boardId: board.id, lastSeq: 2 });

    expect(res.ok && res.mode).toBe('patches');
    expect(res.ok && res.mode === 'patches' && res.patches.map((p) => p.seq)).toEqual([3, 4, 5]);
  });

  it('lists for a participant only the open boards of sessions of programmes they are enrolled in', async () => {
    const { staff, participants } = await setup(2);
    const [enrolled, other] = participants as [AuthUser, AuthUser];
    const a = node();
    const tag = randomUUID();
    const [programme] = (await db.query(
      `INSERT INTO programmes (organisation_id, kind, title, join_code, calendar_key, check_in_secret) VALUES ($1, 'workshop_series', 'Series', $2, $3, 'secret') RETURNING id`,
      [staff.organisationId, `J${tag.slice(0, 8)}`, `C${tag}`],
    )) as Array<{ id: string }>;
    const [session] = (await db.query(
      `INSERT INTO programme_sessions (programme_id, starts_at, ends_at) VALUES ($1, now(), now() + interval '2 hours') RETURNING id`,
      [programme!.id],
    )) as Array<{
      id: string;
    }>;
    await db.query(`INSERT INTO enrolments (programme_id, participant_id, status) VALUES ($1, $2, 'enrolled')`, [
      programme!.id,
      enrolled.userId,
    ]);
    const onSession = await a.boards.create(staff, {
      template: BoardTemplate.CoCreation,
      title: 'Session board',
      sessionId: session!.id,
    });
    const closed = await a.boards.create(staff, {
      template: BoardTemplate.Blank,
      title: 'Closed',
      sessionId: session!.id,
    });
    await a.boards.setStatus(staff, closed.id, 'closed');
    await a.boards.create(staff, { template: BoardTemplate.Blank, title: 'Not on a session' });

    expect((await a.boards.list(enrolled)).map((b) => b.id)).toEqual([onSession.id]);
    expect(await a.boards.list(other)).toEqual([]);
    expect((await a.boards.list(staff, session!.id)).map((b) => b.title).sort()).toEqual(['Closed', 'Session board']);
  });
});
