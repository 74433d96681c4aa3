import {
  ErrorCode,
  type AcceptInvitationRequest,
  type InvitationPreview,
  type JoinRequest,
  type Language,
  type LoginRequest,
  type Me,
  normaliseJoinCode,
  Role,
  type SessionKind,
  type UpdateMeRequest,
} from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { csrfTokenFor, newToken, sha256 } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import type { AuthUser } from './auth-user.js';
import { InvitationRepository } from './invitation.repository.js';
import { JoinCodeRepository } from './join-code.repository.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { RateLimiter } from './rate-limiter.js';
import { SessionRevocations } from './session-revocations.js';
import { SessionRepository } from './session.repository.js';
import { UserRepository } from './user.repository.js';

/** What a successful sign-in hands to the controller: the secrets to put in cookies, and who it is. */
export interface SignedIn {
  token: string;
  csrf: string;
  expiresAt: Date;
  me: Me;
}

export interface Client {
  ip: string;
  userAgent: string;
}

/** Failed attempts one address may make per window before it must wait. */
export const LOGIN_ATTEMPTS_PER_IP = 20;
export const JOIN_ATTEMPTS_PER_IP = 20;
export const ATTEMPT_WINDOW_SECONDS = 15 * 60;
/** A session's expiry is pushed forward at most this often, to spare the database a write per request. */
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly joinCodes: JoinCodeRepository,
    private readonly invitations: InvitationRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly throttles: LoginThrottleRepository,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  /**
   * Every attempt is counted before its password is checked — per address in memory, per account
   * and address in the database — so parallel attempts cannot outrun either limit. A right
   * password gives the attempts back.
   */
  async login(dto: LoginRequest, client: Client): Promise<SignedIn> {
    const key = `login:${client.ip}`;
    this.take(key, LOGIN_ATTEMPTS_PER_IP);
    const account = await this.users.findStaffLogin(dto.email);
    if (!account) {
      await this.hasher.burn(dto.password);
      throw this.invalidCredentials();
    }
    const now = this.clock.now();
    const { loginMaxFailures: max, loginLockMinutes: lockMinutes } = this.config;
    const permit = await this.throttles.reserve(account.userId, client.ip, max, now);
    if (!permit.allowed) throw this.locked(permit.lockedUntil ?? this.minutesFrom(now, lockMinutes), now);
    if (!(await this.hasher.verify(account.passwordHash, dto.password))) {
      const lockedUntil = await this.throttles.recordFailure(account.userId, client.ip, max, lockMinutes, now);
      if (lockedUntil) throw this.locked(lockedUntil, now);
      throw this.invalidCredentials();
    }
    if (account.organisationSuspended) throw organisationSuspended();
    this.limiter.forgive(key);
    await this.throttles.clear(account.userId, client.ip);
    return this.startSession(account.userId, account.organisationId, 'password', 'password', now);
  }

  async join(dto: JoinRequest, client: Client): Promise<SignedIn> {
    const key = `join:${client.ip}`;
    this.take(key, JOIN_ATTEMPTS_PER_IP);
    const now = this.clock.now();
    const code = await this.joinCodes.findValid(sha256(normaliseJoinCode(dto.code)), now);
    if (!code || code.role !== Role.Participant) {
      throw new DomainError(
        ErrorCode.InvalidJoinCode,
        'This code does not work. Check the letters, or ask your trainer for a new code.',
      );
    }
    if (code.organisationSuspended) throw organisationSuspended();
    this.limiter.forgive(key);
    const label = (dto.deviceLabel?.trim() || describeDevice(client.userAgent)).slice(0, 80);
    return this.startSession(code.userId, code.organisationId, 'device', label, now);
  }

  async previewInvitation(token: string): Promise<InvitationPreview> {
    const inv = await this.invitations.findOpen(sha256(token), this.clock.now());
    if (!inv) throw this.invitationInvalid();
    return {
      organisationName: inv.organisationName,
      email: inv.email,
      role: inv.role,
      expiresAt: inv.expiresAt.toISOString(),
    };
  }

  async acceptInvitation(token: string, dto: AcceptInvitationRequest, language: Language): Promise<SignedIn> {
    const now = this.clock.now();
    const inv = await this.invitations.findOpen(sha256(token), now);
    if (!inv) throw this.invitationInvalid();
    if (await this.users.emailTaken(inv.email)) {
      throw new DomainError(
        ErrorCode.EmailTaken,
        `An account with ${inv.email} already exists. Sign in with it, or ask your administrator to invite another address.`,
      );
    }
    const passwordHash = await this.hasher.hash(dto.password);
    const userId = await this.invitations.accept({
      invitationId: inv.id,
      now,
      displayName: dto.displayName.trim(),
      passwordHash,
      language,
    });
    if (!userId) throw this.invitationInvalid();
    return this.startSession(userId, inv.organisationId, 'password', 'password', now);
  }

  /**
   * The person behind a session token, or null when the token is unknown, expired or revoked. An
   * active session's expiry slides forward (at most once a minute); `renewedUntil` then tells the
   * caller to renew the cookie too, so a phone in use is never signed out.
   */
  async resolve(token: string): Promise<(AuthUser & { renewedUntil?: Date }) | null> {
    const hash = sha256(token);
    const now = this.clock.now();
    const s = await this.sessions.findActive(hash, now);
    if (!s) return null;
    const who: AuthUser & { renewedUntil?: Date } = {
      userId: s.userId,
      organisationId: s.organisationId,
      role: s.role,
      sessionId: s.sessionId,
      sessionKind: s.kind,
    };
    if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      who.renewedUntil = this.expiryFor(s.kind, now);
      await this.sessions.touch(s.sessionId, now, who.renewedUntil);
    }
    return who;
  }

  /** Which of these sessions may still be used (open sockets are re-checked with this). */
  activeSessions(sessionIds: string[]): Promise<Set<string>> {
    return this.sessions.activeAmong(sessionIds, this.clock.now());
  }

  /** Explains a rejected token: a revoked device gets told so, instead of a bare "sign in". */
  async explainRejected(token: string): Promise<DomainError> {
    if (await this.sessions.ofSuspendedOrganisation(sha256(token), this.clock.now())) return organisationSuspended();
    if (await this.sessions.existsInactive(sha256(token))) {
      return DomainError.unauthenticated(
        'You were signed out on this device. Sign in again, or ask your trainer for a new code.',
      );
    }
    return DomainError.unauthenticated();
  }

  async logout(who: AuthUser): Promise<void> {
    await this.sessions.revoke(who.sessionId, this.clock.now());
    this.revocations.revoked();
  }

  me(who: AuthUser): Promise<Me> {
    return this.profileOf(who.userId, who.organisationId, who.sessionKind);
  }

  private async profileOf(userId: string, organisationId: string, sessionKind: SessionKind): Promise<Me> {
    const p = await this.users.findProfile(userId, organisationId);
    if (!p) throw DomainError.unauthenticated();
    return {
      user: { id: p.id, displayName: p.displayName, email: p.email, preferredLanguage: p.preferredLanguage },
      organisation: { id: p.organisationId, name: p.organisationName },
      role: p.role,
      sessionKind,
      instanceAdmin: p.instanceAdmin,
    };
  }

  async updateMe(who: AuthUser, dto: UpdateMeRequest): Promise<Me> {
    await this.users.updateProfile(who.userId, {
      displayName: dto.displayName?.trim(),
      preferredLanguage: dto.preferredLanguage,
    });
    return this.me(who);
  }

  /** Signs a staff member in right after another context created their account (the first-run setup). */
  startStaffSession(userId: string, organisationId: string): Promise<SignedIn> {
    return this.startSession(userId, organisationId, 'password', 'password', this.clock.now());
  }

  private async startSession(
    userId: string,
    organisationId: string,
    kind: SessionKind,
    label: string,
    now: Date,
  ): Promise<SignedIn> {
    const token = newToken();
    const expiresAt = this.expiryFor(kind, now);
    await this.sessions.create({ userId, organisationId, kind, tokenHash: sha256(token), label, now, expiresAt });
    const me = await this.profileOf(userId, organisationId, kind);
    return { token, csrf: csrfTokenFor(token), expiresAt, me };
  }

  private expiryFor(kind: SessionKind, now: Date): Date {
    const ms = kind === 'device' ? this.config.deviceTokenDays * 86_400_000 : this.config.staffSessionHours * 3_600_000;
    return new Date(now.getTime() + ms);
  }

  private minutesFrom(now: Date, minutes: number): Date {
    return new Date(now.getTime() + minutes * 60_000);
  }

  /** Counts an attempt from this address now (before any await), refusing it when over the limit. */
  private take(key: string, limit: number): void {
    const wait = this.limiter.hit(key, limit, ATTEMPT_WINDOW_SECONDS);
    if (wait > 0) {
      throw new DomainError(
        ErrorCode.RateLimited,
        `Too many failed attempts from this network. Try again in ${minutes(wait)}.`,
        {
          retryAfterSeconds: wait,
        },
      );
    }
  }

  private invalidCredentials(): DomainError {
    return new DomainError(
      ErrorCode.InvalidCredentials,
      'This e-mail and password do not match. Check them and try again.',
    );
  }

  private locked(until: Date, now: Date): DomainError {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return new DomainError(
      ErrorCode.AccountLocked,
      `Too many wrong passwords: this account is locked for ${minutes(seconds)} more.`,
      {
        retryAfterSeconds: seconds,
      },
    );
  }

  private invitationInvalid(): DomainError {
    return new DomainError(
      ErrorCode.InvitationInvalid,
      'This invitation link is used, expired or cancelled. Ask your administrator for a new one.',
    );
  }
}

/** A suspended organisation's people are told so, on sign-in, on join and on their next request. */
export function organisationSuspended(): DomainError {
  return new DomainError(
    ErrorCode.OrganisationSuspended,
    'This organisation is suspended on this Atelier. Ask its administrators or the instance administrator.',
  );
}

function minutes(seconds: number): string {
  const m = Math.ceil(seconds / 60);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/** A readable default label for a device ("Android phone", "iPhone", "Windows computer"). */
export function describeDevice(userAgent: string): string {
  if (/iPhone/i.test(userAgent)) return 'iPhone';
  if (/iPad/i.test(userAgent)) return 'iPad';
  if (/Android/i.test(userAgent)) return /Mobile/i.test(userAgent) ? 'Android phone' : 'Android tablet';
  if (/Windows/i.test(userAgent)) return 'Windows computer';
  if (/Macintosh/i.test(userAgent)) return 'Mac';
  if (/Linux/i.test(userAgent)) return 'Linux computer';
  return 'Device';
}
