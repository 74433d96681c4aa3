import { ErrorCode } from '@atelier/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { SESSION_COOKIE } from '../auth/session-cookies.js';
import { SessionRevocations } from '../auth/session-revocations.js';

/** The parts of a socket.io handshake authentication looks at (socket.handshake satisfies it). */
export interface HandshakeLike {
  headers: Record<string, string | string[] | undefined>;
  auth?: Record<string, unknown>;
}

/** What the session check needs of a connected socket (socket.io's socket satisfies it). */
export interface TrackedSocket {
  once(event: 'disconnect', listener: () => void): unknown;
  disconnect(close?: boolean): unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What carries revocations to the other API nodes: a socket.io namespace, through its adapter. */
export interface RevocationChannel {
  serverSideEmit(event: string): unknown;
  on(event: string, listener: () => void): unknown;
}
const REVOKED_EVENT = 'atelier:sessions-revoked';

/** What an io middleware's `next(err)` carries to the client's `connect_error`. */
export type HandshakeRejection = Error & { data: { code: ErrorCode; message: string } };

/**
 * Authenticates a socket.io handshake like the HTTP guard authenticates a request: the httpOnly
 * `atelier_session` cookie (browsers, same origin) or `handshake.auth.token` (scripts, tests),
 * resolved by `AuthService.resolve`, so a revoked device or an expired session cannot open a socket.
 * A cookie handshake from another site's page is refused (the cookie is SameSite=Lax, but a
 * websocket is not covered by CORS, so the Origin is checked here).
 *
 * A socket outlives its handshake, so every node also re-checks the sessions of its open sockets
 * (one query for all of them) and disconnects the sockets of a session that was revoked (signed out,
 * a device removed by a trainer, the person removed from the organisation) or expired: at once when
 * the revocation was made on this node (`SessionRevocations`), and every
 * `REALTIME_SESSION_CHECK_SECONDS` for the rest (expiry; other nodes when the adapter cannot carry
 * the news, see `shareRevocations`). The client's reconnection is then refused with the reason.
 */
@Injectable()
export class SocketAuthService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('SocketAuth');
  private readonly publicOrigin: string;
  /** Open sockets on this node by session id. */
  private readonly open = new Map<string, Set<TrackedSocket>>();
  private readonly checkMs: number;
  /** Several API nodes share sockets' rooms through an adapter that can also carry revocations. */
  private readonly multiNode: boolean;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private unsubscribeShared: (() => void) | null = null;
  /** The check running now, and whether another must follow it (a revocation arrived meanwhile). */
  private checking: Promise<unknown> | null = null;
  private checkAgain = false;

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly revocations: SessionRevocations,
  ) {
    this.publicOrigin = new URL(config.publicUrl).origin;
    this.checkMs = config.realtimeSessionCheckSeconds * 1000;
    this.multiNode = config.realtimeAdapter !== 'memory';
  }

  /**
   * Carries this node's revocations to the other API nodes (socket.io `serverSideEmit` through the
   * PostgreSQL or Redis adapter), which then re-check their own sockets at once; and listens for
   * theirs. One namespace is enough: the check covers every socket of the node. With the in-memory
   * adapter there is one node and nobody to tell.
   */
  shareRevocations(channel: RevocationChannel): void {
    if (!this.multiNode) return;
    channel.on(REVOKED_EVENT, () => void this.checkSoon());
    this.unsubscribeShared?.();
    this.unsubscribeShared = this.revocations.subscribe(() => {
      try {
        channel.serverSideEmit(REVOKED_EVENT);
      } catch (e) {
        this.log.warn(`telling the other nodes of a revocation failed: ${(e as Error).message}`);
      }
    });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.checkSoon(), this.checkMs);
    this.timer.unref();
    this.unsubscribe = this.revocations.subscribe(() => void this.checkSoon());
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.unsubscribeShared?.();
  }

  /**
   * Runs a check now, or right after the one running (whose query may predate the revocation);
   * revocations that arrive together share one check. Resolves when the checks asked for are done.
   */
  checkSoon(): Promise<unknown> {
    if (this.checking) {
      this.checkAgain = true;
      return this.checking;
    }
    const run = async (): Promise<void> => {
      do {
        this.checkAgain = false;
        await this.checkSessions().catch((e: unknown) =>
          this.log.warn(`checking the sessions of open sockets failed: ${(e as Error).message}`),
        );
      } while (this.checkAgain);
    };
    this.checking = run().finally(() => (this.checking = null));
    return this.checking;
  }

  /** Remembers an authenticated socket until it disconnects, so a revoked session can close it. */
  track(sessionId: string, socket: TrackedSocket): void {
    let sockets = this.open.get(sessionId);
    if (!sockets) this.open.set(sessionId, (sockets = new Set()));
    sockets.add(socket);
    socket.once('disconnect', () => {
      const set = this.open.get(sessionId);
      set?.delete(socket);
      if (set?.size === 0) this.open.delete(sessionId);
    });
  }

  /** Disconnects the open sockets whose session may no longer be used; returns how many. */
  async checkSessions(): Promise<number> {
    const ids = [...this.open.keys()].filter((id) => UUID.test(id));
    if (ids.length === 0) return 0;
    const active = await this.auth.activeSessions(ids);
    let closed = 0;
    for (const id of ids) {
      if (active.has(id)) continue;
      for (const socket of this.open.get(id) ?? []) {
        socket.disconnect(true);
        closed++;
      }
      this.open.delete(id);
    }
    if (closed > 0) this.log.log(`disconnected ${closed} socket(s) of signed-out sessions`);
    return closed;
  }

  async authenticate(handshake: HandshakeLike): Promise<AuthUser> {
    const explicit = handshake.auth?.['token'];
    if (explicit !== undefined && (typeof explicit !== 'string' || explicit.length === 0 || explicit.length > 200)) {
      throw DomainError.unauthenticated('The sign-in token of this connection is malformed. Sign in again.');
    }
    const cookie = readCookie(header(handshake.headers.cookie), SESSION_COOKIE);
    const token = explicit ?? cookie;
    if (!token) throw DomainError.unauthenticated();
    if (explicit === undefined && !this.sameOrigin(handshake.headers)) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'This connection did not come from the Atelier page. Reload the page and try again.',
      );
    }
    const who = await this.auth.resolve(token);
    if (!who) throw await this.auth.explainRejected(token);
    const { renewedUntil: _, ...user } = who;
    return user;
  }

  /**
   * An io middleware (`server.use(...)`) that authenticates every handshake and stores the person in
   * `socket.data.user`; a refusal reaches the client as `connect_error` with `{code, message}` data.
   */
  middleware(): (
    socket: TrackedSocket & { handshake: HandshakeLike; data: { user?: AuthUser } },
    next: (err?: Error) => void,
  ) => void {
    return (socket, next) => {
      this.authenticate(socket.handshake).then(
        (user) => {
          socket.data.user = user;
          this.track(user.sessionId, socket);
          next();
        },
        (e: unknown) => next(toRejection(e)),
      );
    };
  }

  private sameOrigin(headers: HandshakeLike['headers']): boolean {
    const origin = header(headers.origin);
    if (!origin) return true; // not a browser page (browsers always send Origin on websocket and XHR handshakes)
    if (origin === this.publicOrigin) return true;
    const host = header(headers['x-forwarded-host']) ?? header(headers.host);
    try {
      return host !== undefined && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
}

export function toRejection(e: unknown): HandshakeRejection {
  const domain =
    e instanceof DomainError
      ? e
      : new DomainError(ErrorCode.Internal, 'The server could not check who you are. Try again in a moment.');
  const err = new Error(domain.message) as HandshakeRejection;
  err.data = { code: domain.code, message: domain.message };
  return err;
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The value of one cookie in a Cookie header (no dependency on cookie-parser, which is Express middleware). */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}
