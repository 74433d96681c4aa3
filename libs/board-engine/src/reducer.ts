import { BOARD_LIMITS, ErrorCode, type BoardOp, type SceneDetails } from '@atelier/contracts';
import { invalid, refuse, type EngineError } from './errors.js';
import { cardVisibleTo } from './projection.js';
import { allowedActions, refusalOf } from './permissions.js';
import { type Actor, type BoardState, type CardState } from './state.js';
import { Table } from './table.js';
import { normaliseLabel, normaliseText, visibleLength } from './text.js';

/** What an op touched, so the server can send each viewer only the change of their view. */
export interface Change {
  /** Card ids added, changed or removed. */
  cards: string[];
  groups: string[];
  meta: boolean;
  hiddenCounts: boolean;
  /** Every card may look different (reveal, anonymity, end of vote, new facilitator). */
  allCards: boolean;
  /** Everybody's dots were cleared (a new vote). */
  resetVotes: boolean;
}

export interface OpContext {
  actor: Actor;
  /** Server time (epoch ms) the op is applied at: timers and timestamps use it. */
  now: number;
  /** For `facilitator.hand`: the new facilitator as the server found them (logged with the op, replayed the same). */
  handTo?: { id: string; name: string };
}

export type ApplyResult = { ok: true; state: BoardState; change: Change } | { ok: false; error: EngineError };

function change(partial: Partial<Change> = {}): Change {
  return { cards: [], groups: [], meta: false, hiddenCounts: false, allCards: false, resetVotes: false, ...partial };
}

const ok = (state: BoardState, c: Change): ApplyResult => ({ ok: true, state, change: c });

/**
 * Applies one op for one actor: checks permissions and limits, then returns the new state (the old
 * one is left untouched) and what changed — or a refusal that changes nothing. Deterministic: the
 * server replays the op log through it, and clients run it for optimistic updates.
 */
