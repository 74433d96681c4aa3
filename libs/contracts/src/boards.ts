import type { RealtimeAck } from './realtime.js';

/**
 * Live facilitation boards: the wire format between the API and the web client.
 *
 * The authoritative board state lives in the server (libs/board-engine `BoardState`); nobody ever
 * receives it. Each viewer receives a *projection* (`BoardView`) and then *patches* (`BoardPatch`)
 * computed for them: hidden cards of others carry no text or author at all, authors are absent in
 * anonymous mode, and dot votes of others are absent until the facilitator ends the vote.
 */

export enum BoardTemplate {
  /** welcome round → ideas → cluster → dot vote → next steps → farewell round */
  CoCreation = 'co-creation',
  /** scene cards (who / where / shot) in opening, middle and ending zones */
  VideoStoryboard = 'video-storyboard',
  Retrospective = 'retrospective',
  Blank = 'blank',
}

/** What a phase lets participants do. Facilitators' own controls are never limited by a phase. */
export enum BoardAction {
  AddCard = 'add-card',
  /** Edit, move or delete one's own cards. */
  EditCard = 'edit-card',
  Group = 'group',
  React = 'react',
  Vote = 'vote',
}

export const BOARD_LIMITS = {
  /** Visible characters (grapheme clusters: an emoji counts once). */
  cardText: 500,
  groupTitle: 80,
  boardTitle: 120,
  detail: 120,
  /** Cards on one board, to keep every phone's view small enough. */
  cards: 2000,
  groups: 300,
  votesPerPerson: 20,
  maxVotesPerCard: 10,
  timerSeconds: 4 * 3600,
  /** One socket message (`op`) as JSON, in bytes: clients check before sending, the server answers larger ones. */
  messageBytes: 64 * 1024,
} as const;

/** Reactions are pictograms (they carry meaning without reading). */
export const BOARD_REACTIONS = ['👍', '❤️', '😂', '😮', '🙏', '💡', '👏', '❓'] as const;
export type BoardReaction = (typeof BOARD_REACTIONS)[number];

export const SHOT_SIZES = ['wide', 'medium', 'close-up', 'detail'] as const;
export type ShotSize = (typeof SHOT_SIZES)[number];

/** Extra fields of a scene card on a video storyboard. */
export interface SceneDetails {
  who?: string;
  where?: string;
  shot?: ShotSize;
}

export interface BoardZone {
  id: string;
  /** Translation key (`board.zones.<id>`) for template zones; the UI falls back to `title`. */
  titleKey: string;
  title: string;
  /** 'scenes' zones show the who / where / shot fields. */
  kind: 'cards' | 'scenes';
}

export interface BoardPhase {
  id: string;
  /** Translation key `board.phases.<id>`. */
  titleKey: string;
  title: string;
  allows: BoardAction[];
  /** Zones where cards can be added in this phase (and where "follow me" starts); empty = all. */
  zoneIds: string[];
}

export type VoteStatus = 'idle' | 'open' | 'revealed';

/** Everything about a board that is the same for every viewer. */
export interface BoardMeta {
  id: string;
  title: string;
  template: BoardTemplate;
  zones: BoardZone[];
  phases: BoardPhase[];
  phaseId: string;
  facilitator: { id: string; name: string };
  /** Cards of others are not sent to anyone until reveal. */
  hidden: boolean;
  /** Authors are never sent (except to themselves, as `me.cardIds`). */
  anonymous: boolean;
  /** Read-only for everyone but the facilitator. */
  locked: boolean;
  vote: { status: VoteStatus; votesPerPerson: number; maxPerCard: number };
  /** Server-held deadline (epoch ms, server clock) or null; clients correct it with their clock offset. */
  timer: { deadline: number | null; seconds: number };
  /** When on, every view jumps to the current phase and this zone (null: the phase's first zone). */
  follow: { on: boolean; zoneId: string | null };
}

/** A card as a viewer may see it. Nothing in it depends on who looks (viewer-specific facts are in `me`). */
export interface ProjectedCard {
  id: string;
  zoneId: string;
  text: string;
  photoId: string | null;
  details: SceneDetails | null;
  /** Null in anonymous mode and for cards written while the board was anonymous. */
  author: { id: string; name: string } | null;
  groupId: string | null;
  /** Count per reaction. */
  reactions: Partial<Record<BoardReaction, number>>;
  /** Total dots, only once the vote is revealed; null before. */
  votes: number | null;
  /** Hidden by the facilitator: only the facilitator and the author see it, marked so. */
  moderated: boolean;
  /** Creation order, for stable sorting. */
  order: number;
  createdAt: number;
  editedAt: number | null;
}

export interface ProjectedGroup {
  id: string;
  zoneId: string;
  title: string;
  order: number;
}

/** The facts that only concern the viewer. */
export interface BoardMe {
  userId: string;
  role: BoardViewerRole;
  /** Cards this viewer wrote (also in anonymous mode: only they receive this). */
  cardIds: string[];
  /** This viewer's dots per card in the current vote. */
  votes: Record<string, number>;
  /** This viewer's reactions per card. */
  reactions: Record<string, BoardReaction[]>;
}

export type BoardViewerRole = 'facilitator' | 'staff' | 'participant' | 'presenter';

