import { applyOp, patchFor, type BoardState, type Viewer } from '@atelier/board-engine';
import { ErrorCode, type BoardPatch } from '@atelier/contracts';
import { DomainError } from '../common/domain-error.js';
import { boardClosed } from './board-errors.js';
import { decideBatch, type DecidedBatch, type OpOutcome, type OpRequest, type RecentChange } from './board-batch.js';
import { UnstorableOp, type BoardRepository, type LoggedOp } from './board.repository.js';

/** A snapshot is written every this many ops, so loading a board replays at most this many. */
export const SNAPSHOT_EVERY = 100;
/** Recent changes kept per board in memory: a client this close behind gets patches, not a whole view. */
export const RECENT_CHANGES = 256;
/** Op ids remembered per cached board; an older retry is found in the database by the locked path. */
const OP_IDS_KEPT = 2048;

/** What the log needs from the database (BoardRepository; a strict mock in the unit spec). */
export type BoardLogStore = Pick<
  BoardRepository,
  'currentSeq' | 'latestSnapshot' | 'opsAfter' | 'withLock' | 'appendIfAt' | 'snapshot'
>;

/** Where failures that do not reach a person go (Nest's Logger). */
export interface LogSink {
  warn(message: string): void;
  error(message: string): void;
}

export interface CachedBoard {
  state: BoardState;
  /** Changes that led to `state`, oldest first; `recent[i].after.seq` are consecutive. */
  recent: RecentChange[];
  /** Op ids this node saw logged lately (oldest first), so a retry is answered without the database. */
  opIds: Map<string, { seq: number; actorId: string }>;
  lastUsed: number;
}

/** A decided batch: the changes committed (in seq order, to fan out) and each op's answer, in the batch's order. */
export interface Decision {
  applied: RecentChange[];
  outcomes: OpOutcome[];
}

type Locked =
  | { kind: 'closed' }
  | { kind: 'stale'; cached: number; database: number }
  | { kind: 'decided'; decided: DecidedBatch; catchUp: LoggedOp[] };

const closed = () => boardClosed();
const unstorable = () =>
  new DomainError(ErrorCode.BoardTextInvalid, 'This text contains characters that cannot be saved.');

/**
 * One node's side of the boards' op logs: a memory copy per board (loaded from the latest snapshot
 * and the ops after it), brought up to the database's seq by replaying what other nodes appended;
 * batches decided on it by the engine and appended with one statement, or under the board's row lock
 * when the copy may be behind. The database seq is the authority. Work on one board runs one at a time.
 */
export class BoardLog {
  private readonly cache = new Map<string, CachedBoard>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly snapshotWrites = new Set<Promise<void>>();