export function applyOp(state: BoardState, op: BoardOp, ctx: OpContext): ApplyResult {
  const { actor } = ctx;
  const allowed = allowedActions(state, { userId: actor.id, kind: actor.kind, admin: actor.admin });
  const refused = refusalOf(allowed, op, state);
  if (refused) return { ok: false, error: refused };
  const fac = allowed.facilitate;
  if (op.type === 'facilitator.hand') return handOver(state, op.to, ctx);
  const next = { ...state, seq: state.seq + 1 };
  switch (op.type) {
    case 'card.add':
      return addCard(next, op, ctx, allowed.addZones);
    case 'card.edit': {
      const card = ownCard(state, op.cardId, actor, false);
      if ('error' in card) return card;
      const edited: CardState = { ...card, editedAt: ctx.now };
      if (op.text !== undefined) edited.text = normaliseText(op.text);
      if (op.photoId !== undefined) edited.photoId = op.photoId;
      if (op.details !== undefined) edited.details = cleanDetails(op.details);
      const bad = checkContent(edited.text, edited.photoId);
      if (bad) return bad;
      return ok(withCard(next, edited), change({ cards: [card.id] }));
    }
    case 'card.move': {
      const card = ownCard(state, op.cardId, actor, fac);
      if ('error' in card) return card;
      if (!state.zones.some((z) => z.id === op.zoneId)) return invalid('This zone does not exist on the board.');
      if (card.zoneId === op.zoneId) return ok(next, change());
      return ok(
        withCard(next, { ...card, zoneId: op.zoneId, groupId: null }),
        change({ cards: [card.id], hiddenCounts: !card.revealed }),
      );
    }
    case 'card.delete': {
      const card = ownCard(state, op.cardId, actor, false);
      if ('error' in card) return card;
      return ok(withoutCard(next, card), change({ cards: [card.id], hiddenCounts: !card.revealed }));
    }
    case 'card.react': {
      const card = visibleCard(state, op.cardId, actor);
      if ('error' in card) return card;
      const people = card.reactions[op.reaction] ?? [];
      const has = people.includes(actor.id);
      if (has === op.on) return ok(next, change());
      const reactions = {
        ...card.reactions,
        [op.reaction]: op.on ? [...people, actor.id] : people.filter((p) => p !== actor.id),
      };
      if (reactions[op.reaction]!.length === 0) delete reactions[op.reaction];
      return ok(withCard(next, { ...card, reactions }), change({ cards: [card.id] }));
    }
    case 'card.group': {
      const card = visibleCard(state, op.cardId, actor);
      if ('error' in card) return card;
      if (op.groupId !== null) {
        const group = state.groups[op.groupId];
        if (!group) return refuse(ErrorCode.BoardCardGone, 'This group was removed. Choose another group.');
        if (group.zoneId !== card.zoneId) return invalid('A card can only join a group in its own zone.');
      }
      if (card.groupId === op.groupId) return ok(next, change());
      return ok(withCard(next, { ...card, groupId: op.groupId }), change({ cards: [card.id] }));
    }
    case 'group.create': {
      if (state.groups[op.groupId]) return refuse(ErrorCode.BoardOpConflict, 'A group with this id already exists.');
      if (!state.zones.some((z) => z.id === op.zoneId)) return invalid('This zone does not exist on the board.');
      if (Object.keys(state.groups).length >= BOARD_LIMITS.groups)
        return refuse(ErrorCode.BoardFull, 'This board has as many groups as it can hold.');
      const title = normaliseLabel(op.title);
      if (visibleLength(title) > BOARD_LIMITS.groupTitle)
        return refuse(
          ErrorCode.BoardCardTooLong,
          `A group name can have at most ${BOARD_LIMITS.groupTitle} characters.`,
        );
      let cards = next.cards;
      for (const cardId of op.cardIds) {
        const card = visibleCard(state, cardId, actor);
        if ('error' in card) return card;
        if (card.zoneId !== op.zoneId) return invalid('A card can only join a group in its own zone.');
        cards = cards.set(cardId, { ...card, groupId: op.groupId });
      }
      const groups = {
        ...next.groups,
        [op.groupId]: { id: op.groupId, zoneId: op.zoneId, title, order: next.nextOrder },
      };
      return ok(
        { ...next, cards, groups, nextOrder: next.nextOrder + 1 },
        change({ cards: op.cardIds, groups: [op.groupId] }),
      );
    }
    case 'group.rename': {
      const group = state.groups[op.groupId];
      if (!group) return refuse(ErrorCode.BoardCardGone, 'This group was removed.');
      const title = normaliseLabel(op.title);
      if (visibleLength(title) > BOARD_LIMITS.groupTitle)
        return refuse(
          ErrorCode.BoardCardTooLong,
          `A group name can have at most ${BOARD_LIMITS.groupTitle} characters.`,
        );
      return ok(
        { ...next, groups: { ...next.groups, [group.id]: { ...group, title } } },
        change({ groups: [group.id] }),
      );
    }
    case 'group.delete': {
      const group = state.groups[op.groupId];
      if (!group) return refuse(ErrorCode.BoardCardGone, 'This group was removed already.');
      const groups = { ...next.groups };
      delete groups[group.id];
      const touched: string[] = [];
      const cards = state.cards.map((card) => {
        if (card.groupId !== group.id) return card;
        touched.push(card.id);
        return { ...card, groupId: null };
      });
      return ok({ ...next, cards, groups }, change({ cards: touched, groups: [group.id] }));
    }
    case 'vote.add':
    case 'vote.remove':
      return vote(next, op.type === 'vote.add' ? 1 : -1, op.cardId, actor);
    case 'vote.start':
      if (op.maxPerCard > op.votesPerPerson)
        return invalid('The maximum per card cannot be more than the dots each person has.');
      return ok(
        {
          ...next,
          votes: Table.empty(),
          vote: { status: 'open', votesPerPerson: op.votesPerPerson, maxPerCard: op.maxPerCard },
        },
        change({ meta: true, resetVotes: true, allCards: state.vote.status === 'revealed' }),
      );
    case 'vote.end':
      if (state.vote.status !== 'open') return refuse(ErrorCode.BoardVoteClosed, 'There is no vote going on.');
      return ok({ ...next, vote: { ...state.vote, status: 'revealed' } }, change({ meta: true, allCards: true }));
    case 'phase.set':
      if (!state.phases.some((p) => p.id === op.phaseId)) return invalid('This step does not exist on the board.');
      return ok({ ...next, phaseId: op.phaseId }, change({ meta: true }));
    case 'timer.start':
      return ok(
        { ...next, timer: { deadline: ctx.now + op.seconds * 1000, seconds: op.seconds } },
        change({ meta: true }),
      );
    case 'timer.stop':
      return ok({ ...next, timer: { deadline: null, seconds: 0 } }, change({ meta: true }));
    case 'hidden.set': {
      if (op.on) return ok({ ...next, hidden: true }, change({ meta: true }));
      // Ending hidden mode is the reveal: every card is sent to everyone.
      const cards = state.cards.map((card) => (card.revealed ? card : { ...card, revealed: true }));
      return ok({ ...next, hidden: false, cards }, change({ meta: true, allCards: true, hiddenCounts: true }));
    }
    case 'anonymous.set':
      return ok({ ...next, anonymous: op.on }, change({ meta: true, allCards: true }));
    case 'lock.set':
      return ok({ ...next, locked: op.on }, change({ meta: true }));
    case 'follow.set':
      if (op.zoneId !== null && !state.zones.some((z) => z.id === op.zoneId))
        return invalid('This zone does not exist on the board.');
      return ok({ ...next, follow: { on: op.on, zoneId: op.zoneId } }, change({ meta: true }));
    case 'card.moderate': {
      const card = visibleCard(state, op.cardId, actor);
      if ('error' in card) return card;
      if (op.action === 'remove')
        return ok(withoutCard(next, card), change({ cards: [card.id], hiddenCounts: !card.revealed }));
      const moderated = op.action === 'hide';
      if (card.moderated === moderated) return ok(next, change());
      // A hidden card loses its dots and reactions: nobody can see what they were for.
      const cleared = moderated ? withoutVotesOn({ ...next }, card.id) : next;
      return ok(
        withCard(cleared, { ...card, moderated, reactions: moderated ? {} : card.reactions }),
        change({ cards: [card.id] }),
      );
    }
  }
}

