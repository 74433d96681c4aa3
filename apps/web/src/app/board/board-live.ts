import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import {
  BOARD_LIMITS,
  ErrorCode,
  type BoardClientEvents,
  type BoardJoinResult,
  type BoardOp,
  type BoardPresence,
  type BoardServerEvents,
  type BoardView,
  type RealtimeAck,
  type RealtimeConnectionState,
} from '@atelier/contracts';
import { Outbox, PatchSequencer, applyOp, predict, stateFromView, type PendingOp } from '@atelier/board-engine';
import { ActionQueue } from '../core/action-queue';
import type { ShownError } from '../core/api-error';
import { Realtime, type RealtimeChannel } from '../core/realtime';
import { randomId } from '../core/random-id';

/** How long patches may wait for a missing earlier one before the view is fetched again. */
const GAP_WAIT_MS = 1500;
/** Ops are kept on the phone (not only in memory) so a reload on a bad network loses nothing. */
const PENDING_KEY = (boardId: string) => `atelier.board.pending.${boardId}`;

export interface BoardLiveOptions {
  boardId: string;
  /** The room's screen: read-only, no author of its own. */
  presenter?: boolean;
  /** Name and admin flag of the person, for the optimistic copy of their own cards. */
  actor: { name: string; admin?: boolean };
}

interface Pending extends PendingOp {
  /** The seq the server gave it; it leaves the list once the confirmed view has reached it. */
  ackedSeq?: number;
}

/**
 * One open board for one component: the socket, the confirmed view (patches applied in seq order),
 * the person's not-yet-confirmed ops applied on top with the same engine the server runs, the
 * server's clock offset for the timer, and who is here.
 *
 * Nothing is lost on a bad network: each op keeps its opId in a pending list (also in
 * localStorage) until the server has confirmed it; after a reconnect the client joins with its last
 * seq (the server sends what was missed) and sends every pending op again — the server applies a
 * repeated opId only once. The `Outbox` paces sending under the server's per-socket rate limit and
 * keeps ops refused as rate_limited or internal_error for a retry with backoff; only a refusal for a
 * real reason (forbidden, invalid…) drops an op, with a message.
 */
@Injectable()
export class BoardLive {
  private readonly realtime = inject(Realtime);
  /** The phone's one count of waiting actions includes this board's unconfirmed ops. */
  private readonly queue = inject(ActionQueue);
  private channel: RealtimeChannel<BoardServerEvents, BoardClientEvents> | null = null;
  private sequencer: PatchSequencer | null = null;
  private options: BoardLiveOptions | null = null;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  /** A join is waiting for its answer (several refused ops must not each start one). */
  private joining = false;
  /** The server has this socket in the board: ops may be sent. */
  private joined = false;
  private readonly outbox = new Outbox(Date.now());
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;

  /** The last view the server confirmed. */
  readonly confirmed = signal<BoardView | null>(null);
  readonly pending = signal<Pending[]>([]);
  /** Server clock minus this device's clock (ms). */
  readonly clockOffset = signal(0);
  /** This device's clock, ticking twice a second (for the timer). */
  readonly now = signal(Date.now());
  readonly presence = signal<BoardPresence['people']>([]);
  /** Why the board could not be opened (not found, closed, no network on first load). */
  readonly fatal = signal<ShownError | null>(null);
  /** The last refused change, for a short message. */
  readonly refused = signal<{ error: ShownError; at: number } | null>(null);
  private readonly connection = signal<RealtimeConnectionState>('connecting');
  /** connecting → connected; reconnecting or offline after a drop (the banner and the pending count show). */
  readonly connectionState = this.connection.asReadonly();
  readonly online = computed(() => this.connection() === 'connected');