  constructor(
    private readonly store: BoardLogStore,
    private readonly log: LogSink,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Decides a batch of authorised ops in order, appends the applied ones and moves the memory copy.
   * A write failure of one op does not fail the others: the batch is then decided again op by op.
   */
  decide(boardId: string, batch: readonly OpRequest[], now: number): Promise<Decision> {
    return this.serial(boardId, async () => {
      try {
        return await this.decideWhole(boardId, batch, now);
      } catch (e) {
        if (batch.length === 1) return { applied: [], outcomes: [failure(e)] };
        this.log.warn(
          `board ${boardId}: a batch of ${batch.length} failed (${(e as Error).message}); deciding its ops one by one`,
        );
        const decision: Decision = { applied: [], outcomes: [] };
        for (const item of batch) {
          const one = await this.decideWhole(boardId, [item], now).catch((err: unknown) => ({
            applied: [],
            outcomes: [failure(err)],
          }));
          decision.applied.push(...one.applied);
          decision.outcomes.push(...one.outcomes);
        }
        return decision;
      }
    });
  }

  /** The board, brought up to the database's seq (loads it, or replays the ops other nodes appended). */
  fresh(boardId: string): Promise<CachedBoard> {
    return this.serial(boardId, async () => {
      const seq = await this.store.currentSeq(boardId);
      if (seq === null) throw DomainError.notFound('This board');
      const cached = await this.loaded(boardId);
      if (cached.state.seq < seq) this.replay(cached, await this.store.opsAfter(boardId, cached.state.seq), true);
      cached.lastUsed = this.clock();
      return cached;
    });
  }

  /** The memory copy if this node holds one (presence reads who facilitates). */
  cached(boardId: string): BoardState | undefined {
    return this.cache.get(boardId)?.state;
  }

  /** The patches a viewer at `lastSeq` missed, or null when a whole view is the better answer. */
  patchesSince(board: CachedBoard, lastSeq: number, viewer: Viewer): BoardPatch[] | null {
    const current = board.state.seq;
    if (lastSeq > current) return null;
    if (lastSeq === current) return [];
    const oldest = board.recent[0];
    if (!oldest || oldest.before.seq > lastSeq) return null;
    return board.recent.filter((c) => c.after.seq > lastSeq).map((c) => patchFor(c.before, c.after, c.change, viewer));
  }

  /** Forgets boards nobody used since `cutoff` (and nothing is running on). */
  evictIdle(cutoff: number): void {
    for (const [id, board] of this.cache) if (board.lastUsed < cutoff && !this.chains.has(id)) this.cache.delete(id);
  }

  /** Resolves when the snapshots being written have been (tests and shutdown). */
  async snapshotsWritten(): Promise<void> {
    await Promise.all([...this.snapshotWrites]);
  }

  // ---- deciding ----------------------------------------------------------------------------------

  /** Fast path, else the locked path; a copy found stale is dropped and the batch decided once more. */
  private async decideWhole(boardId: string, batch: readonly OpRequest[], now: number): Promise<Decision> {
    for (let attempt = 1; ; attempt++) {
      // Load the board before any lock: inside the transaction only its own connection is used, so
      // many boards deciding at once can never wait on each other for pool connections.
      const cached = await this.loaded(boardId);
      const fast = await this.decideOptimistically(boardId, cached, batch, now);
      if (fast) return fast;
      const locked = await this.store.withLock(
        boardId,
        batch.map((b) => b.opId),
        (board) => this.decideLocked(cached, board, batch, now),
      );
      if (locked === null) return { applied: [], outcomes: batch.map(() => DomainError.notFound('This board')) };
      if (locked.kind === 'closed') return { applied: [], outcomes: batch.map(closed) };
      if (locked.kind === 'decided') {
        if (locked.catchUp.length > 0 && this.cache.get(boardId) === cached) this.replay(cached, locked.catchUp, true);
        return this.commit(boardId, locked.decided);
      }
      // The copy is ahead of the database, or a log entry is missing: forget it and load it again.
      this.cache.delete(boardId);
      const message = `board ${boardId}: cache at ${locked.cached}, database at ${locked.database}`;
      if (attempt >= 2) throw new Error(message);
      this.log.warn(message);
    }
  }

  /** Under the row lock: catch up with what other nodes appended, decide, append, snapshot when due. */
  private async decideLocked(
    cached: CachedBoard,
    locked: Parameters<Parameters<BoardLogStore['withLock']>[2]>[0],
    batch: readonly OpRequest[],
    now: number,
  ): Promise<Locked> {
    if (locked.status === 'closed') return { kind: 'closed' };
    const catchUp = cached.state.seq < locked.seq ? await locked.opsAfter(cached.state.seq) : [];
    const state = catchUp.length > 0 ? this.replay(cached, catchUp, false) : cached.state;
    if (state.seq !== locked.seq) return { kind: 'stale', cached: state.seq, database: locked.seq };
    const decided = decideBatch(state, batch, now, (opId) => locked.logged.get(opId), 'answer')!;
    await locked.append(decided.entries);
    const after = decided.state;
    if (decided.entries.length > 0 && Math.floor(after.seq / SNAPSHOT_EVERY) > Math.floor(locked.seq / SNAPSHOT_EVERY))
      await locked.snapshot(after.seq, after);
    return { kind: 'decided', decided, catchUp };
  }

  /**
   * The usual case, in one round trip: decide the batch on the memory copy and append it with one
   * statement that succeeds only if the database is still at the copy's seq (see `appendIfAt`).
   * Null when that cannot be known without the lock (the board moved on elsewhere or closed, an op
   * id this node does not know was logged, or an op is refused: a refusal is only final against the
   * database's board). A snapshot that falls due is written after the commit, off the board's path.
   */
  private async decideOptimistically(
    boardId: string,
    cached: CachedBoard,
    batch: readonly OpRequest[],
    now: number,
  ): Promise<Decision | null> {
    const start = cached.state.seq;
    const decided = decideBatch(cached.state, batch, now, (opId) => cached.opIds.get(opId), 'stop');
    if (!decided) return null;
    // Only retries of ops this node logged: their answers are final.
    if (decided.entries.length === 0) return { applied: [], outcomes: decided.outcomes };
    if (!(await this.store.appendIfAt(boardId, start, decided.entries))) return null;
    if (Math.floor(decided.state.seq / SNAPSHOT_EVERY) > Math.floor(start / SNAPSHOT_EVERY))
      this.snapshotLater(boardId, decided.state);
    return this.commit(boardId, decided);
  }

  /** After the commit, and only then, the memory copy moves. */
  private commit(boardId: string, decided: DecidedBatch): Decision {
    for (const c of decided.applied) {
      const board = this.cache.get(boardId);
      if (board && board.state.seq === c.before.seq) this.remember(board, c);
      else this.cache.delete(boardId);
    }
    return { applied: decided.applied, outcomes: decided.outcomes };
  }

  /**
   * Writes a snapshot of a committed state without holding up the board. A snapshot only shortens
   * loading, so a failed one is logged and the next is due SNAPSHOT_EVERY ops later.
   */
  private snapshotLater(boardId: string, state: BoardState): void {
    const write = this.store
      .snapshot(boardId, state.seq, state)
      .catch((e: unknown) => this.log.warn(`snapshot of board ${boardId} at ${state.seq}: ${(e as Error).message}`))
      .finally(() => this.snapshotWrites.delete(write));
    this.snapshotWrites.add(write);
  }

  // ---- the memory copy -----------------------------------------------------------------------------

  /** The cached board, loaded from the latest snapshot and the ops after it when absent. */
  private async loaded(boardId: string): Promise<CachedBoard> {
    const cached = this.cache.get(boardId);
    if (cached) return cached;
    const snapshot = await this.store.latestSnapshot(boardId);
    if (!snapshot) throw DomainError.notFound('This board');
    const board: CachedBoard = { state: snapshot.state, recent: [], opIds: new Map(), lastUsed: this.clock() };
    this.replay(board, await this.store.opsAfter(boardId, snapshot.seq), true);
    this.cache.set(boardId, board);
    return board;
  }

  /** Applies logged ops to a cached board (`commit`) or to a copy; returns the resulting state. */
  private replay(board: CachedBoard, ops: LoggedOp[], commit: boolean): BoardState {
    let state = board.state;
    for (const logged of ops) {
      if (logged.seq <= state.seq) continue;
      const r = applyOp(state, logged.op, { actor: logged.actor, now: logged.now, handTo: logged.handTo });
      if (!r.ok || r.state.seq !== logged.seq) {
        // Logged ops were accepted once; the same reducer accepts them again. Keep the seq aligned regardless.
        this.log.error(
          `board ${state.id}: replaying op ${logged.seq} (${logged.op.type}) failed: ${r.ok ? 'seq mismatch' : r.error.code}`,
        );
        if (commit) board.recent = [];
        state = { ...state, seq: logged.seq };
        continue;
      }
      const change = {
        before: state,
        after: r.state,
        change: r.change,
        actorId: logged.actor.id,
        actorKind: logged.actor.kind,
        opId: logged.opId,
      };
      if (commit) this.remember(board, change);
      state = r.state;
    }
    if (commit) board.state = state;
    return state;
  }

  private remember(board: CachedBoard, c: RecentChange): void {
    board.recent.push(c);
    if (board.recent.length > RECENT_CHANGES) board.recent.splice(0, board.recent.length - RECENT_CHANGES);
    board.opIds.set(c.opId, { seq: c.after.seq, actorId: c.actorId });
    if (board.opIds.size > OP_IDS_KEPT) board.opIds.delete(board.opIds.keys().next().value!);
    board.state = c.after;
    board.lastUsed = this.clock();
  }

  private serial<T>(boardId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(boardId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.chains.set(boardId, tail);
    void tail.then(() => {
      if (this.chains.get(boardId) === tail) this.chains.delete(boardId);
    });
    return run;
  }
}

/** One op's failure: text the database refuses is the sender's to fix; anything else is ours. */
function failure(e: unknown): Error {
  if (e instanceof UnstorableOp) return unstorable();
  return e instanceof Error ? e : new Error(String(e));
}
