import { BoardAction, type BoardPhase, type BoardView, type ProjectedCard } from '@atelier/contracts';

/** What the person looking at a card may do with it right now. */
export interface CardAbilities {
  mine: boolean;
  edit: boolean;
  react: boolean;
  vote: boolean;
  group: boolean;
  moderate: boolean;
}

/** The phase the board is in, or null before the view arrives. */
export function currentPhase(view: BoardView | null): BoardPhase | null {
  return view?.meta.phases.find((p) => p.id === view.meta.phaseId) ?? null;
}

/**
 * Whether the viewer may take this kind of action now: never on the presenter screen, always for the
 * facilitator, otherwise only on an unlocked board whose current phase allows it.
 */
export function boardAllows(view: BoardView | null, action: BoardAction): boolean {
  if (!view || view.me.role === 'presenter') return false;
  if (view.me.role === 'facilitator') return true;
  if (view.meta.locked) return false;
  return currentPhase(view)?.allows.includes(action) ?? false;
}

/**
 * The buttons a card shows. The facilitator may do anything at any time, but their card buttons follow the
 * phase too, so the board stays readable; moderation is always there.
 */
export function cardAbilities(view: BoardView | null, card: ProjectedCard): CardAbilities {
  const mine = view?.me.cardIds.includes(card.id) ?? false;
  const fac = view?.me.role === 'facilitator';
  const phase = currentPhase(view);
  const inPhase = (action: BoardAction) => boardAllows(view, action) && (!fac || (phase?.allows.includes(action) ?? true));
  return {
    mine,
    edit: mine && inPhase(BoardAction.EditCard),
    react: !card.moderated && inPhase(BoardAction.React),
    vote: !card.moderated && view?.meta.vote.status === 'open' && inPhase(BoardAction.Vote),
    group: inPhase(BoardAction.Group),
    moderate: fac,
  };
}

/** Whether "add a card" shows in this zone: the facilitator anywhere, others in the zones of the current phase. */
export function canAddCard(view: BoardView | null, zoneId: string | null): boolean {
  const phase = currentPhase(view);
  if (!zoneId || !boardAllows(view, BoardAction.AddCard)) return false;
  return view?.me.role === 'facilitator' || !phase || phase.zoneIds.length === 0 || phase.zoneIds.includes(zoneId);
}
