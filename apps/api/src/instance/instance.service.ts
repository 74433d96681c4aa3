import {
  ErrorCode,
  LANGUAGES,
  type CreatedOrganisation,
  type CreateOrganisationRequest,
  type InstanceOrganisation,
} from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { PasswordsService } from '../auth/passwords.service.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { UserRepository } from '../auth/user.repository.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { InstanceRepository, type OrganisationOverview } from './instance.repository.js';

/**
 * The Instance page: instance administrators (a flag on a staff account) list every organisation
 * with its members, storage and last activity, create organisations with a first admin, and
 * suspend or reactivate them. Everything else stays organisation-scoped.
 */
@Injectable()
export class InstanceService {
  constructor(
    private readonly instance: InstanceRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordsService,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  async organisations(who: AuthUser): Promise<InstanceOrganisation[]> {
    await this.requireInstanceAdmin(who);
    return (await this.instance.list()).map(toInstanceOrganisation);
  }

  async create(who: AuthUser, dto: CreateOrganisationRequest): Promise<CreatedOrganisation> {
    await this.requireInstanceAdmin(who);
    const languages = LANGUAGES.filter((l) => dto.languages.includes(l));
    if (!languages.includes(dto.defaultLanguage)) {
      throw DomainError.invalid("The default language must be one of the organisation's languages.", {
        fields: [{ field: 'defaultLanguage', messages: ['not among languages'] }],
      });
    }
    const email = dto.admin.email.trim().toLowerCase();
    if (await this.users.emailTaken(email)) {
      throw new DomainError(
        ErrorCode.EmailTaken,
        `${email} already has an Atelier account. Choose another address for this organisation's admin.`,
      );
    }
    if (dto.slug && (await this.instance.slugInUse(dto.slug))) {
      throw new DomainError(
        ErrorCode.SlugTaken,
        `The address "${dto.slug}" is, or was, another organisation's. Choose another one.`,
      );
    }
    const created = await this.instance.create({
      name: dto.name.trim(),
      slug: dto.slug ?? null,
      languages,
      defaultLanguage: dto.defaultLanguage,
      admin: { displayName: dto.admin.displayName.trim(), email },
    });
    const link = await this.passwords.newLink(created.adminId, who.userId);
    const organisation = await this.instance.find(created.organisationId);
    return {
      organisation: toInstanceOrganisation(organisation!),
      adminSetupUrl: link.resetUrl,
      expiresAt: link.expiresAt,
    };
  }

  /** Its staff and participants are refused at once (open sockets closed), its public pages answer 404. */
  async suspend(who: AuthUser, id: string): Promise<InstanceOrganisation> {
    await this.requireInstanceAdmin(who);
    if (id === who.organisationId) {
      throw new DomainError(
        ErrorCode.Conflict,
        'You cannot suspend your own organisation: you would lose access to this page.',
      );
    }
    if (!(await this.instance.setSuspended(id, this.clock.now()))) throw DomainError.notFound('This organisation');
    this.revocations.revoked();
    return this.overview(id);
  }

  async reactivate(who: AuthUser, id: string): Promise<InstanceOrganisation> {
    await this.requireInstanceAdmin(who);
    if (!(await this.instance.setSuspended(id, null))) throw DomainError.notFound('This organisation');
    return this.overview(id);
  }

  private async overview(id: string): Promise<InstanceOrganisation> {
    const o = await this.instance.find(id);
    if (!o) throw DomainError.notFound('This organisation');
    return toInstanceOrganisation(o);
  }

  /** Also run by `InstanceAdminGuard` before the request body is validated, so outsiders learn nothing more. */
  async requireInstanceAdmin(who: AuthUser): Promise<void> {
    if (who.sessionKind !== 'password' || !(await this.users.isInstanceAdmin(who.userId))) {
      throw new DomainError(
        ErrorCode.NotInstanceAdmin,
        'Only instance administrators may see and manage every organisation.',
      );
    }
  }
}

function toInstanceOrganisation(o: OrganisationOverview): InstanceOrganisation {
  return {
    ...o,
    createdAt: o.createdAt.toISOString(),
    suspendedAt: o.suspendedAt?.toISOString() ?? null,
    lastActivityAt: o.lastActivityAt?.toISOString() ?? null,
  };
}
