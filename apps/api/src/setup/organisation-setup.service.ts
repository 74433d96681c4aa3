import {
  ErrorCode,
  isLanguage,
  type Language,
  LANGUAGES,
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
  /** Left out or empty: derived from the name. */
  slug?: string;
  languages: string[];
  /** Left out: the first of `languages`. */
  defaultLanguage?: string;
  adminName: string;
  adminEmail: string;
  /** Left out: the admin gets no password and chooses one with a reset link the caller issues. */
  adminPassword?: string;
}

type ValidOrganisation = Required<Omit<NewOrganisation, 'languages' | 'defaultLanguage' | 'slug' | 'adminPassword'>> & {
  slug: string | null;
  languages: Language[];
  defaultLanguage: Language;
  adminPassword: string | null;
};

export interface CreatedOrganisation {
  organisationId: string;
  adminUserId: string;
  signInUrl: string;
}

/** Plain check, not RFC 5322: something@something.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates an organisation with its first admin: the one path under the first-run setup page, the
 * admin command line and the Instance page, so all three apply the same rules.
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
    if (o.slug !== null && (await this.organisations.slugTaken(o.slug))) {
      throw new DomainError(
        ErrorCode.SlugTaken,
        `The address "${o.slug}" is, or was, another organisation's. Choose another one.`,
      );
    }
    if (await this.users.emailTaken(o.adminEmail)) {
      throw new DomainError(
        ErrorCode.EmailTaken,
        `${o.adminEmail} already has an Atelier account. Use another e-mail address for this organisation's admin.`,
      );
    }
    const passwordHash = o.adminPassword === null ? null : await this.hasher.hash(o.adminPassword);
    const created = await this.organisations.create(
      {
        name: o.name,
        slug: o.slug,
        languages: o.languages,
        defaultLanguage: o.defaultLanguage,
        admin: { displayName: o.adminName, email: o.adminEmail, passwordHash, instanceAdmin: opts.instanceAdmin },
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

  private validated(input: NewOrganisation): ValidOrganisation {
    const fields: Record<string, string> = {};
    const name = input.name.trim();
    const slug = input.slug?.trim().toLowerCase() || null;
    const adminName = input.adminName.trim();
    const adminEmail = input.adminEmail.trim().toLowerCase();
    const languages = [...new Set(input.languages.map((l) => l.trim()))];
    if (name.length < 1 || name.length > 120) fields['name'] = 'must be 1 to 120 characters';
    if (slug !== null && (!SLUG_PATTERN.test(slug) || slug.length > MAX_SLUG_LENGTH)) {
      fields['slug'] =
        `must be lower-case letters, digits and single dashes (at most ${MAX_SLUG_LENGTH} characters), e.g. "atelier-gent"`;
    }
    if (languages.length === 0 || !languages.every(isLanguage))
      fields['languages'] = `must be one or more of ${LANGUAGES.join(', ')}`;
    const defaultLanguage = input.defaultLanguage?.trim() ?? languages[0]; // the first one named, before sorting
    if (defaultLanguage !== undefined && !languages.includes(defaultLanguage))
      fields['defaultLanguage'] = "must be one of the organisation's languages";
    if (adminName.length < 1 || adminName.length > 80) fields['adminName'] = 'must be 1 to 80 characters';
    if (!EMAIL.test(adminEmail) || adminEmail.length > 254) fields['adminEmail'] = 'must be an e-mail address';
    const password = input.adminPassword;
    if (password !== undefined && (password.length < PASSWORD_MIN_LENGTH || password.length > 200)) {
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
      languages: LANGUAGES.filter((l) => languages.includes(l)),
      defaultLanguage: defaultLanguage as Language,
      adminName,
      adminEmail,
      adminPassword: password ?? null,
    };
  }
}

export function setupRefused(): DomainError {
  return new DomainError(
    ErrorCode.SetupTokenInvalid,
    'This setup link is not valid (any more). Restart the API to print a new one, or sign in.',
  );
}
