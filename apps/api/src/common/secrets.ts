import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@atelier/contracts';
import { createHash, randomBytes, randomInt } from 'node:crypto';

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
