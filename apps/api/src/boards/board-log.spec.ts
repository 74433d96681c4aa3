import { createBoard, type Actor, type BoardState } from '@atelier/board-engine';
import { BoardTemplate, ErrorCode, type BoardOp } from '@atelier/contracts';
import { describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as } from '../../../../tests/support/unit-fixtures.js';
import { type DomainError } from '../common/domain-error.js';
import type { OpRequest } from './board-batch.js';
import { BoardLog, type BoardLogStore, type LogSink } from './board-log.js';
import { UnstorableOp, type LockedBoard, type LoggedOp } from './board.repository.js';

const trainer: Actor = { id: '00000000-0000-4000-8000-000000000001', name: 'Sara', kind: 'staff' };
const amina: Actor = { id: '00000000-0000-4000-8000-000000000002', name: 'Amina', kind: 'participant' };
const omar: Actor = { id: '00000000-0000-4000-8000-000000000003', name: 'Omar', kind: 'participant' };
const BOARD = 'b0000000-0000-4000-8000-000000000000';
const NOW = 1_700_000_000_000;

function blank(): BoardState {
  return createBoard({
    id: BOARD,
    title: 'Ideas',
    template: BoardTemplate.Blank,
    facilitator: { id: trainer.id, name: trainer.name },
  });
}

const add = (n: number, text = `idea ${n}`): BoardOp => ({
  type: 'card.add',
  cardId: `card-${String(n).padStart(8, '0')}`,
  zoneId: 'main',
  text,
});
const request = (n: number, actor = amina, op: BoardOp = add(n)): OpRequest => ({
  opId: `op-${String(n).padStart(8, '0')}`,
  actor,
  op,
});
const logged = (seq: number, r: OpRequest): LoggedOp => ({ seq, opId: r.opId, actor: r.actor, now: NOW, op: r.op });

function newTestLog() {
  const mocks = { store: strictMock<BoardLogStore>('store'), log: strictMock<LogSink>('log') };
  return { sut: new BoardLog(as<BoardLogStore>(mocks.store), as<LogSink>(mocks.log), () => NOW), mocks };
}

/** The store holds a board at seq 0 (its snapshot) and `after` logged after it. */
function loads(mocks: ReturnType<typeof newTestLog>['mocks'], after: LoggedOp[] = []) {
  mocks.store.latestSnapshot.mockResolvedValueOnce({ seq: 0, state: blank() });
  mocks.store.opsAfter.mockResolvedValueOnce(after);
}

/** A row lock on a board at `seq`: runs the log's decision with these answers, and records what it appends. */
function lockAt(
  mocks: ReturnType<typeof newTestLog>['mocks'],
  seq: number,
  opts: { status?: 'open' | 'closed'; after?: LoggedOp[] } = {},
) {
  const appended: LoggedOp[][] = [];
  const opsAfter = jest.fn(async (_: number) => opts.after ?? []);
  mocks.store.withLock.mockImplementationOnce(async (_boardId, _opIds, decide) => {
    const locked: LockedBoard = {
      seq,
      status: opts.status ?? 'open',
      logged: new Map(),
      opsAfter,
      append: async (entries) => void appended.push(entries),
      snapshot: async () => undefined,
    };
    return decide(locked);
  });
  return { appended, opsAfter };
}

