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
  private readonly waiters = new Map<string, (ack: OpAck) => void>();
  private boardId: string | null = null;
  private joined = false;
  private listeners: Array<() => void> = [];

  /** `localAddress` connects from another loopback address (127.0.0.x), like another phone behind nginx. */
  constructor(url: string, token: string, opts: { reconnection?: boolean; localAddress?: string } = {}) {
    this.socket = io(`${url}${BOARDS_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
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
    this.socket.on('disconnect', () => {
      this.joined = false;
    });
    // After a reconnect: catch up from the last seq, then re-send what was never acknowledged.
    this.socket.io.on('reconnect', () => {
      if (!this.boardId) return;
      void this.join(this.boardId).then((res) => {
        if (!res.ok) return;
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
      this.joined = true;
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

  /**
   * Sends an op (a new opId) and resolves with its ack. Offline, the op waits in `pending` and goes
   * out (same opId) after the reconnect and re-join; an op whose ack was lost is simply sent again.
   */
  op(op: BoardOp): Promise<OpAck> {
    const opId = randomUUID();
    this.pending.set(opId, op);
    const acked = new Promise<OpAck>((resolve) => this.waiters.set(opId, resolve));
    if (this.socket.connected && this.joined) void this.send(opId, op);
    return acked;
  }

  /** Sends an op with a given opId (also used to test retries) and resolves with this send's ack. */
  async send(opId: string, op: BoardOp): Promise<OpAck | null> {
    let res: OpAck;
    try {
      res = await this.socket.timeout(10_000).emitWithAck('op', { boardId: this.boardId!, opId, baseSeq: this.sequencer?.view.seq ?? 0, op });
    } catch {
      return null; // no ack (the connection dropped): still pending, re-sent after the reconnect
    }
    this.wire.push(JSON.stringify(res));
    if (!res.ok && res.error.details?.['rejoin']) return null; // reached a fresh socket before the re-join
    this.pending.delete(opId);
    this.waiters.get(opId)?.(res);
    this.waiters.delete(opId);
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
