import {
  BOARD_LIMITS,
  BOARD_REACTIONS,
  ErrorCode,
  SHOT_SIZES,
  type BoardOp,
  type SceneDetails,
} from '@atelier/contracts';
import { invalid, refuse, type EngineError } from './errors.js';

type Result = { ok: true; op: BoardOp } | { ok: false; error: EngineError };

const ID = /^[A-Za-z0-9_-]{8,64}$/;
/** A generous bound before the grapheme count (an emoji can take many code units). */
const MAX_RAW_TEXT = BOARD_LIMITS.cardText * 16;

class Bad extends Error {}
/** Text PostgreSQL cannot store (the op is logged as jsonb): refused before it reaches a batch. */
class Unstorable extends Error {}

/** NUL, or half of a surrogate pair: PostgreSQL's text and jsonb refuse both. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store `text` as text and inside jsonb. */
export function storableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Bad(`${what} must be an object.`);
  return v as Record<string, unknown>;
}

function id(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !ID.test(v))
    throw new Bad(`${key} must be an id of 8 to 64 letters, digits, "-" or "_".`);
  return v;
}

function optId(o: Record<string, unknown>, key: string): string | null {
  return o[key] === null || o[key] === undefined ? null : id(o, key);
}

function str(o: Record<string, unknown>, key: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Bad(`${key} must be text.`);
  if (v.length > max) throw new Bad(`${key} is too long.`);
  if (!storableText(v))
    throw new Unstorable(`${key} contains a character that cannot be saved (NUL or half of an emoji).`);
  return v;
}

function bool(o: Record<string, unknown>, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new Bad(`${key} must be true or false.`);
  return v;
}

function int(o: Record<string, unknown>, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new Bad(`${key} must be a whole number from ${min} to ${max}.`);
  return v;
}

function details(v: unknown): SceneDetails | null {
  if (v === null || v === undefined) return null;
  const o = obj(v, 'details');
  const out: SceneDetails = {};
  for (const k of Object.keys(o))
    if (!['who', 'where', 'shot'].includes(k)) throw new Bad(`details.${k} is not a scene field.`);
  if (o['who'] !== undefined) out.who = str(o, 'who', BOARD_LIMITS.detail * 4);
  if (o['where'] !== undefined) out.where = str(o, 'where', BOARD_LIMITS.detail * 4);
  if (o['shot'] !== undefined) {
    if (!(SHOT_SIZES as readonly unknown[]).includes(o['shot']))
      throw new Bad(`details.shot must be one of ${SHOT_SIZES.join(', ')}.`);
    out.shot = o['shot'] as SceneDetails['shot'];
  }
  return out;
}

/**
 * Checks the shape of an op received from the network and returns a clean copy (unknown fields
 * dropped). Rules that depend on the board (permissions, limits, phases) are the reducer's.
 */
export function parseOp(input: unknown): Result {
  try {
    return { ok: true, op: parse(obj(input, 'op')) };
  } catch (e) {
    if (e instanceof Bad) return invalid(`This change is malformed: ${e.message}`);
    if (e instanceof Unstorable) return refuse(ErrorCode.BoardTextInvalid, `This text cannot be saved: ${e.message}`);
    throw e;
  }
}

function parse(o: Record<string, unknown>): BoardOp {
  const type = o['type'];
  switch (type) {
    case 'card.add': {
      const op: BoardOp = {
        type,
        cardId: id(o, 'cardId'),
        zoneId: str(o, 'zoneId', 64),
        text: str(o, 'text', MAX_RAW_TEXT),
      };
      if (o['photoId'] !== undefined) op.photoId = optId(o, 'photoId');
      if (o['details'] !== undefined) op.details = details(o['details']);
      return op;
    }
    case 'card.edit': {
      const op: BoardOp = { type, cardId: id(o, 'cardId') };
      if (o['text'] !== undefined) op.text = str(o, 'text', MAX_RAW_TEXT);
      if (o['photoId'] !== undefined) op.photoId = optId(o, 'photoId');
      if (o['details'] !== undefined) op.details = details(o['details']);
      if (op.text === undefined && op.photoId === undefined && op.details === undefined)
        throw new Bad('card.edit needs text, photoId or details.');
      return op;
    }
    case 'card.move':
      return { type, cardId: id(o, 'cardId'), zoneId: str(o, 'zoneId', 64) };
    case 'card.delete':
    case 'vote.add':
    case 'vote.remove':
      return { type, cardId: id(o, 'cardId') };
    case 'card.react': {
      const reaction = o['reaction'];
      if (!(BOARD_REACTIONS as readonly unknown[]).includes(reaction))
        throw new Bad(`reaction must be one of ${BOARD_REACTIONS.join(' ')}.`);
      return {
        type,
        cardId: id(o, 'cardId'),
        reaction: reaction as (typeof BOARD_REACTIONS)[number],
        on: bool(o, 'on'),
      };
    }
    case 'card.group':
      return { type, cardId: id(o, 'cardId'), groupId: optId(o, 'groupId') };
    case 'group.create': {
      const ids = o['cardIds'];
      if (!Array.isArray(ids) || ids.length > 100) throw new Bad('cardIds must be a list of at most 100 card ids.');
      const cardIds = ids.map((_, i) => id(ids as unknown as Record<string, unknown>, String(i)));
      return {
        type,
        groupId: id(o, 'groupId'),
        zoneId: str(o, 'zoneId', 64),
        title: str(o, 'title', BOARD_LIMITS.groupTitle * 4),
        cardIds: [...new Set(cardIds)],
      };
    }
    case 'group.rename':
      return { type, groupId: id(o, 'groupId'), title: str(o, 'title', BOARD_LIMITS.groupTitle * 4) };
    case 'group.delete':
      return { type, groupId: id(o, 'groupId') };
    case 'vote.start':
      return {
        type,
        votesPerPerson: int(o, 'votesPerPerson', 1, BOARD_LIMITS.votesPerPerson),
        maxPerCard: int(o, 'maxPerCard', 1, BOARD_LIMITS.maxVotesPerCard),
      };
    case 'vote.end':
    case 'timer.stop':
      return { type };
    case 'phase.set':
      return { type, phaseId: str(o, 'phaseId', 64) };
    case 'timer.start':
      return { type, seconds: int(o, 'seconds', 1, BOARD_LIMITS.timerSeconds) };
    case 'hidden.set':
    case 'anonymous.set':
    case 'lock.set':
      return { type, on: bool(o, 'on') };
    case 'follow.set':
      return {
        type,
        on: bool(o, 'on'),
        zoneId: o['zoneId'] === null || o['zoneId'] === undefined ? null : str(o, 'zoneId', 64),
      };
    case 'card.moderate': {
      const action = o['action'];
      if (action !== 'hide' && action !== 'show' && action !== 'remove')
        throw new Bad('action must be hide, show or remove.');
      return { type, cardId: id(o, 'cardId'), action };
    }
    case 'facilitator.hand': {
      const to = obj(o['to'], 'to');
      return {
        type,
        to: {
          id: id(to, 'id'),
          name: typeof to['name'] === 'string' ? [...str(to, 'name', 4000)].slice(0, 200).join('') : '',
        },
      };
    }
    default:
      throw new Bad(`unknown type ${JSON.stringify(type)?.slice(0, 40) ?? 'undefined'}.`);
  }
}
