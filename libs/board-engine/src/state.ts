import type { BoardMeta, BoardPhase, BoardReaction, BoardTemplate, BoardZone, SceneDetails } from '@atelier/contracts';
import { Table } from './table.js';

/**
 * The authoritative state of one board, held by the server (and stored as snapshots). It contains
 * everything — hidden cards, authors, every person's dots — so it is never sent to anyone: viewers
 * get `project(state, viewer)`.
 */
export interface BoardState {
  id: string;
  title: string;
  template: BoardTemplate;
  zones: BoardZone[];
  phases: BoardPhase[];
  phaseId: string;
  facilitator: { id: string; name: string };
  hidden: boolean;
  anonymous: boolean;
  locked: boolean;
  vote: BoardMeta['vote'];
  timer: BoardMeta['timer'];
  follow: BoardMeta['follow'];
  /** By card id (a `Table`: each op copies 1/64 of it, not all of it). */
  cards: Table<CardState>;
  groups: Record<string, GroupState>;
  /** Dots: user id → card id → count. */
  votes: Table<Readonly<Record<string, number>>>;
  /** Next creation order for cards and groups. */
  nextOrder: number;
  /** Seq of the last op applied (0 for a new board). */
  seq: number;
}

export interface CardState {
  id: string;
  zoneId: string;
  text: string;
  photoId: string | null;
  details: SceneDetails | null;
  authorId: string;
  authorName: string;
  /** Written while the board was anonymous: its author is never shown, even if anonymity ends. */
  anonymous: boolean;
  /** False while hidden mode keeps it from everyone but its author. */
  revealed: boolean;
  /** Hidden by the facilitator. */
  moderated: boolean;
  groupId: string | null;
  /** Reaction → ids of the people who reacted. */
  reactions: Partial<Record<BoardReaction, string[]>>;
  order: number;
  createdAt: number;
  editedAt: number | null;
}

export interface GroupState {
  id: string;
  zoneId: string;
  title: string;
  order: number;
}

/** Who performs an op (filled in by the server from the authenticated socket, never by the client). */
export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  /** Organisation admins may take facilitation over from an absent facilitator. */
  admin?: boolean;
}

export type ActorKind = 'staff' | 'participant' | 'presenter';

/** Who looks at a board. A staff viewer who is the board's facilitator sees it as the facilitator. */
export interface Viewer {
  userId: string;
  kind: ActorKind;
}

export function isFacilitator(state: BoardState, who: { id?: string; userId?: string; kind: ActorKind }): boolean {
  return who.kind === 'staff' && (who.id ?? who.userId) === state.facilitator.id;
}

/** A state read back from JSON (a stored snapshot): its tables become tables again. */
export function boardStateFromJson(json: BoardState): BoardState {
  return { ...json, cards: Table.from(json.cards), votes: Table.from(json.votes) };
}
