import { Outbox, PatchSequencer } from '@atelier/board-engine';
import {
  BOARDS_NAMESPACE,
  ErrorCode,
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
 * A board client over a real socket.io-client connection, as the web client is: it joins,
 * applies patches in seq order, keeps its un-acknowledged ops and re-sends them (same opId) after a
 * reconnect, and re-joins with its last seq. Its ops go through the engine's `Outbox`, like the web
 * client's: paced under the server's rate limit, and kept for a retry when refused as rate_limited or
 * internal_error (`retries` counts those). Every message it receives is kept as raw JSON in
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
  private readonly outbox = new Outbox(Date.now());
  private pumpTimer: NodeJS.Timeout | null = null;
  /** Ops refused for the moment (rate_limited, internal_error) and kept for a retry. */
  retries = 0;

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
      this.outbox.disconnected();
    });
    // After a reconnect: catch up from the last seq, then re-send what was never acknowledged.
    this.socket.io.on('reconnect', () => {
      if (!this.boardId) return;
      void this.join(this.boardId).then((res) => {
        if (res.ok) this.pump();
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
    this.outbox.add(opId);
    this.pump();
    return acked;
  }

  /** Sends what the outbox says is due now, and comes back when more will be. */
  private pump(): void {
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    if (!this.socket.connected || !this.joined) return;
    for (const opId of this.outbox.due(Date.now())) {
      const op = this.pending.get(opId);
      if (op) void this.sendQueued(opId, op);
      else this.outbox.remove(opId);
    }
    const wait = this.outbox.wakeIn(Date.now());
    if (wait !== null) this.pumpTimer = setTimeout(() => this.pump(), Math.max(wait, 50));
  }

  private async sendQueued(opId: string, op: BoardOp): Promise<void> {
    let res: OpAck;
    try {
      res = await this.socket
        .timeout(10_000)
        .emitWithAck('op', { boardId: this.boardId!, opId, baseSeq: this.sequencer?.view.seq ?? 0, op });
    } catch {
      if (this.socket.connected) this.outbox.refused(opId, ErrorCode.Internal, Date.now()); // a lost ack: try again later
      this.pump();
      return;
    }
    this.wire.push(JSON.stringify(res));
    if (!res.ok && res.error.details?.['rejoin']) {
      this.outbox.refused(opId, ErrorCode.Internal, Date.now()); // reached a fresh socket before the re-join
      return;
    }
    if (
      !res.ok &&
      this.outbox.refused(opId, res.error.code, Date.now(), res.error.details?.['retryAfterSeconds']) === 'retry'
    ) {
      this.retries++;
      this.pump();
      return;
    }
    this.outbox.accepted(opId);
    this.pending.delete(opId);
    this.waiters.get(opId)?.(res);
    this.waiters.delete(opId);
  }

  /** Sends an op with a given opId (also used to test retries) and resolves with this send's ack. */
  async send(opId: string, op: BoardOp): Promise<OpAck | null> {
    let res: OpAck;
    try {
      res = await this.socket
        .timeout(10_000)
        .emitWithAck('op', { boardId: this.boardId!, opId, baseSeq: this.sequencer?.view.seq ?? 0, op });
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
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.socket.disconnect();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
