import { PatchSequencer } from '@atelier/board-engine';
import {
  BOARDS_NAMESPACE,
  type BoardClientEvents,
  type BoardJoinResult,
  type BoardOp,
  type BoardPatch,
  type BoardPresence,
  type BoardServerEvents,
  type BoardView,
  type RealtimeAck,
} from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

export type OpAck = RealtimeAck<{ seq: number }>;

/**
 * A board client over a real socket.io-client connection, as the web client will be: it joins,
 * applies patches in seq order, keeps its un-acknowledged ops and re-sends them (same opId) after a
 * reconnect, and re-joins with its last seq. Every message it receives is kept as raw JSON in
 * `wire`, so tests can assert on exactly what reached this "device".
 */
export class BoardClient {
  readonly socket: Socket<BoardServerEvents, BoardClientEvents>;
  readonly wire: string[] = [];
  readonly presence: BoardPresence[] = [];
  sequencer: PatchSequencer | null = null;
  readonly pending = new Map<string, BoardOp>();
  private boardId: string | null = null;
  private listeners: Array<() => void> = [];

  constructor(url: string, token: string, opts: { reconnection?: boolean } = {}) {
    this.socket = io(`${url}${BOARDS_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: opts.reconnection ?? true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    this.socket.on('patch', (patch: BoardPatch) => {
      this.wire.push(JSON.stringify(patch));
      if (patch.boardId === this.boardId) this.sequencer?.push(patch);
      this.notify();
    });
    this.socket.on('presence', (p: BoardPresence) => {
      this.wire.push(JSON.stringify(p));
      this.presence.push(p);
      this.notify();
    });
    // After a reconnect: catch up from the last seq, then re-send what was never acknowledged.
    this.socket.io.on('reconnect', () => {
      if (!this.boardId) return;
      void this.join(this.boardId).then(() => {
        for (const [opId, op] of this.pending) void this.send(opId, op);
      });
    });
  }

  get view(): BoardView {
    if (!this.sequencer) throw new Error('not joined');
    return this.sequencer.view;
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (e) => reject(e));
    });
  }

  async join(boardId: string, extra: { presenter?: boolean } = {}): Promise<RealtimeAck<BoardJoinResult>> {
    this.boardId = boardId;
    const lastSeq = this.sequencer?.view.meta.id === boardId ? this.sequencer.view.seq : null;
    const res = await this.socket.timeout(10_000).emitWithAck('join', { boardId, lastSeq, ...extra });
    this.wire.push(JSON.stringify(res));
    if (res.ok) {
      if (res.mode === 'view') {
        if (this.sequencer) this.sequencer.reset(res.view);
        else this.sequencer = new PatchSequencer(res.view);
      } else {
        for (const p of res.patches) this.sequencer!.push(p);
      }
      this.notify();
    }
    return res;
  }

  /** Sends an op (a new opId each call) and resolves with its ack. */
  op(op: BoardOp): Promise<OpAck> {
    const opId = randomUUID();
    this.pending.set(opId, op);
    return this.send(opId, op);
  }

  /** Sends an op with a given opId (to test retries). */
  async send(opId: string, op: BoardOp): Promise<OpAck> {
    const res = await this.socket.timeout(10_000).emitWithAck('op', { boardId: this.boardId!, opId, baseSeq: this.sequencer?.view.seq ?? 0, op });
    this.wire.push(JSON.stringify(res));
    this.pending.delete(opId);
    return res;
  }

  /** Resolves when `check(view)` holds (re-checked on every message). */
  until(check: (view: BoardView) => boolean, ms = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = (): boolean => {
        if (this.sequencer && check(this.sequencer.view)) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((l) => l !== test);
          resolve();
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== test);
        reject(new Error(`condition not met within ${ms} ms (view at seq ${this.sequencer?.view.seq})`));
      }, ms);
      if (!test()) this.listeners.push(test);
    });
  }

  close(): void {
    this.socket.disconnect();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
