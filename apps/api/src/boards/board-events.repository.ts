import type { ActorKind } from '@atelier/board-engine';
import {
  BOARDS_NAMESPACE,
  type BoardClientEvents,
  type BoardPatch,
  type BoardPresence,
  type BoardServerEvents,
} from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { AuthUser } from '../auth/auth-user.js';

/** What a connected socket carries (set by the handshake middleware and by joining boards). */
export interface LiveSocketData {
  user: AuthUser;
  name?: string;
  /** Boards this socket has joined, with the viewer kind it joined as. */
  boards?: Record<string, ActorKind>;
}

export type BoardsNamespace = Namespace<BoardClientEvents, BoardServerEvents, Record<string, never>, LiveSocketData>;

const boardRoom = (boardId: string) => `board:${boardId}`;
const userRoom = (boardId: string, userId: string) => `board:${boardId}:u:${userId}`;
const kindRoom = (boardId: string, userId: string, kind: ActorKind) => `board:${boardId}:u:${userId}:${kind}`;

/**
 * socket.io rooms of the `/boards` namespace: one room per board, one per person on a board and one
 * per person and viewer kind, so a change can go to "everyone but these people" in one emit and to
 * each of these people separately. Emits reach sockets on every API node through the adapter.
 */
@Injectable()
export class BoardEventsRepository {
  private ns: BoardsNamespace | null = null;

  attach(ns: BoardsNamespace): void {
    this.ns = ns;
  }

  private get namespace(): BoardsNamespace {
    if (!this.ns) throw new Error(`${BOARDS_NAMESPACE} namespace is not attached yet`);
    return this.ns;
  }

  async enter(socketId: string, boardId: string, userId: string, kind: ActorKind): Promise<void> {
    const socket = this.namespace.sockets.get(socketId);
    if (!socket) return;
    await socket.join([boardRoom(boardId), userRoom(boardId, userId), kindRoom(boardId, userId, kind)]);
    socket.data.boards = { ...socket.data.boards, [boardId]: kind };
  }

  async leave(socketId: string, boardId: string): Promise<void> {
    const socket = this.namespace.sockets.get(socketId);
    if (!socket) return;
    const kind = socket.data.boards?.[boardId];
    if (!kind) return;
    await socket.leave(boardRoom(boardId));
    await socket.leave(userRoom(boardId, socket.data.user.userId));
    await socket.leave(kindRoom(boardId, socket.data.user.userId, kind));
    const boards = { ...socket.data.boards };
    delete boards[boardId];
    socket.data.boards = boards;
  }

  /** Sends `patch` to everybody on the board except `exceptUsers` (who get their own). */
  broadcastExcept(boardId: string, patch: BoardPatch, exceptUsers: Iterable<string>): void {
    const except = [...exceptUsers].map((u) => userRoom(boardId, u));
    this.namespace.to(boardRoom(boardId)).except(except).emit('patch', patch);
  }

  toUser(boardId: string, userId: string, patch: BoardPatch): void {
    this.namespace.to(userRoom(boardId, userId)).emit('patch', patch);
  }

  toUserAs(boardId: string, userId: string, kind: ActorKind, patch: BoardPatch): void {
    this.namespace.to(kindRoom(boardId, userId, kind)).emit('patch', patch);
  }

  /** Who is on the board right now, on every node (ephemeral: read from the live sockets). */
  async present(boardId: string): Promise<{ userId: string; name: string; kind: ActorKind }[]> {
    const sockets = await this.namespace.in(boardRoom(boardId)).fetchSockets();
    const seen = new Map<string, { userId: string; name: string; kind: ActorKind }>();
    for (const s of sockets) {
      const kind = s.data.boards?.[boardId];
      if (!kind) continue;
      const key = `${s.data.user.userId}:${kind}`;
      if (!seen.has(key)) seen.set(key, { userId: s.data.user.userId, name: s.data.name ?? '', kind });
    }
    return [...seen.values()];
  }

  presence(boardId: string, presence: BoardPresence): void {
    this.namespace.to(boardRoom(boardId)).emit('presence', presence);
  }
}
