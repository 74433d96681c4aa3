import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { SESSION_COOKIE } from '../auth/session-cookies.js';

/**
 * The raw session token (bearer or cookie) on a public route, or null. Public routes skip the auth
 * guard, yet the catalogue lets signed-in members watch organisation-only work: the service
 * resolves this token itself, without ever requiring one.
 */
export const SessionToken = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return bearer ?? (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE] ?? null;
});

/** `bytes=start-end` against an object of `size` bytes (the same rule as every media route). */
export { parseRange as byteRange } from '../storage/byte-range.js';