describe(BoardLog.name, () => {
  it('decides a batch on its memory copy and appends it in one statement, without the row lock', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    mocks.store.appendIfAt.mockResolvedValueOnce(true);

    const d = await sut.decide(BOARD, [request(1), request(2, omar)], NOW);

    expect(d.outcomes).toEqual([1, 2]);
    expect(d.applied.map((c) => [c.before.seq, c.after.seq, c.actorId])).toEqual([
      [0, 1, amina.id],
      [1, 2, omar.id],
    ]);
    expect(mocks.store.appendIfAt).toHaveBeenCalledWith(BOARD, 0, [logged(1, request(1)), logged(2, request(2, omar))]);
    expect(mocks.store.withLock).not.toHaveBeenCalled();
    expect(sut.cached(BOARD)?.seq).toBe(2);
  });

  it('answers a retry of an op it logged with its first seq, without the database', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    mocks.store.appendIfAt.mockResolvedValueOnce(true);
    await sut.decide(BOARD, [request(1)], NOW);

    expect(await sut.decide(BOARD, [request(1)], NOW)).toEqual({ applied: [], outcomes: [1] });
    expect(await sut.decide(BOARD, [request(1, omar)], NOW)).toMatchObject({
      applied: [],
      outcomes: [{ code: ErrorCode.BoardOpConflict }],
    });
    expect(mocks.store.appendIfAt).toHaveBeenCalledTimes(1);
  });

  it('when another node appended first, replays its ops under the lock and decides after them', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    mocks.store.appendIfAt.mockResolvedValueOnce(false);
    const theirs = logged(1, request(9, omar));
    const { appended, opsAfter } = lockAt(mocks, 1, { after: [theirs] });

    const d = await sut.decide(BOARD, [request(1)], NOW);

    expect(opsAfter).toHaveBeenCalledWith(0);
    expect(d.outcomes).toEqual([2]);
    expect(appended).toEqual([[logged(2, request(1))]]);
    // The copy moved through both: theirs (replayed), then ours (committed).
    expect(sut.cached(BOARD)?.seq).toBe(2);
    expect(sut.cached(BOARD)?.cards.size).toBe(2);
  });

  it('decides a refusal under the lock (against the database board) and appends nothing', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    const { appended } = lockAt(mocks, 0);

    const d = await sut.decide(BOARD, [request(1, amina, { type: 'phase.set', phaseId: 'main' })], NOW);

    expect(d.applied).toEqual([]);
    expect(d.outcomes).toEqual([expect.objectContaining({ code: ErrorCode.BoardNotFacilitator })]);
    expect(appended).toEqual([[]]);
  });

  it('answers every op of a batch with board_closed when the board closed, and with not found when it is gone', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    mocks.store.appendIfAt.mockResolvedValueOnce(false);
    lockAt(mocks, 0, { status: 'closed' });
    const closed = await sut.decide(BOARD, [request(1), request(2)], NOW);
    expect(closed.outcomes.map((o) => (o as DomainError).code)).toEqual([ErrorCode.BoardClosed, ErrorCode.BoardClosed]);

    mocks.store.appendIfAt.mockResolvedValueOnce(false);
    mocks.store.withLock.mockResolvedValueOnce(null);
    const gone = await sut.decide(BOARD, [request(3)], NOW);
    expect(gone.outcomes).toEqual([expect.objectContaining({ code: ErrorCode.NotFound })]);
  });

  it('reloads a copy that is ahead of the database and decides the batch again, once', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    mocks.store.appendIfAt.mockResolvedValueOnce(true);
    await sut.decide(BOARD, [request(1)], NOW); // the copy is at 1
    // The database says 0 (say, restored): the fast path cannot append, the locked path finds the copy ahead.
    mocks.store.appendIfAt.mockResolvedValueOnce(false);
    lockAt(mocks, 0);
    mocks.log.warn.mockReturnValue(undefined);
    loads(mocks);
    mocks.store.appendIfAt.mockResolvedValueOnce(true);

    const d = await sut.decide(BOARD, [request(2)], NOW);

    expect(d.outcomes).toEqual([1]);
    expect(mocks.log.warn).toHaveBeenCalledWith(expect.stringContaining('cache at 1, database at 0'));
    expect(mocks.store.latestSnapshot).toHaveBeenCalledTimes(2);
  });

  it('one op the database cannot store fails alone: the others of its batch are applied, in order', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    const batch = [request(1), request(2, amina, add(2, 'poison')), request(3), request(4, omar)];
    const poisoned = (entries: LoggedOp[]) => entries.some((e) => e.op.type === 'card.add' && e.op.text === 'poison');
    mocks.store.appendIfAt.mockImplementation(async (_id, _seq, entries) => {
      if (poisoned(entries)) throw new UnstorableOp('unsupported Unicode escape sequence');
      return true;
    });
    mocks.log.warn.mockReturnValue(undefined);

    const d = await sut.decide(BOARD, batch, NOW);

    expect(d.outcomes[0]).toBe(1);
    expect(d.outcomes[1]).toMatchObject({ code: ErrorCode.BoardTextInvalid });
    expect(d.outcomes.slice(2)).toEqual([2, 3]);
    expect(d.applied.map((c) => c.opId)).toEqual([batch[0]!.opId, batch[2]!.opId, batch[3]!.opId]);
    expect(sut.cached(BOARD)?.seq).toBe(3);
  });

  it('a database failure fails each op with its error, and leaves the copy where the database is', async () => {
    const { sut, mocks } = newTestLog();
    loads(mocks);
    mocks.store.appendIfAt.mockRejectedValue(new Error('connection terminated'));
    mocks.log.warn.mockReturnValue(undefined);

    const d = await sut.decide(BOARD, [request(1), request(2)], NOW);

    expect(d.outcomes.map((o) => (o as Error).message)).toEqual(['connection terminated', 'connection terminated']);
    expect(d.applied).toEqual([]);
    expect(sut.cached(BOARD)?.seq).toBe(0);
  });
});
