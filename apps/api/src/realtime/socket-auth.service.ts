import { ErrorCode } from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { SESSION_COOKIE } from '../auth/session-cookies.js';

/** The parts of a socket.io handshake authentication looks at (socket.handshake satisfies it). */
export interface HandshakeLike {
  headers: Record<string, string | string[] | undefined>;
  auth?: Record<string, unknown>;
}

/** What an io middleware's `next(err)` carries to the client's `connect_error`. */
export type HandshakeRejection = Error & { data: { code: ErrorCode; message: string } };

/**
 * Authenticates a socket.io handshake like the HTTP guard authenticates a request: the httpOnly
 * `atelier_session` cookie (browsers, same origin) or `handshake.auth.token` (scripts, tests),
 * resolved by `AuthService.resolve`, so a revoked device or an expired session cannot open a socket.
 * A cookie handshake from another site's page is refused (the cookie is SameSite=Lax, but a
 * websocket is not covered by CORS, so the Origin is checked here).
 */
@Injectable()
export class SocketAuthService {
  private readonly publicOrigin: string;

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publicOrigin = new URL(config.publicUrl).origin;
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
      throw new DomainError(403, ErrorCode.Forbidden, 'This connection did not come from the Atelier page. Reload the page and try again.');
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
  middleware(): (socket: { handshake: HandshakeLike; data: { user?: AuthUser } }, next: (err?: Error) => void) => void {
    return (socket, next) => {
      this.authenticate(socket.handshake).then(
        (user) => {
          socket.data.user = user;
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
  const domain = e instanceof DomainError ? e : new DomainError(500, ErrorCode.Internal, 'The server could not check who you are. Try again in a moment.');
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
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}