function addCard(
  next: BoardState,
  op: Extract<BoardOp, { type: 'card.add' }>,
  ctx: OpContext,
  zones: readonly string[] | null,
): ApplyResult {
  if (next.cards.has(op.cardId)) return refuse(ErrorCode.BoardOpConflict, 'A card with this id already exists.');
  if (!next.zones.some((z) => z.id === op.zoneId)) return invalid('This zone does not exist on the board.');
  const phase = next.phases.find((p) => p.id === next.phaseId);
  if (phase && zones && !zones.includes(op.zoneId)) {
    return refuse(ErrorCode.BoardPhaseClosed, `Cards go in another zone during "${phase.title}".`);
  }
  if (next.cards.size >= BOARD_LIMITS.cards)
    return refuse(ErrorCode.BoardFull, 'This board has as many cards as it can hold.');
  const text = normaliseText(op.text);
  const photoId = op.photoId ?? null;
  const bad = checkContent(text, photoId);
  if (bad) return bad;
  const card: CardState = {
    id: op.cardId,
    zoneId: op.zoneId,
    text,
    photoId,
    details: cleanDetails(op.details ?? null),
    authorId: ctx.actor.id,
    authorName: ctx.actor.name,
    anonymous: next.anonymous,
    revealed: !next.hidden,
    moderated: false,
    groupId: null,
    reactions: {},
    order: next.nextOrder,
    createdAt: ctx.now,
    editedAt: null,
  };
  return ok(
    { ...withCard(next, card), nextOrder: next.nextOrder + 1 },
    change({ cards: [card.id], hiddenCounts: !card.revealed }),
  );
}

function checkContent(text: string, photoId: string | null): ApplyResult | null {
  if (text.length === 0 && photoId === null) return refuse(ErrorCode.BoardCardEmpty, 'Write something or add a photo.');
  const n = visibleLength(text);
  if (n > BOARD_LIMITS.cardText)
    return refuse(
      ErrorCode.BoardCardTooLong,
      `A card can have at most ${BOARD_LIMITS.cardText} characters (this one has ${n}). Make it shorter or split it.`,
    );
  return null;
}

