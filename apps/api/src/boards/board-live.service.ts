import {
  applyOp,
  parseOp,
  patchFor,
  project,
  type Actor,
  type ActorKind,
  type BoardState,
  type Viewer,
} from '@atelier/board-engine';
import { ErrorCode, isStaff, Role, type BoardJoinResult, type BoardPatch, type BoardView, type RealtimeAck } from '@atelier/contracts';
import { isDatabaseUnavailable } from '@atelier/database';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { serviceUnavailable } from '../common/api-exception.filter.js';
import { DomainError } from '../common/domain-error.js';
import { boardClosed, presenterForStaffOnly } from './board-errors.js';
import { decideBatch, type QueuedOp, type RecentChange } from './board-batch.js';
import { BoardEventsRepository, type LiveSocketData } from './board-events.repository.js';
import { BoardRepository, type LoggedOp } from './board.repository.js';
import { broadcastChange } from './board-fanout.js';
import { clientOpId, object, uuid, wholeNumber } from './board-input.js';
import { TokenBuckets } from './token-buckets.js';

/** A snapshot is written every this many ops, so loading a board replays at most this many. */
export const SNAPSHOT_EVERY = 100;
/** Recent changes kept per board in memory: a client this close behind gets patches, not a whole view. */
export const RECENT_CHANGES = 256;
/** Per socket: a burst of this many messages, refilled at OPS_PER_SECOND. */
export const OPS_BURST = 40;
export const OPS_PER_SECOND = 5;
/** A board nobody on this node has used for this long leaves the memory cache. */
const IDLE_EVICT_MS = 10 * 60_000;
const PRESENCE_DEBOUNCE_MS = 300;

interface CachedBoard {
  state: BoardState;
  /** Changes that led to `state`, oldest first; `recent[i].after.seq` are consecutive. */
  recent: RecentChange[];
  /** Op ids this node saw logged lately (oldest first), so a retry is answered without the database. */
  opIds: Map<string, { seq: number; actorId: string }>;
  lastUsed: number;
}

/** Op ids remembered per cached board; an older retry is found in the database by the locked path. */
const OP_IDS_KEPT = 2048;

/** The node's copy of a board disagrees with the database in a way replaying cannot fix. */
class StaleCache extends Error {}

/** The socket as this service needs it (the gateway passes socket.io's socket). */
export interface LiveSocket {
  id: string;
  data: LiveSocketData;
}

/**
 * The live side of boards: joins (a fresh view or the patches missed), ops (validated by the
 * engine, appended to the log under the board's row lock, acknowledged with their seq, then each
 * viewer's patch broadcast), presence. Each node caches boards in memory; the database seq is the
 * authority, and a node that finds its copy behind replays the log it missed before deciding.
 */
@Injectable()
export class BoardLiveService implements OnModuleDestroy {
  private readonly log = new Logger('Boards');
  private readonly cache = new Map<string, CachedBoard>();
  /** One promise chain per board on this node: ops and loads of one board run one at a time. */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Ops waiting for the board's next transaction. */
  private readonly queues = new Map<string, QueuedOp[]>();
  private readonly buckets = new TokenBuckets(OPS_BURST, OPS_PER_SECOND);
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly snapshotWrites = new Set<Promise<void>>();

  constructor(
    private readonly boards: BoardRepository,
    private readonly events: BoardEventsRepository,
    private readonly clock: Clock,
  ) {
    this.sweeper = setInterval(() => this.evictIdle(), 60_000);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    for (const t of this.presenceTimers.values()) clearTimeout(t);
    await this.snapshotsWritten();
  }

  // ---- socket events -------------------------------------------------------------------------

