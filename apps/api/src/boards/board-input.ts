import { parseOp } from '@atelier/board-engine';
import { BOARD_LIMITS, ErrorCode, type BoardOp } from '@atelier/contracts';
import { DomainError } from '../common/domain-error.js';

/** Checks of what a socket sends to the `/boards` namespace (ops themselves: `parseOp` in the engine). */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OP_ID = /^[A-Za-z0-9_-]{8,64}$/;

export function object(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw DomainError.invalid('The message must be an object.');
  return v as Record<string, unknown>;
}

/** A malformed board id cannot name a board: "not found", like the HTTP side. */
export function uuid(v: unknown, _name: string): string {
  if (typeof v !== 'string' || !UUID.test(v)) throw DomainError.notFound('This board');
  return v.toLowerCase();
}

export function wholeNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw DomainError.invalid(`${name} must be a whole number, 0 or more.`);
  return v;
}

/** The op id the client generated (a uuid, usually): what makes a retry recognisable. */
export function clientOpId(v: unknown): string {
  if (typeof v !== 'string' || !OP_ID.test(v))
    throw DomainError.invalid('opId must be an id of 8 to 64 letters, digits, "-" or "_" (a uuid).');
  return v;
}

/** A `join` message: the board, the last seq the device has (null: send a whole view), presenter screen or not. */
export function joinMessage(input: unknown): { boardId: string; lastSeq: number | null; presenter: boolean } {
  const req = object(input);
  const boardId = uuid(req['boardId'], 'boardId');
  const lastSeq =
    req['lastSeq'] === undefined || req['lastSeq'] === null ? null : wholeNumber(req['lastSeq'], 'lastSeq');
  if (req['presenter'] !== undefined && typeof req['presenter'] !== 'boolean')
    throw DomainError.invalid('presenter must be true or false.');
  return { boardId, lastSeq, presenter: req['presenter'] === true };
}

/**
 * An `op` message: its size first (the transport accepts larger frames than a board op may be, so
 * an oversize one is answered, not dropped with the connection), then its fields, then the op.
 */
export function opMessage(input: unknown): { boardId: string; opId: string; op: BoardOp } {
  if (Buffer.byteLength(JSON.stringify(input) ?? '') > BOARD_LIMITS.messageBytes) {
    throw new DomainError(
      ErrorCode.BoardMessageTooLarge,
      `A board change can be at most ${BOARD_LIMITS.messageBytes / 1024} kB.`,
    );
  }
  const req = object(input);
  const boardId = uuid(req['boardId'], 'boardId');
  const opId = clientOpId(req['opId']);
  if (req['baseSeq'] !== undefined) wholeNumber(req['baseSeq'], 'baseSeq');
  const parsed = parseOp(req['op']);
  if (!parsed.ok) throw new DomainError(parsed.error.code, parsed.error.message);
  return { boardId, opId, op: parsed.op };
}
