import type { BoardMe, BoardMeta, BoardReaction, BoardView, ProjectedCard, ProjectedGroup } from '@atelier/contracts';
import { isFacilitator, type BoardState, type CardState, type Viewer } from './state.js';

/**
 * Whether a viewer may receive a card at all. A card not yet revealed (hidden mode) goes to its
 * author only — not even to the facilitator or the room's screen; a card hidden by moderation goes
 * to its author and the facilitator.
 */
export function cardVisibleTo(state: BoardState, card: CardState, viewer: Viewer): boolean {
  const author = viewer.kind !== 'presenter' && card.authorId === viewer.userId;
  if (author) return true;
  if (!card.revealed) return false;
  if (card.moderated) return isFacilitator(state, viewer);
  return true;
}

export function projectMeta(state: BoardState): BoardMeta {
  return {
    id: state.id,
    title: state.title,
    template: state.template,
    zones: state.zones,
    phases: state.phases,
    phaseId: state.phaseId,
    facilitator: state.facilitator,
    hidden: state.hidden,
    anonymous: state.anonymous,
    locked: state.locked,
    vote: state.vote,
    timer: state.timer,
    follow: state.follow,
  };
}

/** Total dots per card (only used once the vote is revealed). */
export function voteTotals(state: BoardState): Map<string, number> {
  const totals = new Map<string, number>();
  for (const mine of state.votes.values())
    for (const [cardId, n] of Object.entries(mine)) totals.set(cardId, (totals.get(cardId) ?? 0) + n);
  return totals;
}

/** A card as anyone allowed to see it receives it: no reactor ids, no author when anonymous, no dots before the reveal. */
export function projectCard(state: BoardState, card: CardState, totals?: Map<string, number>): ProjectedCard {
  const reactions: ProjectedCard['reactions'] = {};
  for (const [r, people] of Object.entries(card.reactions) as [BoardReaction, string[]][])
    if (people.length > 0) reactions[r] = people.length;
  let votes: number | null = null;
  if (state.vote.status === 'revealed') {
    if (totals) votes = totals.get(card.id) ?? 0;
    else {
      votes = 0;
      for (const mine of state.votes.values()) votes += mine[card.id] ?? 0;
    }
  }
  return {
    id: card.id,
    zoneId: card.zoneId,
    text: card.text,
    photoId: card.photoId,
    details: card.details,
    author: card.anonymous || state.anonymous ? null : { id: card.authorId, name: card.authorName },
    groupId: card.groupId,
    reactions,
    votes,
    moderated: card.moderated,
    order: card.order,
    createdAt: card.createdAt,
    editedAt: card.editedAt,
  };
}

export function projectGroup(group: { id: string; zoneId: string; title: string; order: number }): ProjectedGroup {
  return { id: group.id, zoneId: group.zoneId, title: group.title, order: group.order };
}

export function hiddenCounts(state: BoardState): Record<string, number> {
  const counts: Record<string, number> = {};
  state.cards.forEach((card) => {
    if (!card.revealed) counts[card.zoneId] = (counts[card.zoneId] ?? 0) + 1;
  });
  return counts;
}

export function viewerRole(state: BoardState, viewer: Viewer): BoardMe['role'] {
  return isFacilitator(state, viewer) ? 'facilitator' : viewer.kind;
}

/** The viewer's own facts about one card. */
export function myCardFacts(
  state: BoardState,
  card: CardState,
  viewer: Viewer,
): { mine: boolean; votes: number; reactions: BoardReaction[] } {
  if (viewer.kind === 'presenter') return { mine: false, votes: 0, reactions: [] };
  const reactions: BoardReaction[] = [];
  for (const [r, people] of Object.entries(card.reactions) as [BoardReaction, string[]][])
    if (people.includes(viewer.userId)) reactions.push(r);
  return { mine: card.authorId === viewer.userId, votes: state.votes.get(viewer.userId)?.[card.id] ?? 0, reactions };
}

/** Everything one viewer may know about the board, and nothing more. */
export function project(state: BoardState, viewer: Viewer): BoardView {
  const totals = state.vote.status === 'revealed' ? voteTotals(state) : undefined;
  const cards: ProjectedCard[] = [];
  const me: BoardMe = { userId: viewer.userId, role: viewerRole(state, viewer), cardIds: [], votes: {}, reactions: {} };
  for (const card of state.cards.values()) {
    if (!cardVisibleTo(state, card, viewer)) continue;
    cards.push(projectCard(state, card, totals));
    const mine = myCardFacts(state, card, viewer);
    if (mine.mine) me.cardIds.push(card.id);
    if (mine.votes > 0) me.votes[card.id] = mine.votes;
    if (mine.reactions.length > 0) me.reactions[card.id] = mine.reactions;
  }
  cards.sort((a, b) => a.order - b.order);
  me.cardIds.sort();
  const groups = Object.values(state.groups)
    .map(projectGroup)
    .sort((a, b) => a.order - b.order);
  return { seq: state.seq, meta: projectMeta(state), cards, groups, hiddenCounts: hiddenCounts(state), me };
}
