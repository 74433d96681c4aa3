import type { Language } from './languages.js';

export interface CreateParticipantRequest {
  /** A display name; a pseudonym is fine. */
  displayName: string;
  preferredLanguage: Language;
  /** Optional contact details. Never legal status or nationality. */
  phone?: string;
  email?: string;
}

export interface Participant {
  id: string;
  displayName: string;
  preferredLanguage: Language;
  phone: string | null;
  email: string | null;
  createdAt: string;
  activeDevices: number;
}

/** A short code (and its link) a participant types or scans to sign in a phone. */
export interface JoinCode {
  code: string;
  joinUrl: string;
  expiresAt: string;
}

export interface ParticipantWithJoinCode {
  participant: Participant;
  joinCode: JoinCode;
}

export interface Device {
  id: string;
  label: string;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}

/** Join codes use letters and digits that cannot be confused when read aloud or handwritten. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;

/** Upper-cases and strips spaces and dashes so "k7mq-4xtr" and "K7MQ 4XTR" are the same code. */
export function normaliseJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Shows a code as two groups of four: "K7MQ-4XTR". */
export function formatJoinCode(code: string): string {
  const c = normaliseJoinCode(code);
  return c.length > 4 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}
