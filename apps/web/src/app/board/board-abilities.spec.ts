import { BoardAction, type BoardView, type BoardViewerRole, type ProjectedCard } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { boardAllows, canAddCard, cardAbilities } from './board-abilities';

const ALL = Object.values(BoardAction);

function view(role: BoardViewerRole, over: { allows?: BoardAction[]; locked?: boolean; vote?: 'idle' | 'open'; zoneIds?: string[] } = {}): BoardView {
  return {
    seq: 1,
    meta: {
      id: 'b-1',
      title: 'Board',
      template: 'free' as BoardView['meta']['template'],
      zones: [{ id: 'ideas', titleKey: '', title: 'Ideas', kind: 'cards' }, { id: 'later', titleKey: '', title: 'Later', kind: 'cards' }],
      phases: [{ id: 'p1', titleKey: '', title: 'One', allows: over.allows ?? ALL, zoneIds: over.zoneIds ?? [] }],
      phaseId: 'p1',
      facilitator: { id: 'u-fac', name: 'Fac' },
      hidden: false,
      anonymous: false,
      locked: over.locked ?? false,
      vote: { status: over.vote ?? 'idle', votesPerPerson: 3, maxPerCard: 2 },
      timer: { deadline: null, seconds: 0 },
      follow: { on: false, zoneId: null },
    },
    cards: [],
    groups: [],
    hiddenCounts: {},
    me: { userId: 'u-me', role, cardIds: ['mine'], votes: {}, reactions: {} },
  };
}

function card(id: string, moderated = false): ProjectedCard {
  return { id, zoneId: 'ideas', text: 't', photoId: null, details: null, author: null, groupId: null, reactions: {}, votes: null, moderated, order: 1, createdAt: 0, editedAt: null };
}

describe(boardAllows.name, () => {
  it('follows the phase for participants, never on a locked board or the presenter screen, always for the facilitator', () => {
    expect(boardAllows(view('participant', { allows: [BoardAction.React] }), BoardAction.React)).toBe(true);
    expect(boardAllows(view('participant', { allows: [BoardAction.React] }), BoardAction.AddCard)).toBe(false);
    expect(boardAllows(view('participant', { locked: true }), BoardAction.React)).toBe(false);
    expect(boardAllows(view('presenter'), BoardAction.React)).toBe(false);
    expect(boardAllows(view('facilitator', { allows: [], locked: true }), BoardAction.AddCard)).toBe(true);
    expect(boardAllows(null, BoardAction.React)).toBe(false);
  });
});

describe(cardAbilities.name, () => {
  it('lets a participant edit only their own cards, and vote only while the vote is open', () => {
    const v = view('participant', { vote: 'open' });
    expect(cardAbilities(v, card('mine'))).toEqual({ mine: true, edit: true, react: true, vote: true, group: true, moderate: false });
    expect(cardAbilities(v, card('theirs'))).toMatchObject({ mine: false, edit: false, vote: true, moderate: false });
    expect(cardAbilities(view('participant', { vote: 'idle' }), card('theirs')).vote).toBe(false);
  });

  it('offers no reaction or vote on a moderated card', () => {
    expect(cardAbilities(view('participant', { vote: 'open' }), card('theirs', true))).toMatchObject({ react: false, vote: false });
  });

  it("keeps the facilitator's card buttons to the phase, but moderation always", () => {
    const abilities = cardAbilities(view('facilitator', { allows: [BoardAction.Vote], vote: 'open' }), card('theirs'));
    expect(abilities).toEqual({ mine: false, edit: false, react: false, vote: true, group: false, moderate: true });
  });
});

describe(canAddCard.name, () => {
  it('lets participants add only in the zones of the phase (all zones when it names none)', () => {
    expect(canAddCard(view('participant', { zoneIds: ['ideas'] }), 'ideas')).toBe(true);
    expect(canAddCard(view('participant', { zoneIds: ['ideas'] }), 'later')).toBe(false);
    expect(canAddCard(view('participant'), 'later')).toBe(true);
    expect(canAddCard(view('facilitator', { zoneIds: ['ideas'] }), 'later')).toBe(true);
    expect(canAddCard(view('participant', { allows: [BoardAction.React] }), 'ideas')).toBe(false);
    expect(canAddCard(view('participant'), null)).toBe(false);
  });
});
