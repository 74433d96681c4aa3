import { BoardAction, ErrorCode, type BoardMeta, type BoardOp } from '@atelier/contracts';
import { refuse, type EngineError } from './errors.js';
import type { ActorKind } from './state.js';

/** What permissions depend on: a board's state on the server, a view's `meta` on a phone. */
export type BoardRules = Pick<BoardMeta, 'phases' | 'phaseId' | 'locked' | 'facilitator'>;

/** Who asks. A staff member who is the board's facilitator facilitates. */
export interface Who {
  userId: string;
  kind: ActorKind;
  /** Organisation admins may take facilitation over from an absent facilitator. */
  admin?: boolean;
}

/** What someone may do on a board right now — the one statement of the board's permission rules. */
export interface AllowedActions {
  /** The presenter screen changes nothing. */
  readOnly: boolean;
  /** Phases, votes, timer, hidden/anonymous/lock, follow-me, moderation. */
  facilitate: boolean;
  /** Hand facilitation to someone else (the facilitator, or an admin taking over). */
  handOver: boolean;
  /** Card actions the engine accepts from this person. */
  permitted: ReadonlySet<BoardAction>;
  /** Card actions the current step offers (the facilitator may do more, but their buttons follow the step). */
  offered: ReadonlySet<BoardAction>;
  /** Zones a card may be added to; null: any zone. */
  addZones: readonly string[] | null;
}

const ALL_ACTIONS: readonly BoardAction[] = Object.values(BoardAction);
const NONE: ReadonlySet<BoardAction> = new Set();

const FACILITATOR_OPS = new Set<BoardOp['type']>([
  'vote.start',
  'vote.end',
  'phase.set',
  'timer.start',
  'timer.stop',
  'hidden.set',
  'anonymous.set',
  'lock.set',
  'follow.set',
  'card.moderate',
]);

const ACTION_OF: Partial<Record<BoardOp['type'], BoardAction>> = {
  'card.add': BoardAction.AddCard,
  'card.edit': BoardAction.EditCard,
  'card.move': BoardAction.EditCard,
  'card.delete': BoardAction.EditCard,
  'card.react': BoardAction.React,
  'card.group': BoardAction.Group,
  'group.create': BoardAction.Group,
  'group.rename': BoardAction.Group,
  'group.delete': BoardAction.Group,
  'vote.add': BoardAction.Vote,
  'vote.remove': BoardAction.Vote,
};

/**
 * What `me` may do on `board`: the reducer refuses every op this does not allow (on the server,
 * against the authoritative state) and the web client shows only the buttons it allows.
 */
export function allowedActions(board: BoardRules, me: Who): AllowedActions {
  if (me.kind === 'presenter') {
    return { readOnly: true, facilitate: false, handOver: false, permitted: NONE, offered: NONE, addZones: [] };
  }
  const facilitate = me.kind === 'staff' && me.userId === board.facilitator.id;
  const phase = board.phases.find((p) => p.id === board.phaseId);
  const inPhase = new Set(phase ? phase.allows : ALL_ACTIONS);
  const phaseZones = phase && phase.zoneIds.length > 0 ? phase.zoneIds : null;
  if (facilitate) {
    return {
      readOnly: false,
      facilitate,
      handOver: true,
      permitted: new Set(ALL_ACTIONS),
      offered: inPhase,
      addZones: null,
    };
  }
  const open = board.locked ? NONE : inPhase;
  return {
    readOnly: false,
    facilitate,
    handOver: me.kind === 'staff' && me.admin === true,
    permitted: open,
    offered: open,
    addZones: phaseZones,
  };
}

/** Why `allowed` does not cover `op`, or null when it does (the reducer then checks the board's contents). */
export function refusalOf(allowed: AllowedActions, op: BoardOp, board: BoardRules): EngineError | null {
  if (allowed.readOnly) return refuse(ErrorCode.BoardReadOnly, 'The presenter view is read-only.').error;
  if (op.type === 'facilitator.hand') {
    if (allowed.handOver) return null;
    return refuse(
      ErrorCode.BoardNotFacilitator,
      'Only the facilitator (or an administrator) can hand facilitation over.',
    ).error;
  }
  if (FACILITATOR_OPS.has(op.type)) {
    return allowed.facilitate
      ? null
      : refuse(ErrorCode.BoardNotFacilitator, 'Only the facilitator of this board can do this.').error;
  }
  if (allowed.facilitate) return null;
  if (board.locked)
    return refuse(ErrorCode.BoardLocked, 'The facilitator has locked the board for now. Wait until it is open again.')
      .error;
  const action = ACTION_OF[op.type];
  const phase = board.phases.find((p) => p.id === board.phaseId);
  if (action && phase && !allowed.permitted.has(action)) {
    const message = `This is not possible during "${phase.title}". Wait for the facilitator to move to the next step.`;
    return refuse(ErrorCode.BoardPhaseClosed, message).error;
  }
  return null;
}
