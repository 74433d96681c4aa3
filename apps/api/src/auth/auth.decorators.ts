import type { Role } from '@atelier/contracts';
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'atelier:public';
export const ROLES = 'atelier:roles';

/** No sign-in needed (sign-in itself, join, health, invitation preview). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only these roles in the current organisation. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

/** The signed-in person of this request. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ auth: AuthUser }>().auth;
});

/** Client address and browser, for rate limits and device labels. */
export const ClientInfo = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): { ip: string; userAgent: string } => {
    const req = ctx.switchToHttp().getRequest<{ ip?: string; headers: Record<string, string | undefined> }>();
    return { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] ?? '' };
  },
);
