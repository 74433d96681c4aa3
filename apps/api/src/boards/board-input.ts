import { DomainError } from '../common/domain-error.js';

/** Checks of what a socket sends to the `/boards` namespace (ops themselves: `parseOp` in the engine). */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OP_ID = /^[A-Za-z0-9_-]{8,64}$/;

export function object(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw DomainError.invalid('The message must be an object.');
  return v as Record<string, unknown>;
}

/** A malformed board id cannot name a board: "not found", like the HTTP side. */
export function uuid(v: unknown, _name: string): string {
  if (typeof v !== 'string' || !UUID.test(v)) throw DomainError.notFound('This board');
  return v.toLowerCase();
}

export function wholeNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw DomainError.invalid(`${name} must be a whole number, 0 or more.`);
  return v;
}

/** The op id the client generated (a uuid, usually): what makes a retry recognisable. */
export function clientOpId(v: unknown): string {
  if (typeof v !== 'string' || !OP_ID.test(v)) throw DomainError.invalid('opId must be an id of 8 to 64 letters, digits, "-" or "_" (a uuid).');
  return v;
}
