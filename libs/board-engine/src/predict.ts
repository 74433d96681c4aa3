import type { BoardOp, BoardPatch, BoardReaction, BoardView } from '@atelier/contracts';
import { applyPatch } from './patch.js';
import { project } from './projection.js';
import { applyOp } from './reducer.js';
import type { ActorKind, BoardState, CardState } from './state.js';
import { Table } from './table.js';

/**
 * Client side: rebuilds a state from a view, as far as the viewer knows it (their own dots and
 * reactions, other people's reactions as anonymous placeholders, no hidden cards of others). The
 * reducer's permission checks and limits then work on it as on the server: vote budgets, the
 * phase's allowed actions, own-card rules.
 */
export function stateFromView(view: BoardView): BoardState {
  const m = view.meta;
  const cards: Array<[string, CardState]> = [];
  const mine = new Set(view.me.cardIds);
  let nextOrder = 1;
  for (const c of view.cards) {
    const reactions: CardState['reactions'] = {};
    for (const [r, n] of Object.entries(c.reactions) as [BoardReaction, number][]) {
      const my = view.me.reactions[c.id]?.includes(r) ?? false;
      const others = Array.from({ length: Math.max(0, n - (my ? 1 : 0)) }, (_, i) => `\u0000other-${i}`);
      reactions[r] = my ? [...others, view.me.userId] : others;
    }
    cards.push([
      c.id,
      {
        id: c.id,
        zoneId: c.zoneId,
        text: c.text,
        photoId: c.photoId,
        details: c.details,
        authorId: mine.has(c.id) ? view.me.userId : (c.author?.id ?? '\u0000someone'),
        authorName: c.author?.name ?? '',
        anonymous: c.author === null,
        revealed: true,
        moderated: c.moderated,
        groupId: c.groupId,
        reactions,
        order: c.order,
        createdAt: c.createdAt,
        editedAt: c.editedAt,
      },
    ]);
    nextOrder = Math.max(nextOrder, c.order + 1);
  }
  const groups: BoardState['groups'] = {};
  for (const g of view.groups) {
    groups[g.id] = { ...g };
    nextOrder = Math.max(nextOrder, g.order + 1);
  }
  return {
    id: m.id,
    title: m.title,
    template: m.template,
    zones: m.zones,
    phases: m.phases,
    phaseId: m.phaseId,
    facilitator: m.facilitator,
    hidden: m.hidden,
    anonymous: m.anonymous,
    locked: m.locked,
    vote: m.vote,
    timer: m.timer,
    follow: m.follow,
    cards: Table.from(cards),
    groups,
    votes: Table.from([[view.me.userId, { ...view.me.votes }]]),
    nextOrder,
    seq: view.seq,
  };
}

export interface PendingOp {
  opId: string;
  op: BoardOp;
}

/**
 * The optimistic view: the confirmed view with the client's un-acknowledged ops applied, in order,
 * by the same reducer the server runs. An op the reducer refuses is left out (the server will
 * refuse it too and its error ack tells the user why). Hidden counts stay the server's.
 *
 * Client loop (see docs/ARCHITECTURE.md "Live boards"):
 *   confirmed = join().view; pending = []
 *   on user action: pending.push({opId: uuid(), op}); emit('op', {boardId, opId, baseSeq: confirmed.seq, op}, ack)
 *   on 'patch': sequencer.push(patch) → confirmed = sequencer.view
 *   on ack {ok, seq}: drop the op from pending (once confirmed.seq >= seq the change is in the view)
 *   on ack {ok:false}: drop it and show errors.<code>
 *   on reconnect: join({boardId, lastSeq: confirmed.seq}), then re-send every pending op with its opId
 *   shown = predict(confirmed, pending, me, now)
 */
export function predict(
  confirmed: BoardView,
  pending: readonly PendingOp[],
  actor: { name: string; admin?: boolean },
  now: number,
): BoardView {
  if (pending.length === 0) return confirmed;
  const kind: ActorKind = confirmed.me.role === 'facilitator' ? 'staff' : confirmed.me.role;
  let state = stateFromView(confirmed);
  for (const p of pending) {
    const r = applyOp(state, p.op, {
      actor: { id: confirmed.me.userId, name: actor.name, kind, admin: actor.admin },
      now,
    });
    if (r.ok) state = r.state;
  }
  const view = project(state, { userId: confirmed.me.userId, kind });
  return { ...view, seq: confirmed.seq, hiddenCounts: confirmed.hiddenCounts };
}

/**
 * Applies patches strictly in seq order: early ones (two API nodes can deliver out of order) wait
 * for the missing ones; `gap()` says the client should re-join with `lastSeq` when they do not come.
 */
export class PatchSequencer {
  private waiting = new Map<number, BoardPatch>();

  constructor(public view: BoardView) {}

  /** Returns true when the view changed. */
  push(patch: BoardPatch): boolean {
    if (patch.seq <= this.view.seq) return false;
    this.waiting.set(patch.seq, patch);
    let changed = false;
    for (let next = this.waiting.get(this.view.seq + 1); next; next = this.waiting.get(this.view.seq + 1)) {
      this.waiting.delete(next.seq);
      this.view = applyPatch(this.view, next);
      changed = true;
    }
    return changed;
  }

  /** Replaces the view (a fresh one from join) and keeps the patches that are newer. */
  reset(view: BoardView): void {
    this.view = view;
    for (const seq of [...this.waiting.keys()]) if (seq <= view.seq) this.waiting.delete(seq);
    this.push({ boardId: view.meta.id, seq: view.seq });
  }

  /** Patches are waiting for a missing earlier one. */
  gap(): boolean {
    return this.waiting.size > 0;
  }
}
