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

/** `bytes=start-end` against an object of `size` bytes; null when absent, unsatisfiable when out of range. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
