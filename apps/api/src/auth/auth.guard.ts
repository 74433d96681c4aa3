import { ErrorCode, type Role } from '@atelier/contracts';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import { csrfTokenFor, sameSecret } from '../common/secrets.js';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, setCsrfCookie, setSessionCookies } from './session-cookies.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs on every route. Resolves the session from the httpOnly cookie (browsers) or a bearer token
 * (scripts, sockets), enforces the route's roles, and — for cookie sessions — requires the CSRF
 * header on every state-changing request (double-submit: a foreign site can send our cookie but
 * cannot read it to copy into the header). The token is derived from the session's secret, so it
 * is bound to that session.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Socket events: the handshake was authenticated once by SocketAuthService (io middleware).
    if (ctx.getType() === 'ws') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { auth?: AuthUser }>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (!token) throw DomainError.unauthenticated();
    const who = await this.auth.resolve(token);
    if (!who) throw await this.auth.explainRejected(token);
    const csrf = csrfTokenFor(token);
    const sentCookie = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE];
    if (!bearer && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      // The header must carry THIS session's token: a cookie and header that merely agree are not enough.
      if (typeof sent !== 'string' || !sameSecret(sent, csrf)) {
        throw new DomainError(
          ErrorCode.CsrfMismatch,
          'This request did not come from the Atelier page. Reload the page and try again.',
        );
      }
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(who.role)) throw DomainError.forbidden();
    // A renewed session gets its cookies pushed forward; a page holding a token of another session
    // (or of the unbound kind issued before) gets this session's token, so a reload sets it right.
    if (!bearer) {
      const res = ctx.switchToHttp().getResponse<Response>();
      if (who.renewedUntil) setSessionCookies(res, token, csrf, who.renewedUntil, this.config.cookieSecure);
      else if (sentCookie !== csrf) setCsrfCookie(res, csrf, this.config.cookieSecure);
    }
    const { renewedUntil: _, ...auth } = who;
    req.auth = auth;
    return true;
  }
}
