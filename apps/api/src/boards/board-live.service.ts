import { project, type Actor, type ActorKind, type BoardState } from '@atelier/board-engine';
import {
  ErrorCode,
  isStaff,
  Role,
  type BoardJoinResult,
  type BoardOp,
  type BoardView,
  type RealtimeAck,
} from '@atelier/contracts';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { boardClosed } from './board-errors.js';
import type { OpRequest } from './board-batch.js';
import { BoardEventsRepository, type LiveSocketData } from './board-events.repository.js';
import { broadcastChange } from './board-fanout.js';
import { joinMessage, object, opMessage, uuid } from './board-input.js';
import { BoardLog } from './board-log.js';
import { BoardPresence } from './board-presence.js';
import { BoardRepository } from './board.repository.js';
import { GroupCommit } from './group-commit.js';
import { SocketAnswers } from './socket-answers.js';

export { RECENT_CHANGES, SNAPSHOT_EVERY } from './board-log.js';
/** A board nobody on this node has used for this long leaves the memory cache. */
const IDLE_EVICT_MS = 10 * 60_000;

/** The socket as this service needs it (the gateway passes socket.io's socket). */
export interface LiveSocket {
  id: string;
  data: LiveSocketData;
}

/**
 * The live side of boards. An op goes one way: parse (`opMessage`) → authorise (the socket joined;
 * photo and new facilitator checked against the database) → the board's log decides it (the
 * engine's `allowedActions` and rules, on the authoritative state) and appends it in a group commit
 * → each viewer's patch is broadcast → the sender's ack with its seq. Joins get a fresh view or the
 * patches missed. Presence and rate limiting have their own small classes.
 */
@Injectable()
export class BoardLiveService implements OnModuleDestroy {
  private readonly logger = new Logger('Boards');
  private readonly boardLog: BoardLog;
  private readonly batches = new GroupCommit<OpRequest, number>((boardId, items) => this.decide(boardId, items));
  private readonly presence: BoardPresence;
  private readonly answers = new SocketAnswers(this.logger);
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly boards: BoardRepository,
    private readonly events: BoardEventsRepository,
    private readonly clock: Clock,
  ) {
    this.boardLog = new BoardLog(boards, this.logger);
    this.presence = new BoardPresence(events, (boardId) => this.boardLog.cached(boardId), this.logger);
    this.sweeper = setInterval(() => this.boardLog.evictIdle(Date.now() - IDLE_EVICT_MS), 60_000);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    this.presence.stop();
    await this.snapshotsWritten();
  }

  join(socket: LiveSocket, input: unknown): Promise<RealtimeAck<BoardJoinResult>> {
    return this.answer(socket, async () => {
      const { boardId, lastSeq, presenter } = joinMessage(input);
      const user = socket.data.user;
      const record = await this.boards.find(boardId, user.organisationId);
      if (!record) throw DomainError.notFound('This board');
      const staff = isStaff(user.role);
      if (presenter && !staff) throw DomainError.forbidden('Only staff can open the presenter view.');
      if (record.status === 'closed' && !staff) throw boardClosed();
      const kind: ActorKind = !staff ? 'participant' : presenter ? 'presenter' : 'staff';
      socket.data.name ??= (await this.boards.member(user.organisationId, user.userId))?.displayName ?? '';
      // Enter the rooms first: a change made while the view is computed arrives as a patch after it.
      await this.events.enter(socket.id, boardId, user.userId, kind);
      const board = await this.boardLog.fresh(boardId);
      this.presence.changed(boardId);
      const serverNow = this.clock.now().getTime();
      const viewer = { userId: user.userId, kind };
      const patches = lastSeq === null ? null : this.boardLog.patchesSince(board, lastSeq, viewer);
      if (patches) return { mode: 'patches' as const, patches, serverNow };
      return { mode: 'view' as const, view: project(board.state, viewer), serverNow };
    });
  }

  op(socket: LiveSocket, input: unknown): Promise<RealtimeAck<{ seq: number }>> {
    return this.answer(socket, async () => {
      const { boardId, opId, op } = opMessage(input);
      const request = await this.authorise(socket, boardId, opId, op);
      return { seq: await this.batches.add(boardId, request) };
    });
  }

  leave(socket: LiveSocket, input: unknown): Promise<RealtimeAck> {
    return this.answer(socket, async () => {
      const boardId = uuid(object(input)['boardId'], 'boardId');
      await this.events.leave(socket.id, boardId);
      this.presence.changed(boardId);
      return {};
    });
  }

  disconnected(socket: LiveSocket): void {
    this.answers.forget(socket.id);
    for (const boardId of Object.keys(socket.data.boards ?? {})) this.presence.changed(boardId);
  }

  /** The current view of a board for someone (HTTP fallback and the presenter's first paint). */
  async viewFor(user: AuthUser, boardId: string, kind: ActorKind): Promise<BoardView> {
    return project((await this.boardLog.fresh(boardId)).state, { userId: user.userId, kind });
  }

  /** The up-to-date authoritative state (exports). */
  async stateOf(boardId: string): Promise<BoardState> {
    return (await this.boardLog.fresh(boardId)).state;
  }

  /** Resolves when the snapshots being written have been (tests and shutdown). */
  snapshotsWritten(): Promise<void> {
    return this.boardLog.snapshotsWritten();
  }

  /**
   * Who acts, and the checks that need the database. The op is passed on as parsed: the new
   * facilitator's name travels beside it (`handTo`), so the log replays the hand-over the same way.
   */
  private async authorise(socket: LiveSocket, boardId: string, opId: string, op: BoardOp): Promise<OpRequest> {
    const kind = socket.data.boards?.[boardId];
    if (!kind) throw new DomainError(ErrorCode.BoardInvalidOp, 'Join the board before changing it.', { rejoin: true });
    const user = socket.data.user;
    const actor: Actor = { id: user.userId, name: socket.data.name ?? '', kind, admin: user.role === Role.Admin };
    if ((op.type === 'card.add' || op.type === 'card.edit') && op.photoId) {
      // Only one's own upload on this board: re-using someone else's photo id could show a hidden card's photo.
      const photo = await this.boards.photo(boardId, op.photoId);
      if (!photo || photo.uploadedBy !== user.userId)
        throw new DomainError(
          ErrorCode.BoardPhotoInvalid,
          'Upload the photo to this board first, then add it to your card.',
        );
    }
    if (op.type !== 'facilitator.hand') return { opId, actor, op };
    const member = await this.boards.member(user.organisationId, op.to.id);
    if (!member || !isStaff(member.role))
      throw DomainError.invalid(
        'Facilitation can only be handed to a trainer or an administrator of your organisation.',
      );
    return { opId, actor, op, handTo: { id: op.to.id, name: member.displayName } };
  }

  /** One batch of a board: decided by its log, then (committed) each change fanned out in seq order. */
  private async decide(boardId: string, batch: OpRequest[]): Promise<Array<number | Error>> {
    const { applied, outcomes } = await this.boardLog.decide(boardId, batch, this.clock.now().getTime());
    for (const c of applied)
      broadcastChange(this.events, c.before, c.after, c.change, { id: c.actorId, kind: c.actorKind });
    return outcomes;
  }

  /** Runs a socket request: rate limit, then the task; every failure becomes an error ack, never a throw. */
  private answer<T extends object>(socket: LiveSocket, task: () => Promise<T>): Promise<RealtimeAck<T>> {
    return this.answers.answer(socket.id, task);
  }
}