  /** What the person sees: the confirmed view with their pending ops applied. */
  readonly view = computed<BoardView | null>(() => {
    const confirmed = this.confirmed();
    if (!confirmed || !this.options) return confirmed;
    return predict(confirmed, this.pending(), this.options.actor, this.serverNow());
  });
  /** Seconds left on the facilitator's timer, the same on every device (server deadline, corrected for skew). */
  readonly secondsLeft = computed<number | null>(() => {
    const deadline = this.view()?.meta.timer.deadline;
    if (deadline === null || deadline === undefined) return null;
    return Math.max(0, Math.ceil((deadline - this.serverNow()) / 1000));
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  serverNow(): number {
    return this.now() + this.clockOffset();
  }

  start(options: BoardLiveOptions): void {
    this.options = options;
    this.pending.set(this.loadPending(options.boardId));
    for (const p of this.pending()) this.outbox.add(p.opId);
    this.queue.setElsewhere(`board:${options.boardId}`, this.pending().length);
    const channel = this.realtime.open<BoardServerEvents, BoardClientEvents>('/boards');
    this.channel = channel;
    const socket = channel.socket;
    socket.on('connect', () => {
      this.connection.set('connected');
      this.join();
    });
    socket.on('disconnect', () => {
      this.joining = false;
      this.joined = false;
      this.outbox.disconnected();
      this.connection.set(navigator.onLine === false ? 'offline' : 'reconnecting');
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      this.connection.set(navigator.onLine === false ? 'offline' : 'reconnecting');
      if (err.data?.code === ErrorCode.Unauthenticated) this.fatal.set({ code: ErrorCode.Unauthenticated });
    });
    socket.on('patch', (patch) => {
      if (patch.boardId !== options.boardId || !this.sequencer) return;
      if (this.sequencer.push(patch)) this.confirm();
      this.watchGap();
    });
    socket.on('presence', (p) => {
      if (p.boardId === options.boardId) this.presence.set(p.people);
    });
    globalThis.addEventListener?.('offline', this.wentOffline);
    if (socket.connected) {
      this.connection.set('connected');
      this.join();
    }
    this.tick = setInterval(() => this.now.set(Date.now()), 500);
  }

  /** Applies an op at once (optimistically) and sends it; refused locally = the server would refuse it too. */
  send(op: BoardOp): boolean {
    const view = this.view();
    const options = this.options;
    if (!view || !options) return false;
    const kind = view.me.role === 'facilitator' ? 'staff' : view.me.role;
    const check = applyOp(stateFromView(view), op, {
      actor: { id: view.me.userId, name: options.actor.name, kind, admin: options.actor.admin },
      now: this.serverNow(),
    });
    if (!check.ok) {
      this.refuse({ code: check.error.code });
      return false;
    }
    const item: Pending = { opId: randomId(), op };
    // The server answers a larger message with an error; checking here keeps it out of the queue.
    const size = new TextEncoder().encode(
      JSON.stringify({ boardId: options.boardId, opId: item.opId, baseSeq: view.seq, op }),
    ).length;
    if (size > BOARD_LIMITS.messageBytes) {
      this.refuse({ code: ErrorCode.BoardMessageTooLarge });
      return false;
    }
    this.pending.update((list) => [...list, item]);
    this.savePending();
    this.outbox.add(item.opId);
    this.pump();
    return true;
  }

  /** A fresh id for a card or a group (the engine accepts 8–64 letters, digits, - and _). */
  newId(): string {
    return randomId();
  }

  stop(): void {
    if (this.tick) clearInterval(this.tick);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    globalThis.removeEventListener?.('offline', this.wentOffline);
    const channel = this.channel;
    if (channel && this.options && channel.socket.connected) {
      channel.socket.emit('leave', { boardId: this.options.boardId }, () => undefined);
    }
    channel?.close();
    this.channel = null;
  }

  private readonly wentOffline = (): void => this.connection.set('offline');

  private join(): void {
    const channel = this.channel;
    const options = this.options;
    if (!channel || !options || this.joining) return;
    this.joining = true;
    const sentAt = Date.now();
    const lastSeq = this.confirmed()?.seq ?? null;
    channel.socket.emit(
      'join',
      { boardId: options.boardId, lastSeq, presenter: options.presenter ?? false },
      (ack: RealtimeAck<BoardJoinResult>) => {
        this.joining = false;
        if (!ack.ok) {
          this.fatal.set({ code: ack.error.code, details: ack.error.details });
          return;
        }
        const receivedAt = Date.now();
        // The server's clock was read about half-way through the round trip.
        this.clockOffset.set(ack.serverNow - Math.round((sentAt + receivedAt) / 2));
        this.now.set(receivedAt);
        if (ack.mode === 'view') {
          if (this.sequencer) this.sequencer.reset(ack.view);
          else this.sequencer = new PatchSequencer(ack.view);
        } else if (this.sequencer) {
          for (const patch of ack.patches) this.sequencer.push(patch);
        }
        this.fatal.set(null);
        this.joined = true;
        this.confirm();
        this.watchGap();
        // Everything not yet confirmed goes again, with the same opIds (the server applies each once), paced.
        this.pump();
      },
    );
  }

  /** Sends what the outbox says is due now, and comes back when more will be. */
  private pump(): void {
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    if (!this.joined || !this.channel?.socket.connected) return; // sent after the next join
    const now = Date.now();
    for (const opId of this.outbox.due(now)) {
      const item = this.pending().find((p) => p.opId === opId && p.ackedSeq === undefined);
      if (item) this.emit(item);
      else this.outbox.remove(opId);
    }
    const wait = this.outbox.wakeIn(Date.now());
    if (wait !== null) this.pumpTimer = setTimeout(() => this.pump(), Math.max(wait, 50));
  }

  private emit(item: Pending): void {
    const channel = this.channel;
    const options = this.options;
    if (!channel || !options) return;
    const baseSeq = this.confirmed()?.seq ?? 0;
    channel.socket.emit(
      'op',
      { boardId: options.boardId, opId: item.opId, baseSeq, op: item.op },
      (ack: RealtimeAck<{ seq: number }>) => {
        if (ack.ok) {
          this.outbox.accepted(item.opId);
          this.pending.update((list) => list.map((p) => (p.opId === item.opId ? { ...p, ackedSeq: ack.seq } : p)));
          this.savePending();
          this.prune();
        } else if (ack.error.details?.['rejoin']) {
          // The server no longer has this socket in the board (a restart, another node): the op is
          // kept and goes again, with its opId, once the join is answered.
          this.joined = false;
          this.outbox.disconnected();
          this.join();
        } else if (
          this.outbox.refused(item.opId, ack.error.code, Date.now(), ack.error.details?.['retryAfterSeconds']) ===
          'retry'
        ) {
          this.pump(); // kept: it goes again after its backoff
        } else {
          this.pending.update((list) => list.filter((p) => p.opId !== item.opId));
          this.savePending();
          this.refuse({ code: ack.error.code, details: ack.error.details });
        }
      },
    );
  }

  private confirm(): void {
    if (!this.sequencer) return;
    this.confirmed.set(this.sequencer.view);
    this.prune();
  }

  /** Confirmed ops leave the pending list once the view contains them (no flicker in between). */
  private prune(): void {
    const seq = this.confirmed()?.seq ?? 0;
    const before = this.pending();
    const after = before.filter((p) => p.ackedSeq === undefined || p.ackedSeq > seq);
    if (after.length !== before.length) {
      this.pending.set(after);
      this.savePending();
    }
  }

  /** Patches that wait for a missing one (two API nodes can deliver out of order): ask again if it never comes. */
  private watchGap(): void {
    if (this.gapTimer || !this.sequencer?.gap()) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.sequencer?.gap()) this.join();
    }, GAP_WAIT_MS);
  }

  private refuse(error: ShownError): void {
    this.refused.set({ error, at: Date.now() });
  }

  private loadPending(boardId: string): Pending[] {
    try {
      const raw = globalThis.localStorage?.getItem(PENDING_KEY(boardId));
      const list = raw ? (JSON.parse(raw) as Pending[]) : [];
      return Array.isArray(list)
        ? list.filter((p) => typeof p?.opId === 'string' && p.op).map((p) => ({ opId: p.opId, op: p.op }))
        : [];
    } catch {
      return [];
    }
  }

  private savePending(): void {
    if (!this.options) return;
    try {
      const open = this.pending().filter((p) => p.ackedSeq === undefined);
      this.queue.setElsewhere(`board:${this.options.boardId}`, open.length);
      const key = PENDING_KEY(this.options.boardId);
      if (open.length === 0) globalThis.localStorage?.removeItem(key);
      else globalThis.localStorage?.setItem(key, JSON.stringify(open.map(({ opId, op }) => ({ opId, op }))));
    } catch {
      // Private browsing or a full storage: the list stays in memory.
    }
  }
}
