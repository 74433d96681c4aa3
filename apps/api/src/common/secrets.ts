import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@atelier/contracts';
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** An unguessable bearer secret (256 bits) for cookies, device tokens and invitation links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens and codes are stored only as this hash. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A short code easy to read aloud: 8 characters from a 31-letter alphabet (~2^39 codes). */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/**
 * The CSRF token of a session: derived from the session's own secret, so a token only ever works
 * with the session it was issued for (one planted in a browser, or kept from an earlier sign-in,
 * matches no other session) and nothing needs storing.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('atelier csrf v1').digest('base64url');
}

/** Compares two secrets in constant time. */
export function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
