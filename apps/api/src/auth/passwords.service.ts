import {
  ErrorCode,
  type AuthOptions,
  type ChangePasswordRequest,
  type CompletePasswordResetRequest,
  type PasswordResetLink,
  type PasswordResetPreview,
} from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { newToken, sha256 } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import type { AuthUser } from './auth-user.js';
import { ATTEMPT_WINDOW_SECONDS, type Client } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordResetMailer } from './password-reset-mailer.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { RateLimiter } from './rate-limiter.js';
import { SessionRevocations } from './session-revocations.js';
import { UserRepository } from './user.repository.js';

/** Wrong current passwords one person may type per window (the session is already signed in). */
export const PASSWORD_CHANGE_ATTEMPTS = 5;
/** "Forgot password" requests one address may send per window. */
export const FORGOT_REQUESTS_PER_IP = 5;

/**
 * Staff passwords after sign-up: changing one's own (the current one required, other sessions
 * ended), reset links issued by an admin (shown to copy, e-mailed when SMTP is set) or asked for
 * by e-mail, each valid `PASSWORD_RESET_HOURS` and once. Using a link unlocks a locked account.
 */
@Injectable()
export class PasswordsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserRepository,
    private readonly resets: PasswordResetRepository,
    private readonly hasher: PasswordHasher,
    private readonly mailer: PasswordResetMailer,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  options(): AuthOptions {
    return { passwordResetByEmail: this.mailer.enabled() };
  }

  async change(who: AuthUser, dto: ChangePasswordRequest): Promise<void> {
    const key = `password:${who.userId}`;
    const wait = this.limiter.wait(key, PASSWORD_CHANGE_ATTEMPTS, ATTEMPT_WINDOW_SECONDS);
    if (wait > 0)
      throw new DomainError(ErrorCode.RateLimited, 'Too many wrong passwords. Try again later.', {
        retryAfterSeconds: wait,
      });
    const current = who.sessionKind === 'password' ? await this.users.passwordHashOf(who.userId) : null;
    if (!current) throw DomainError.forbidden('Only staff accounts have a password.');
    if (!(await this.hasher.verify(current, dto.currentPassword))) {
      this.limiter.hit(key, PASSWORD_CHANGE_ATTEMPTS, ATTEMPT_WINDOW_SECONDS);
      throw new DomainError(ErrorCode.CurrentPasswordWrong, 'Your current password is not right. Type it again.');
    }
    await this.users.changePassword(
      who.userId,
      await this.hasher.hash(dto.newPassword),
      who.sessionId,
      this.clock.now(),
    );
    this.revocations.revoked();
  }

  /** An admin's reset link for a staff member of their organisation. */
  async issueForMember(who: AuthUser, userId: string): Promise<PasswordResetLink> {
    const member = await this.users.findStaffMember(who.organisationId, userId);
    if (!member) throw DomainError.notFound('This staff member');
    const link = await this.newLink(member.userId, who.userId);
    const emailed = await this.mailer.send({
      to: { email: member.email, language: member.preferredLanguage, displayName: member.displayName },
      resetUrl: link.resetUrl,
    });
    return { ...link, emailed };
  }

  /** A fresh link for an account (earlier unused links stop working). Also used for a new organisation's first admin. */
  async newLink(userId: string, createdBy: string | null): Promise<{ resetUrl: string; expiresAt: string }> {
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.passwordResetHours * 3_600_000);
    await this.resets.create({ userId, tokenHash: sha256(token), createdBy, now, expiresAt });
    return { resetUrl: `${this.config.publicUrl}/reset-password/${token}`, expiresAt: expiresAt.toISOString() };
  }

  /**
   * "Forgot password": answers the same whether or not the e-mail is a staff account's (the link
   * only goes to that address). Not offered without SMTP: there would be no way to deliver it.
   */
  async requestByEmail(email: string, client: Client): Promise<void> {
    if (!this.mailer.enabled()) throw DomainError.notFound('Password reset by e-mail');
    const key = `forgot:${client.ip}`;
    const wait = this.limiter.hit(key, FORGOT_REQUESTS_PER_IP, ATTEMPT_WINDOW_SECONDS);
    if (wait > 0)
      throw new DomainError(ErrorCode.RateLimited, 'Too many requests from this network. Try again later.', {
        retryAfterSeconds: wait,
      });
    const contact = await this.users.findStaffContact(email.trim());
    if (!contact) return;
    const link = await this.newLink(contact.userId, null);
    await this.mailer.send({
      to: { email: contact.email, language: contact.preferredLanguage, displayName: contact.displayName },
      resetUrl: link.resetUrl,
    });
  }

  async preview(token: string): Promise<PasswordResetPreview> {
    const open = await this.resets.findOpen(sha256(token), this.clock.now());
    if (!open) throw linkInvalid();
    return {
      displayName: open.displayName,
      email: open.email,
      organisationName: open.organisationName,
      expiresAt: open.expiresAt.toISOString(),
    };
  }

  /** Sets the new password once; the account is unlocked and every session of the person ends. */
  async complete(token: string, dto: CompletePasswordResetRequest): Promise<void> {
    const now = this.clock.now();
    const open = await this.resets.findOpen(sha256(token), now);
    if (!open) throw linkInvalid();
    if (!(await this.resets.complete(open.id, await this.hasher.hash(dto.password), now))) throw linkInvalid();
    this.revocations.revoked();
  }
}

function linkInvalid(): DomainError {
  return new DomainError(
    ErrorCode.ResetLinkInvalid,
    'This link was already used or has expired. Ask your administrator for a new one.',
  );
}
