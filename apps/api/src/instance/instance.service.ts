import {
  ErrorCode,
  type CreatedOrganisation,
  type CreateOrganisationRequest,
  type InstanceBackups,
  type InstanceOrganisation,
} from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { PasswordsService } from '../auth/passwords.service.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { UserRepository } from '../auth/user.repository.js';
import { OrganisationSetupService } from '../setup/organisation-setup.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { InstanceRepository, type OrganisationOverview } from './instance.repository.js';

const RECENT_BACKUPS = 5;

/**
 * The Instance page: instance administrators (a flag on a staff account) list every organisation
 * with its members, storage and last activity, create organisations with a first admin, and
 * suspend or reactivate them, and see how the backups went. Everything else stays organisation-scoped.
 */
@Injectable()
export class InstanceService {
  constructor(
    private readonly instance: InstanceRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordsService,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
    private readonly setup: OrganisationSetupService,
  ) {}

  async organisations(who: AuthUser): Promise<InstanceOrganisation[]> {
    await this.requireInstanceAdmin(who);
    return (await this.instance.list()).map(toInstanceOrganisation);
  }

  /** The one organisation-creation path (first-run page, command line and this page share its rules). */
  async create(who: AuthUser, dto: CreateOrganisationRequest): Promise<CreatedOrganisation> {
    await this.requireInstanceAdmin(who);
    const created = await this.setup.create(
      {
        name: dto.name,
        slug: dto.slug,
        languages: dto.languages,
        defaultLanguage: dto.defaultLanguage,
        adminName: dto.admin.displayName,
        adminEmail: dto.admin.email,
      },
      { instanceAdmin: false },
    );
    const link = await this.passwords.newLink(created.adminUserId, who.userId);
    return {
      organisation: await this.overview(created.organisationId),
      adminSetupUrl: link.resetUrl,
      expiresAt: link.expiresAt,
    };
  }

  /** The daily backup job's and the backup command's latest results (the runs themselves, newest first). */
  async backups(who: AuthUser): Promise<InstanceBackups> {
    await this.requireInstanceAdmin(who);
    const [recent, lastSuccessful, scheduled] = await Promise.all([
      this.instance.recentBackups(RECENT_BACKUPS),
      this.instance.lastSuccessfulBackup(),
      this.instance.dailyBackupScheduled(),
    ]);
    return { recent, lastSuccessful, dailyScheduled: scheduled };
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
