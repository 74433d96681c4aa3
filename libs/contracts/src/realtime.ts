import type { ApiError } from './errors.js';

/**
 * Realtime (socket.io) conventions shared by every feature that pushes live updates.
 *
 * - One socket.io namespace per feature (`/boards`, …); the browser multiplexes them over one
 *   connection to the same origin, authenticated by the `atelier_session` cookie. Scripts and tests
 *   pass `auth: { token }` instead.
 * - A refused handshake arrives as a `connect_error` whose `data` is an `ApiError`
 *   (`unauthenticated`, `forbidden`).
 * - A client → server event that expects an answer takes an acknowledgement callback receiving a
 *   `RealtimeAck<T>`.
 */
export type RealtimeAck<T = Record<string, never>> = ({ ok: true } & T) | { ok: false; error: ApiError };

/** The state of the browser's connection, as the UI shows it. */
export type RealtimeConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** A socket.io event map: event name → listener signature. */
export type RealtimeEventMap = { [event: string]: (...args: never[]) => void };

/** The error a refused handshake carries in `connect_error.data`. */
export type RealtimeHandshakeError = ApiError;
