import { ErrorCode, type SetupRequest, type SetupStatus } from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { AuthService, type SignedIn } from '../auth/auth.service.js';
import { DomainError } from '../common/domain-error.js';
import { newToken, sha256 } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { OrganisationSetupRepository } from './organisation-setup.repository.js';
import { OrganisationSetupService } from './organisation-setup.service.js';

/**
 * The first run of an instance: while no organisation exists, each API start issues a one-time
 * setup link (stored only as a hash; every link issued stays valid until one is used) and the
 * setup page uses it to create the first organisation and its admin, who becomes an instance admin.
 */
@Injectable()
export class FirstRunService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisations: OrganisationSetupRepository,
    private readonly setup: OrganisationSetupService,
    private readonly auth: AuthService,
  ) {}

  /** A new setup link when the instance has no organisation yet; null otherwise. */
  async issueSetupLink(): Promise<string | null> {
    if ((await this.organisations.organisationCount()) > 0) return null;
    const token = newToken();
    await this.organisations.addSetupToken(sha256(token));
    return `${this.config.publicUrl}/setup?token=${token}`;
  }

  async status(token: string): Promise<SetupStatus> {
    if ((await this.organisations.organisationCount()) > 0) return { usable: false, reason: 'already_set_up' };
    if (!token || !(await this.organisations.setupTokenExists(sha256(token))))
      return { usable: false, reason: 'invalid_token' };
    return { usable: true };
  }

  async complete(dto: SetupRequest): Promise<SignedIn> {
    if ((await this.organisations.organisationCount()) > 0) throw alreadySetUp();
    const tokenHash = sha256(dto.token);
    if (!(await this.organisations.setupTokenExists(tokenHash))) {
      throw new DomainError(
        ErrorCode.SetupTokenInvalid,
        'This setup link is not valid (any more). Use the newest link printed by the API.',
      );
    }
    const created = await this.setup.create(
      {
        name: dto.organisationName,
        slug: dto.slug,
        languages: dto.languages,
        adminName: dto.adminName,
        adminEmail: dto.adminEmail,
        adminPassword: dto.adminPassword,
      },
      { instanceAdmin: true, setupTokenHash: tokenHash },
    );
    return this.auth.startStaffSession(created.adminUserId, created.organisationId);
  }
}

function alreadySetUp(): DomainError {
  return new DomainError(
    ErrorCode.SetupDone,
    'This Atelier is already set up. Sign in, or ask an administrator for an invitation.',
  );
}
