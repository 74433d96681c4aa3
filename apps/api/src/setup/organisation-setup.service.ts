import {
  ErrorCode,
  isLanguage,
  type Language,
  MAX_SLUG_LENGTH,
  PASSWORD_MIN_LENGTH,
  SLUG_PATTERN,
} from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UserRepository } from '../auth/user.repository.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { OrganisationSetupRepository, type OrganisationSummary } from './organisation-setup.repository.js';

export interface NewOrganisation {
  name: string;
  slug: string;
  languages: string[];
  adminName: string;
  adminEmail: string;
  adminPassword: string;
}

export interface CreatedOrganisation {
  organisationId: string;
  adminUserId: string;
  signInUrl: string;
}

/** Plain check, not RFC 5322: something@something.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates an organisation with its first admin: the one path under the first-run setup page, the
 * admin command line and (later) the Instance page, so all three apply the same rules.
 */
@Injectable()
export class OrganisationSetupService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisations: OrganisationSetupRepository,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * `instanceAdmin`: the admin may also administer the instance (the first-run admin does).
   * `setupTokenHash`: consume the first-run link in the same transaction (refused once used, or
   * once an organisation exists).
   */
  async create(
    input: NewOrganisation,
    opts: { instanceAdmin: boolean; setupTokenHash?: string },
  ): Promise<CreatedOrganisation> {
    const o = this.validated(input);
    if (await this.organisations.slugTaken(o.slug)) {
      throw new DomainError(
        ErrorCode.SlugTaken,
        `The address "${o.slug}" is already used by another organisation. Choose another one.`,
      );
    }
    if (await this.users.emailTaken(o.adminEmail)) {
      throw new DomainError(
        ErrorCode.EmailTaken,
        `${o.adminEmail} already has an Atelier account. Use another e-mail address.`,
      );
    }
    const passwordHash = await this.hasher.hash(o.adminPassword);
    const created = await this.organisations.create(
      {
        name: o.name,
        slug: o.slug,
        languages: o.languages,
        admin: {
          displayName: o.adminName,
          email: o.adminEmail,
          passwordHash,
          language: o.languages[0]!,
          instanceAdmin: opts.instanceAdmin,
        },
      },
      opts.setupTokenHash,
    );
    if (!created) throw setupRefused();
    return {
      organisationId: created.organisationId,
      adminUserId: created.userId,
      signInUrl: `${this.config.publicUrl}/sign-in`,
    };
  }

  list(): Promise<OrganisationSummary[]> {
    return this.organisations.list();
  }

  private validated(input: NewOrganisation): Omit<NewOrganisation, 'languages'> & { languages: Language[] } {
    const fields: Record<string, string> = {};
    const name = input.name.trim();
    const slug = input.slug.trim().toLowerCase();
    const adminName = input.adminName.trim();
    const adminEmail = input.adminEmail.trim().toLowerCase();
    const languages = [...new Set(input.languages.map((l) => l.trim()))];
    if (name.length < 1 || name.length > 120) fields['name'] = 'must be 1 to 120 characters';
    if (!SLUG_PATTERN.test(slug) || slug.length > MAX_SLUG_LENGTH) {
      fields['slug'] =
        `must be lower-case letters, digits and single dashes (at most ${MAX_SLUG_LENGTH} characters), e.g. "atelier-gent"`;
    }
    if (languages.length === 0 || !languages.every(isLanguage))
      fields['languages'] = 'must be one or more of fr, nl, en, ar';
    if (adminName.length < 1 || adminName.length > 80) fields['adminName'] = 'must be 1 to 80 characters';
    if (!EMAIL.test(adminEmail) || adminEmail.length > 254) fields['adminEmail'] = 'must be an e-mail address';
    if (input.adminPassword.length < PASSWORD_MIN_LENGTH || input.adminPassword.length > 200) {
      fields['adminPassword'] = `must be ${PASSWORD_MIN_LENGTH} to 200 characters`;
    }
    const wrong = Object.entries(fields).map(([field, message]) => ({ field, messages: [message] }));
    if (wrong.length > 0) {
      throw DomainError.invalid(
        `Some fields need fixing — ${wrong.map((f) => `${f.field}: ${f.messages[0]}`).join('; ')}`,
        { fields: wrong },
      );
    }
    return {
      name,
      slug,
      languages: languages as Language[],
      adminName,
      adminEmail,
      adminPassword: input.adminPassword,
    };
  }
}

export function setupRefused(): DomainError {
  return new DomainError(
    ErrorCode.SetupTokenInvalid,
    'This setup link is not valid (any more). Restart the API to print a new one, or sign in.',
  );
}