  join(socket: LiveSocket, input: unknown): Promise<RealtimeAck<BoardJoinResult>> {
    return this.answer(socket, async () => {
      const req = object(input);
      const boardId = uuid(req['boardId'], 'boardId');
      const lastSeq = req['lastSeq'] === undefined || req['lastSeq'] === null ? null : wholeNumber(req['lastSeq'], 'lastSeq');
      if (req['presenter'] !== undefined && typeof req['presenter'] !== 'boolean') throw DomainError.invalid('presenter must be true or false.');
      const user = socket.data.user;
      const record = await this.boards.find(boardId, user.organisationId);
      if (!record) throw DomainError.notFound('This board');
      const staff = isStaff(user.role);
      if (req['presenter'] === true && !staff) throw presenterForStaffOnly();
      if (record.status === 'closed' && !staff) throw boardClosed();
      const kind: ActorKind = !staff ? 'participant' : req['presenter'] === true ? 'presenter' : 'staff';
      socket.data.name ??= (await this.boards.member(user.organisationId, user.userId))?.displayName ?? '';
      // Enter the rooms first: a change made while the view is computed arrives as a patch after it.
      await this.events.enter(socket.id, boardId, user.userId, kind);
      const board = await this.fresh(boardId);
      const viewer: Viewer = { userId: user.userId, kind };
      this.schedulePresence(boardId);
      const serverNow = this.clock.now().getTime();
      const patches = lastSeq === null ? null : this.patchesSince(board, lastSeq, viewer);
      if (patches) return { mode: 'patches' as const, patches, serverNow };
      return { mode: 'view' as const, view: project(board.state, viewer), serverNow };
    });
  }

  op(socket: LiveSocket, input: unknown): Promise<RealtimeAck<{ seq: number }>> {
    return this.answer(socket, async () => {
      const req = object(input);
      const boardId = uuid(req['boardId'], 'boardId');
      const opId = clientOpId(req['opId']);
      if (req['baseSeq'] !== undefined) wholeNumber(req['baseSeq'], 'baseSeq');
      const parsed = parseOp(req['op']);
      if (!parsed.ok) throw new DomainError(parsed.error.code, parsed.error.message);
      const kind = socket.data.boards?.[boardId];
      if (!kind) throw new DomainError(ErrorCode.BoardInvalidOp, 'Join the board before changing it.', { rejoin: true });
      const user = socket.data.user;
      const actor: Actor = { id: user.userId, name: socket.data.name ?? '', kind, admin: user.role === Role.Admin };
      const op = parsed.op;
      if ((op.type === 'card.add' || op.type === 'card.edit') && op.photoId) {
        // Only one's own upload on this board: re-using someone else's photo id could show a hidden card's photo.
        const photo = await this.boards.photo(boardId, op.photoId);
        if (!photo || photo.uploadedBy !== user.userId) throw new DomainError(ErrorCode.BoardPhotoInvalid, 'Upload the photo to this board first, then add it to your card.');
      }
      if (op.type === 'facilitator.hand') {
        const member = await this.boards.member(user.organisationId, op.to.id);
        if (!member || !isStaff(member.role)) throw DomainError.invalid('Facilitation can only be handed to a trainer or an administrator of your organisation.');
        op.to = { id: op.to.id, name: member.displayName };
      }
      return { seq: await this.enqueue(boardId, { opId, actor, op }) };
    });
  }

  leave(socket: LiveSocket, input: unknown): Promise<RealtimeAck> {
    return this.answer(socket, async () => {
      const boardId = uuid(object(input)['boardId'], 'boardId');
      await this.events.leave(socket.id, boardId);
      this.schedulePresence(boardId);
      return {};
    });
  }

  disconnected(socket: LiveSocket): void {
    this.buckets.forget(socket.id);
    for (const boardId of Object.keys(socket.data.boards ?? {})) this.schedulePresence(boardId);
  }

  // ---- for the REST side ------------------------------------------------------------------------

  /** The current view of a board for someone (HTTP fallback and the presenter's first paint). */
  async viewFor(user: AuthUser, boardId: string, kind: ActorKind): Promise<BoardView> {
    const board = await this.fresh(boardId);
    return project(board.state, { userId: user.userId, kind });
  }

