import {
  ErrorCode,
  LANGUAGES,
  Role,
  isStaff,
  type ChangeRoleRequest,
  type Invitation,
  type InviteStaffRequest,
  type Member,
  type Organisation,
  type UpdateOrganisationRequest,
} from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { InvitationRepository } from '../auth/invitation.repository.js';
import { UserRepository } from '../auth/user.repository.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { newToken, sha256 } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { OrganisationRepository } from './organisation.repository.js';

@Injectable()
export class OrganisationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisations: OrganisationRepository,
    private readonly invitations: InvitationRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  async get(who: AuthUser): Promise<Organisation> {
    const o = await this.organisations.find(who.organisationId);
    if (!o) throw DomainError.notFound('Your organisation');
    return { ...o, createdAt: o.createdAt.toISOString(), instanceProjectQuotaBytes: this.config.projectQuotaBytes };
  }

  /** Settings: name, address slug (old addresses keep redirecting), languages, the groups' default quota. */
  async update(who: AuthUser, dto: UpdateOrganisationRequest): Promise<Organisation> {
    const current = await this.get(who);
    const languages = dto.languages === undefined ? undefined : LANGUAGES.filter((l) => dto.languages!.includes(l));
    const defaultLanguage = dto.defaultLanguage ?? current.defaultLanguage;
    if (!(languages ?? current.languages).includes(defaultLanguage)) {
      throw DomainError.invalid("The default language must be one of the organisation's languages.", {
        fields: [{ field: 'defaultLanguage', messages: ['not among languages'] }],
      });
    }
    if (dto.projectQuotaBytes != null && dto.projectQuotaBytes < this.config.maxUploadBytes) {
      throw DomainError.invalid(
        `A group's space must hold at least one file of the largest size accepted (${this.config.maxUploadBytes} bytes).`,
        {
          fields: [{ field: 'projectQuotaBytes', messages: ['smaller than MAX_UPLOAD_BYTES'] }],
        },
      );
    }
    const changes = {
      name: dto.name?.trim(),
      slug: dto.slug,
      defaultLanguage: dto.defaultLanguage,
      languages,
      projectQuotaBytes: dto.projectQuotaBytes,
    };
    if (!(await this.organisations.update(who.organisationId, changes))) {
      throw new DomainError(
        ErrorCode.SlugTaken,
        `The address "${dto.slug}" is, or was, another organisation's. Choose another one.`,
      );
    }
    return this.get(who);
  }

  staff(who: AuthUser): Promise<Member[]> {
    return this.organisations.staff(who.organisationId);
  }

  async changeRole(who: AuthUser, userId: string, dto: ChangeRoleRequest): Promise<Member[]> {
    await this.requireStaffMember(who, userId);
    if (!(await this.organisations.changeStaffRole(who.organisationId, userId, dto.role))) throw this.lastAdmin();
    return this.staff(who);
  }

  async removeStaff(who: AuthUser, userId: string): Promise<void> {
    await this.requireStaffMember(who, userId);
    if (!(await this.organisations.removeStaff(who.organisationId, userId, this.clock.now()))) throw this.lastAdmin();
    this.revocations.revoked();
  }

  async invite(who: AuthUser, dto: InviteStaffRequest): Promise<Invitation> {
    const email = dto.email.trim().toLowerCase();
    const now = this.clock.now();
    if (await this.organisations.isMemberByEmail(who.organisationId, email)) {
      throw new DomainError(ErrorCode.Conflict, `${email} is already a member of this organisation.`);
    }
    if (await this.users.emailTaken(email)) {
      // One account belongs to one organisation for now; say so before a link is sent that cannot work.
      throw new DomainError(
        ErrorCode.EmailTaken,
        `${email} already has an Atelier account in another organisation. Invite another address.`,
      );
    }
    if (await this.invitations.pendingForEmail(who.organisationId, email, now)) {
      throw new DomainError(
        ErrorCode.Conflict,
        `${email} already has an open invitation. Cancel it first to send a new one.`,
      );
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.invitationDays * 86_400_000);
    const row = await this.invitations.create({
      organisationId: who.organisationId,
      email,
      role: dto.role,
      tokenHash: sha256(token),
      invitedBy: who.userId,
      expiresAt,
    });
    return { ...this.toInvitation(row), acceptUrl: `${this.config.publicUrl}/invite/${token}` };
  }

  async pendingInvitations(who: AuthUser): Promise<Invitation[]> {
    const rows = await this.invitations.listPending(who.organisationId, this.clock.now());
    return rows.map((r) => this.toInvitation(r));
  }

  async cancelInvitation(who: AuthUser, id: string): Promise<void> {
    if (!(await this.invitations.revoke(who.organisationId, id, this.clock.now())))
      throw DomainError.notFound('This invitation');
  }

  private async requireStaffMember(who: AuthUser, userId: string): Promise<void> {
    const role = await this.organisations.roleOf(who.organisationId, userId);
    if (!role || !isStaff(role)) throw DomainError.notFound('This staff member');
  }

  private lastAdmin(): DomainError {
    return new DomainError(
      ErrorCode.LastAdmin,
      'An organisation needs at least one admin. Make someone else admin first.',
    );
  }

  private toInvitation(r: {
    id: string;
    email: string;
    role: Role;
    expiresAt: Date;
    acceptedAt: Date | null;
  }): Invitation {
    return {
      id: r.id,
      email: r.email,
      role: r.role,
      expiresAt: r.expiresAt.toISOString(),
      acceptedAt: r.acceptedAt?.toISOString() ?? null,
    };
  }
}
