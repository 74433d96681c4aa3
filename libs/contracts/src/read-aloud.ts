/**
 * Read-aloud: the server speaks a screen's main text (espeak-ng) and keeps the audio in storage,
 * addressed by language and the SHA-256 of the normalised text, so the URL is stable and a phone
 * (or the service worker) can cache it forever.
 */

/** The longest text one request may speak: a screen's main sentence or two, not a document. */
export const READ_ALOUD_MAX_CHARS = 400;

/** A language tag as the client sends it (`fr`, `fa-AF`). */
export const READ_ALOUD_LANGUAGE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;

/** The two encodings of every spoken text: Opus for most browsers, AAC for Safari. */
export const READ_ALOUD_FORMATS = ['webm', 'm4a'] as const;
export type ReadAloudFormat = (typeof READ_ALOUD_FORMATS)[number];

export interface ReadAloudRequest {
  language: string;
  text: string;
}

/** How many UI strings one signed-out screen may have read in one go (a title, a lead, a hint). */
export const READ_ALOUD_MAX_KEYS = 4;
export const READ_ALOUD_KEY = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+){1,4}$/;

/**
 * A signed-out screen (join, sign-in) asks for its own UI strings by translation key: the server
 * reads them from the client's translation file, so nobody signed out can have arbitrary text spoken.
 */
export interface ReadAloudScreenRequest {
  language: string;
  keys: string[];
}

/** The text the server speaks for UI strings: each string, in order, one space apart. */
export function joinScreenTexts(texts: string[]): string {
  return normaliseSpokenText(texts.join(' '));
}

/** Where the spoken text lives; both URLs are immutable (same language and text, same bytes). */
export interface ReadAloudAudio {
  language: string;
  hash: string;
  /** Opus in WebM. */
  webm: string;
  /** AAC in MP4, for Safari. */
  m4a: string;
}

/**
 * The one normalisation both sides hash: Unicode NFC, runs of white space made one space, trimmed.
 * The client hashes the same string to find cached audio without asking the server to speak.
 */
export function normaliseSpokenText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function readAloudUrl(language: string, hash: string, format: ReadAloudFormat): string {
  return `/api/read-aloud/${encodeURIComponent(language)}/${hash}.${format}`;
}