  /** The up-to-date authoritative state (exports). */
  async stateOf(boardId: string): Promise<BoardState> {
    return (await this.fresh(boardId)).state;
  }

  // ---- internals ----------------------------------------------------------------------------------

  /**
   * Queues an op of a board. Ops that arrive while the board's previous batch is being written go
   * together in the next transaction (group commit): one row lock, one insert and one commit for the
   * whole batch, each op still decided in order, with its own seq, ack and broadcast.
   */
  private enqueue(boardId: string, item: Omit<QueuedOp, 'resolve' | 'reject'>): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let queue = this.queues.get(boardId);
      if (!queue) {
        queue = [];
        this.queues.set(boardId, queue);
        void this.serial(boardId, () => this.drain(boardId));
      }
      queue.push({ ...item, resolve, reject });
    });
  }

  private async drain(boardId: string): Promise<void> {
    const batch = this.queues.get(boardId) ?? [];
    this.queues.delete(boardId);
    try {
      await this.decide(boardId, batch).catch((e: unknown) => {
        if (!(e instanceof StaleCache)) throw e;
        this.log.warn(e.message);
        return this.decide(boardId, batch);
      });
    } catch (e) {
      for (const item of batch) item.reject(e);
    }
  }

  private async decide(boardId: string, batch: QueuedOp[]): Promise<void> {
    const now = this.clock.now().getTime();
    // Load the board before taking the lock: inside the transaction only its own connection is used,
    // so many boards deciding at once can never wait on each other for pool connections.
    const cached = await this.loaded(boardId);
    if (await this.decideOptimistically(boardId, cached, batch, now)) return;
    let outcomes = new Map<QueuedOp, number | DomainError>();
    let applied: RecentChange[] = [];
    let catchUp: LoggedOp[] = [];
    const found = await this.boards.withLock(boardId, batch.map((b) => b.opId), async (locked) => {
      if (locked.status === 'closed') {
        for (const item of batch) outcomes.set(item, boardClosed());
        return true;
      }
      // Another node may have appended ops since this node last looked: replay them first.
      catchUp = cached.state.seq < locked.seq ? await locked.opsAfter(cached.state.seq) : [];
      const state = catchUp.length > 0 ? this.replay(cached, catchUp, false).state : cached.state;
      if (state.seq !== locked.seq) {
        // The cache is ahead of the database, or a log entry is missing: forget it; the batch is retried once.
        this.cache.delete(boardId);
        throw new StaleCache(`board ${boardId}: cache at ${state.seq}, database at ${locked.seq}`);
      }
      const decided = decideBatch(state, batch, now, (opId) => locked.logged.get(opId), 'answer')!;
      ({ applied, outcomes } = decided);
      await locked.append(decided.entries);
      const after = decided.state;
      if (decided.entries.length > 0 && Math.floor(after.seq / SNAPSHOT_EVERY) > Math.floor(locked.seq / SNAPSHOT_EVERY)) await locked.snapshot(after.seq, after);
      return true;
    });
    if (found === null) {
      for (const item of batch) item.reject(DomainError.notFound('This board'));
      return;
    }
    if (catchUp.length > 0 && this.cache.get(boardId) === cached) this.replay(cached, catchUp, true);
    this.committed(boardId, batch, applied, outcomes);
  }

  /**
   * The usual case, in one round trip: decide the batch on the cached board and append it with one
   * statement that succeeds only if the database is still at the cached seq (see `appendIfAt`).
   * False when that cannot be known without the lock (the board moved on elsewhere or closed, an op
   * id this node does not know was logged, or an op is refused): the caller then decides under the
   * lock, from scratch. A snapshot that falls due is written after the commit, off the board's path.
   */
  private async decideOptimistically(boardId: string, cached: CachedBoard, batch: QueuedOp[], now: number): Promise<boolean> {
    const start = cached.state.seq;
    // A refusal is only final against the database's current board, which this path has not read.
    const decided = decideBatch(cached.state, batch, now, (opId) => cached.opIds.get(opId), 'stop');
    if (!decided) return false;
    const { state, entries, applied, outcomes } = decided;
    if (entries.length === 0) {
      // Only retries of ops this node logged: their answers are final.
      this.committed(boardId, batch, [], outcomes);
      return true;
    }
    if (!(await this.boards.appendIfAt(boardId, start, entries))) return false;
    this.committed(boardId, batch, applied, outcomes);
    if (Math.floor(state.seq / SNAPSHOT_EVERY) > Math.floor(start / SNAPSHOT_EVERY)) this.snapshotLater(boardId, state);
    return true;
  }

  /**
   * Writes a snapshot of a committed state without holding up the board: the next batch does not
   * wait for it. A snapshot only shortens loading, so a failed one is logged and the next is due
   * SNAPSHOT_EVERY ops later. Awaitable (tests) through `snapshotsWritten()`.
   */
  private snapshotLater(boardId: string, state: BoardState): void {
    const write = this.boards
      .snapshot(boardId, state.seq, state)
      .catch((e: unknown) => this.log.warn(`snapshot of board ${boardId} at ${state.seq}: ${(e as Error).message}`))
      .finally(() => this.snapshotWrites.delete(write));
    this.snapshotWrites.add(write);
  }

  /** Resolves when the snapshots being written have been (tests and shutdown). */
  async snapshotsWritten(): Promise<void> {
    await Promise.all([...this.snapshotWrites]);
  }

  /** After the commit: only now does the cache move, and the changes go out, in seq order; then the acks. */
  private committed(boardId: string, batch: QueuedOp[], applied: RecentChange[], outcomes: Map<QueuedOp, number | DomainError>): void {
    for (const c of applied) {
      const board = this.cache.get(boardId);
      if (board && board.state.seq === c.before.seq) this.remember(board, c);
      else this.cache.delete(boardId);
      broadcastChange(this.events, c.before, c.after, c.change, { id: c.actorId, kind: c.actorKind });
    }
    for (const item of batch) {
      const outcome = outcomes.get(item);
      if (typeof outcome === 'number') item.resolve(outcome);
      else item.reject(outcome ?? new Error('op left undecided'));
    }
  }

  /** The patches a viewer at `lastSeq` missed, or null when a whole view is the better answer. */
  private patchesSince(board: CachedBoard, lastSeq: number, viewer: Viewer): BoardPatch[] | null {
    const current = board.state.seq;
    if (lastSeq > current) return null;
    if (lastSeq === current) return [];
    const oldest = board.recent[0];
    if (!oldest || oldest.before.seq > lastSeq) return null;
    return board.recent.filter((c) => c.after.seq > lastSeq).map((c) => patchFor(c.before, c.after, c.change, viewer));
  }

  /** The board, brought up to the database's seq (loads it, or replays the ops other nodes appended). */
  private fresh(boardId: string): Promise<CachedBoard> {
    return this.serial(boardId, async () => {
      const seq = await this.boards.currentSeq(boardId);
      if (seq === null) throw DomainError.notFound('This board');
      const cached = await this.loaded(boardId);
      if (cached.state.seq < seq) this.replay(cached, await this.boards.opsAfter(boardId, cached.state.seq), true);
      cached.lastUsed = Date.now();
      return cached;
    });
  }

  /** The cached board, loaded from the latest snapshot and the ops after it when absent. */
  private async loaded(boardId: string): Promise<CachedBoard> {
    const cached = this.cache.get(boardId);
    if (cached) return cached;
    const snapshot = await this.boards.latestSnapshot(boardId);
    if (!snapshot) throw DomainError.notFound('This board');
    const board: CachedBoard = { state: snapshot.state, recent: [], opIds: new Map(), lastUsed: Date.now() };
    this.replay(board, await this.boards.opsAfter(boardId, snapshot.seq), true);
    this.cache.set(boardId, board);
    return board;
  }

  /** Applies logged ops to a cached board (`commit`) or to a copy (returns the resulting state only). */
  private replay(board: CachedBoard, ops: LoggedOp[], commit: boolean): { state: BoardState } {
    let state = board.state;
    for (const logged of ops) {
      if (logged.seq <= state.seq) continue;
      const r = applyOp(state, logged.op, { actor: logged.actor, now: logged.now });
      if (!r.ok || r.state.seq !== logged.seq) {
        // Logged ops were accepted once; the same reducer accepts them again. Keep the seq aligned regardless.
        this.log.error(`board ${state.id}: replaying op ${logged.seq} (${logged.op.type}) failed: ${r.ok ? 'seq mismatch' : r.error.code}`);
        const skipped = { ...state, seq: logged.seq };
        if (commit) board.recent = [];
        state = skipped;
        continue;
      }
      if (commit) this.remember(board, { before: state, after: r.state, change: r.change, actorId: logged.actor.id, actorKind: logged.actor.kind, opId: logged.opId });
      state = r.state;
    }
    if (commit) board.state = state;
    return { state };
  }

  private remember(board: CachedBoard, c: RecentChange): void {
    board.recent.push(c);
    if (board.recent.length > RECENT_CHANGES) board.recent.splice(0, board.recent.length - RECENT_CHANGES);
    board.opIds.set(c.opId, { seq: c.after.seq, actorId: c.actorId });
    if (board.opIds.size > OP_IDS_KEPT) board.opIds.delete(board.opIds.keys().next().value!);
    board.state = c.after;
    board.lastUsed = Date.now();
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

  private schedulePresence(boardId: string): void {
    if (this.presenceTimers.has(boardId)) return;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(boardId);
      this.sendPresence(boardId).catch((e: unknown) => this.log.warn(`presence of board ${boardId}: ${(e as Error).message}`));
    }, PRESENCE_DEBOUNCE_MS);
    timer.unref();
    this.presenceTimers.set(boardId, timer);
  }

  private async sendPresence(boardId: string): Promise<void> {
    const state = this.cache.get(boardId)?.state;
    if (!state) return;
    const people = await this.events.present(boardId);
    this.events.presence(boardId, {
      boardId,
      people: people.map((p) => {
        const role = p.kind === 'staff' && p.userId === state.facilitator.id ? 'facilitator' : p.kind;
        // Anonymous boards name nobody but staff: who is here would otherwise hint at who wrote what.
        const hide = state.anonymous && p.kind === 'participant';
        return { id: state.anonymous ? null : p.userId, name: hide ? null : p.name, role };
      }),
    });
  }

  private evictIdle(): void {
    const cutoff = Date.now() - IDLE_EVICT_MS;
    for (const [id, board] of this.cache) if (board.lastUsed < cutoff && !this.chains.has(id)) this.cache.delete(id);
  }

  /** Runs a socket request: rate limit, then the task; every failure becomes an error ack, never a throw. */
  private async answer<T extends object>(socket: LiveSocket, task: () => Promise<T>): Promise<RealtimeAck<T>> {
    const wait = this.buckets.take(socket.id);
    if (wait > 0) {
      return { ok: false, error: { code: ErrorCode.RateLimited, message: 'Too many changes at once. Wait a moment and try again.', details: { retryAfterSeconds: wait } } };
    }
    try {
      return { ok: true, ...(await task()) };
    } catch (e) {
      if (e instanceof DomainError) return { ok: false, error: e.toBody() };
      // PostgreSQL restarting: the op was not logged; the client keeps it queued and sends it again.
      if (isDatabaseUnavailable(e)) return { ok: false, error: serviceUnavailable() };
      this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      return { ok: false, error: { code: ErrorCode.Internal, message: 'Something went wrong on our side. Your change was not saved; try again in a moment.' } };
    }
  }
}