export interface BoardView {
  seq: number;
  meta: BoardMeta;
  cards: ProjectedCard[];
  groups: ProjectedGroup[];
  /** Cards not yet revealed (hidden mode), per zone, everybody's included. Their content is never sent. */
  hiddenCounts: Record<string, number>;
  me: BoardMe;
}

/**
 * A change of one viewer's view, in seq order. Apply with `applyPatch` (board-engine): upsert cards
 * and groups, remove the listed ones (and the viewer's votes/reactions on removed cards), replace
 * meta and hiddenCounts when present, merge `me`.
 */
export interface BoardPatch {
  boardId: string;
  seq: number;
  meta?: BoardMeta;
  cards?: ProjectedCard[];
  removedCards?: string[];
  groups?: ProjectedGroup[];
  removedGroups?: string[];
  hiddenCounts?: Record<string, number>;
  /** Replaces the listed fields of `me` (votes and reactions: per card, a card missing from the map is untouched). */
  me?: {
    cardIds?: string[];
    votes?: Record<string, number>;
    reactions?: Record<string, BoardReaction[]>;
    resetVotes?: boolean;
  };
}

// ---- operations (client → server) ---------------------------------------------------------

export type BoardOp =
  | {
      type: 'card.add';
      cardId: string;
      zoneId: string;
      text: string;
      photoId?: string | null;
      details?: SceneDetails | null;
    }
  | { type: 'card.edit'; cardId: string; text?: string; photoId?: string | null; details?: SceneDetails | null }
  | { type: 'card.move'; cardId: string; zoneId: string }
  | { type: 'card.delete'; cardId: string }
  | { type: 'card.react'; cardId: string; reaction: BoardReaction; on: boolean }
  | { type: 'card.group'; cardId: string; groupId: string | null }
  | { type: 'group.create'; groupId: string; zoneId: string; title: string; cardIds: string[] }
  | { type: 'group.rename'; groupId: string; title: string }
  | { type: 'group.delete'; groupId: string }
  | { type: 'vote.add'; cardId: string }
  | { type: 'vote.remove'; cardId: string }
  // facilitator only
  | { type: 'vote.start'; votesPerPerson: number; maxPerCard: number }
  | { type: 'vote.end' }
  | { type: 'phase.set'; phaseId: string }
  | { type: 'timer.start'; seconds: number }
  | { type: 'timer.stop' }
  | { type: 'hidden.set'; on: boolean }
  | { type: 'anonymous.set'; on: boolean }
  | { type: 'lock.set'; on: boolean }
  | { type: 'follow.set'; on: boolean; zoneId: string | null }
  | { type: 'card.moderate'; cardId: string; action: 'hide' | 'show' | 'remove' }
  /** The server fills in `to.name` from the organisation's staff list. */
  | { type: 'facilitator.hand'; to: { id: string; name: string } };

export type BoardOpType = BoardOp['type'];

/** What a client sends on the `op` event. `opId` is a client-generated uuid: sending it again is safe. */
export interface BoardOpRequest {
  boardId: string;
  opId: string;
  /** The seq the client's view was at (informational: ops are applied to the latest state). */
  baseSeq: number;
  op: BoardOp;
}

export interface BoardJoinRequest {
  boardId: string;
  /** The seq of the view the client already has (after a reconnect); omit for a fresh view. */
  lastSeq?: number | null;
  /** Staff only: the read-only presenter view for the room's screen. */
  presenter?: boolean;
}

export type BoardJoinResult =
  { mode: 'view'; view: BoardView; serverNow: number } | { mode: 'patches'; patches: BoardPatch[]; serverNow: number };

export interface BoardPresence {
  boardId: string;
  /** Who is connected right now (ephemeral, never stored). Anonymous boards send no ids, and no participant names. */
  people: { id: string | null; name: string | null; role: BoardViewerRole }[];
}

/** Events the server sends on the `/boards` namespace. */
export type BoardServerEvents = {
  patch: (patch: BoardPatch) => void;
  presence: (presence: BoardPresence) => void;
};

/** Events the client sends on the `/boards` namespace (each with an acknowledgement). */
export type BoardClientEvents = {
  join: (req: BoardJoinRequest, ack: (res: RealtimeAck<BoardJoinResult>) => void) => void;
  leave: (req: { boardId: string }, ack: (res: RealtimeAck) => void) => void;
  op: (req: BoardOpRequest, ack: (res: RealtimeAck<{ seq: number }>) => void) => void;
  /** Server clock (epoch ms), for the timer's skew correction. */
  clock: (ack: (serverNow: number) => void) => void;
};

export const BOARDS_NAMESPACE = '/boards';

// ---- REST -----------------------------------------------------------------------------------

export interface CreateBoardRequest {
  template: BoardTemplate;
  title: string;
  /** Attach the board to a session of a programme of the organisation. */
  sessionId?: string | null;
}

export interface BoardSummary {
  id: string;
  title: string;
  template: BoardTemplate;
  sessionId: string | null;
  /** Short code participants type to open the board (`XXXXXX`). */
  code: string;
  status: 'open' | 'closed';
  facilitatorId: string;
  seq: number;
  createdAt: string;
}

export interface BoardTemplateInfo {
  id: BoardTemplate;
  zones: BoardZone[];
  phases: BoardPhase[];
  hidden: boolean;
}

export interface PhotoUploadResult {
  photoId: string;
}
