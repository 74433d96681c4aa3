import type { BoardPatch, BoardReaction, BoardView, ProjectedCard, ProjectedGroup } from '@atelier/contracts';
import {
  cardVisibleTo,
  hiddenCounts,
  myCardFacts,
  projectCard,
  projectGroup,
  projectMeta,
  voteTotals,
} from './projection.js';
import type { Change } from './reducer.js';
import type { BoardState, Viewer } from './state.js';

/** The viewer every "ordinary" person is: no card of theirs was touched, they did not act, they do not facilitate. */
export const GENERIC_VIEWER: Viewer = { userId: '\u0000anyone', kind: 'participant' };

function touchedCardIds(before: BoardState, after: BoardState, change: Change): string[] {
  if (!change.allCards) return change.cards;
  const ids = new Set(before.cards.keys());
  for (const id of after.cards.keys()) ids.add(id);
  return [...ids];
}

/**
 * The change of one viewer's view from `before` to `after` (one op). Applying it with `applyPatch`
 * to `project(before, viewer)` gives exactly `project(after, viewer)` (a property test holds the
 * engine to it). A card the viewer may not see is never in it — not even its id.
 */
export function patchFor(before: BoardState, after: BoardState, change: Change, viewer: Viewer): BoardPatch {
  const patch: BoardPatch = { boardId: after.id, seq: after.seq };
  if (change.meta) patch.meta = projectMeta(after);
  const totals = after.vote.status === 'revealed' && change.allCards ? voteTotals(after) : undefined;
  const cards: ProjectedCard[] = [];
  const removed: string[] = [];
  const votes: Record<string, number> = {};
  const reactions: Record<string, BoardReaction[]> = {};
  let cardIdsChanged = false;
  for (const id of touchedCardIds(before, after, change)) {
    const b = before.cards.get(id);
    const a = after.cards.get(id);
    const was = b !== undefined && cardVisibleTo(before, b, viewer);
    const is = a !== undefined && cardVisibleTo(after, a, viewer);
    if (is) {
      const pa = projectCard(after, a, totals);
      // Skip cards whose projection did not change (a dot is invisible to others before the reveal).
      if (!was || !sameCard(projectCard(before, b, totals), pa)) cards.push(pa);
    } else if (was) removed.push(id);
    const mb = was ? myCardFacts(before, b, viewer) : null;
    const ma = is ? myCardFacts(after, a, viewer) : null;
    if ((mb?.mine ?? false) !== (ma?.mine ?? false)) cardIdsChanged = true;
    // A card leaving the view takes the viewer's dots and reactions with it (applyPatch does that).
    if (!ma) continue;
    if (!change.resetVotes && (mb?.votes ?? 0) !== ma.votes) votes[id] = ma.votes;
    if (!sameList(mb?.reactions ?? [], ma.reactions)) reactions[id] = ma.reactions;
  }
  if (cards.length > 0) patch.cards = cards.sort((x, y) => x.order - y.order);
  if (removed.length > 0) patch.removedCards = removed;
  const groups: ProjectedGroup[] = [];
  const removedGroups: string[] = [];
  for (const id of change.groups) {
    const g = after.groups[id];
    if (g) groups.push(projectGroup(g));
    else if (before.groups[id]) removedGroups.push(id);
  }
  if (groups.length > 0) patch.groups = groups;
  if (removedGroups.length > 0) patch.removedGroups = removedGroups;
  if (change.hiddenCounts) patch.hiddenCounts = hiddenCounts(after);
  const me: NonNullable<BoardPatch['me']> = {};
  if (cardIdsChanged) {
    const ids: string[] = [];
    if (viewer.kind !== 'presenter') after.cards.forEach((c) => c.authorId === viewer.userId && ids.push(c.id));
    me.cardIds = ids.sort();
  }
  if (change.resetVotes) me.resetVotes = true;
  if (Object.keys(votes).length > 0) me.votes = votes;
  if (Object.keys(reactions).length > 0) me.reactions = reactions;
  if (Object.keys(me).length > 0) patch.me = me;
  return patch;
}

/**
 * The people whose patch may differ from `GENERIC_VIEWER`'s for this change: the actor, the
 * facilitator before and after, and the authors of touched cards that not everyone can see. The
 * server sends the generic patch to the board's room except these people, and each of them their own.
 */
export function specialUsers(before: BoardState, after: BoardState, change: Change, actorId: string): Set<string> {
  const users = new Set<string>([actorId, before.facilitator.id, after.facilitator.id]);
  const ids = change.allCards ? touchedCardIds(before, after, change) : change.cards;
  for (const id of ids) {
    for (const c of [before.cards.get(id), after.cards.get(id)]) {
      if (!c) continue;
      if (!change.allCards || !c.revealed || c.moderated) users.add(c.authorId);
    }
  }
  return users;
}

function sameCard(x: ProjectedCard, y: ProjectedCard): boolean {
  return sameJson(x, y);
}

/** Deep equality of JSON-like values (what JSON.stringify would print the same), without printing them. */
function sameJson(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const xs = x as Record<string, unknown>;
  const ys = y as Record<string, unknown>;
  const keys = Object.keys(xs).filter((k) => xs[k] !== undefined);
  if (keys.length !== Object.keys(ys).filter((k) => ys[k] !== undefined).length) return false;
  return keys.every((k) => sameJson(xs[k], ys[k]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Applies a patch to a view (the client's confirmed view). Returns a new view; the old one is not
 * changed. Patches must be applied in seq order (see `PatchSequencer`).
 */
export function applyPatch(view: BoardView, patch: BoardPatch): BoardView {
  const cards = new Map(view.cards.map((c) => [c.id, c]));
  const groups = new Map(view.groups.map((g) => [g.id, g]));
  let cardIds = view.me.cardIds;
  let votes = patch.me?.resetVotes ? {} : { ...view.me.votes };
  let reactions = { ...view.me.reactions };
  for (const id of patch.removedCards ?? []) {
    cards.delete(id);
    delete votes[id];
    delete reactions[id];
    cardIds = cardIds.filter((c) => c !== id);
  }
  for (const c of patch.cards ?? []) cards.set(c.id, c);
  for (const id of patch.removedGroups ?? []) groups.delete(id);
  for (const g of patch.groups ?? []) groups.set(g.id, g);
  if (patch.me?.cardIds) cardIds = patch.me.cardIds;
  for (const [id, n] of Object.entries(patch.me?.votes ?? {})) {
    if (n > 0) votes[id] = n;
    else delete votes[id];
  }
  for (const [id, rs] of Object.entries(patch.me?.reactions ?? {})) {
    if (rs.length > 0) reactions[id] = rs;
    else delete reactions[id];
  }
  votes = { ...votes };
  reactions = { ...reactions };
  const meta = patch.meta ?? view.meta;
  let role = view.me.role;
  if (role === 'staff' || role === 'facilitator')
    role = meta.facilitator.id === view.me.userId ? 'facilitator' : 'staff';
  return {
    seq: patch.seq,
    meta,
    cards: [...cards.values()].sort((a, b) => a.order - b.order),
    groups: [...groups.values()].sort((a, b) => a.order - b.order),
    hiddenCounts: patch.hiddenCounts ?? view.hiddenCounts,
    me: { ...view.me, role, cardIds, votes, reactions },
  };
}
