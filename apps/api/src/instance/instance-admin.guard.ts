import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { InstanceService } from './instance.service.js';

/**
 * Refuses anyone but instance administrators (403 not_instance_admin) before the body is validated:
 * runs after the global AuthGuard, which has resolved `req.auth`.
 */
@Injectable()
export class InstanceAdminGuard implements CanActivate {
  constructor(private readonly instance: InstanceService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    await this.instance.requireInstanceAdmin(ctx.switchToHttp().getRequest<{ auth: AuthUser }>().auth);
    return true;
  }
}