function cleanDetails(d: SceneDetails | null): SceneDetails | null {
  if (!d) return null;
  const out: SceneDetails = {};
  const who = d.who === undefined ? '' : normaliseLabel(d.who);
  const where = d.where === undefined ? '' : normaliseLabel(d.where);
  if (who) out.who = truncate(who);
  if (where) out.where = truncate(where);
  if (d.shot) out.shot = d.shot;
  return Object.keys(out).length > 0 ? out : null;
}

function truncate(s: string): string {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)]
    .slice(0, BOARD_LIMITS.detail)
    .map((x) => x.segment)
    .join('');
}

function vote(next: BoardState, delta: 1 | -1, cardId: string, actor: Actor): ApplyResult {
  if (next.vote.status !== 'open')
    return refuse(ErrorCode.BoardVoteClosed, 'Voting is not open. Wait for the facilitator to start the vote.');
  const card = visibleCard(next, cardId, actor);
  if ('error' in card) return card;
  if (card.moderated) return refuse(ErrorCode.BoardCardGone, 'This card was hidden by the facilitator.');
  const mine = next.votes.get(actor.id) ?? {};
  const onCard = mine[cardId] ?? 0;
  if (delta === 1) {
    const used = Object.values(mine).reduce((a, b) => a + b, 0);
    if (used >= next.vote.votesPerPerson) {
      return refuse(
        ErrorCode.BoardVoteBudgetSpent,
        `You have used all your ${next.vote.votesPerPerson} dots. Take one back from a card to vote again.`,
      );
    }
    if (onCard >= next.vote.maxPerCard)
      return refuse(ErrorCode.BoardVoteCardMax, `At most ${next.vote.maxPerCard} dot(s) per card.`);
  } else if (onCard === 0) {
    return invalid('You have no dot on this card.');
  }
  const updated = { ...mine, [cardId]: onCard + delta };
  if (updated[cardId] === 0) delete updated[cardId];
  return ok({ ...next, votes: next.votes.set(actor.id, updated) }, change({ cards: [cardId] }));
}

function handOver(state: BoardState, to: { id: string; name: string }, ctx: OpContext): ApplyResult {
  if (to.id === state.facilitator.id) return invalid('This person is already the facilitator.');
  // The server names the new facilitator as the organisation knows them; a phone predicts with the name it sent.
  const name = normaliseLabel(ctx.handTo?.id === to.id ? ctx.handTo.name : to.name);
  if (!name) return invalid('The new facilitator needs a name.');
  return ok({ ...state, seq: state.seq + 1, facilitator: { id: to.id, name } }, change({ meta: true, allCards: true }));
}

/** A card the actor can see, or the refusal to give when they cannot (it was deleted or is not theirs to see). */
function visibleCard(state: BoardState, cardId: string, actor: Actor): CardState | { ok: false; error: EngineError } {
  const card = state.cards.get(cardId);
  if (!card || !cardVisibleTo(state, card, { userId: actor.id, kind: actor.kind })) {
    return refuse(ErrorCode.BoardCardGone, 'This card was deleted or hidden.');
  }
  return card;
}

function ownCard(
  state: BoardState,
  cardId: string,
  actor: Actor,
  facilitatorMayToo: boolean,
): CardState | { ok: false; error: EngineError } {
  const card = visibleCard(state, cardId, actor);
  if ('error' in card) return card;
  if (card.authorId !== actor.id && !facilitatorMayToo)
    return refuse(ErrorCode.BoardNotAuthor, 'You can only change your own cards.');
  return card;
}

function withCard(state: BoardState, card: CardState): BoardState {
  return { ...state, cards: state.cards.set(card.id, card) };
}

function withoutCard(state: BoardState, card: CardState): BoardState {
  return withoutVotesOn({ ...state, cards: state.cards.delete(card.id) }, card.id);
}

/** Gives everybody's dots on one card back. */
function withoutVotesOn(state: BoardState, cardId: string): BoardState {
  const votes = state.votes.map((mine) => {
    if (mine[cardId] === undefined) return mine;
    const updated = { ...mine };
    delete updated[cardId];
    return updated;
  });
  return votes === state.votes ? state : { ...state, votes };
}
