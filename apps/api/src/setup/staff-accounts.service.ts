import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { newToken } from '../common/secrets.js';
import { StaffAccountsRepository } from './staff-accounts.repository.js';

/** What an operator does to staff accounts from the admin command line. */
@Injectable()
export class StaffAccountsService {
  constructor(
    private readonly accounts: StaffAccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  async setInstanceAdmin(email: string, value: boolean): Promise<void> {
    if (!(await this.accounts.setInstanceAdmin(email.trim(), value))) throw noStaffAccount(email);
  }

  /**
   * Gives the account a new random password (returned once, to hand over), clears any lockout and
   * signs the person out everywhere.
   */
  async resetPassword(email: string): Promise<string> {
    // 24 URL-safe characters of a 256-bit token (144 bits): long enough, and easy to copy.
    const password = newToken().slice(0, 24);
    if (!(await this.accounts.replacePassword(email.trim(), await this.hasher.hash(password), this.clock.now()))) throw noStaffAccount(email);
    this.revocations.revoked();
    return password;
  }
}

function noStaffAccount(email: string): DomainError {
  return DomainError.notFound(`A staff account with the e-mail ${email.trim()}`);
}
