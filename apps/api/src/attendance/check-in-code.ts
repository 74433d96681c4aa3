import { createHmac } from 'node:crypto';

/** The room's code changes this often; a code stays valid for its slot and the one after. */
export const ROTATE_SECONDS = 30;
/** Check-in opens this long before a session starts and closes when it ends. */
export const OPENS_BEFORE_MINUTES = 30;

/** The slot number of an instant. */
export function slotOf(at: Date): number {
  return Math.floor(at.getTime() / (ROTATE_SECONDS * 1000));
}

/**
 * The 6-digit code of a session for a slot: an HMAC of the session id and the slot with the
 * programme's secret, so it cannot be guessed from earlier codes and needs no storage.
 */
export function codeFor(secret: string, sessionId: string, slot: number): string {
  const mac = createHmac('sha256', secret).update(`${sessionId}:${slot}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export type CodeMatch = 'current' | 'expired' | 'none';

/** Whether a typed code is this session's code now (this or the previous slot), or an older one. */
export function matchCode(secret: string, sessionId: string, code: string, now: Date, lookBackSlots = 20): CodeMatch {
  const slot = slotOf(now);
  if (code === codeFor(secret, sessionId, slot) || code === codeFor(secret, sessionId, slot - 1)) return 'current';
  for (let s = slot - 2; s >= slot - lookBackSlots; s--) if (code === codeFor(secret, sessionId, s)) return 'expired';
  return 'none';
}

/** Keeps digits only, so "123 456" or "123-456" work. */
export function normaliseCheckInCode(input: string): string {
  return input.replace(/\D/g, '');
}
